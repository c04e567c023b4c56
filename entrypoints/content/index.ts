import { startContentScript } from '@/utils/content';

export default defineContentScript({
  matches: ['http://*/*', 'https://*/*'],
  runAt: 'document_idle',
  // The button's CSS goes into its shadow root, never into the store page.
  cssInjectionMode: 'ui',
  main(ctx) {
    startContentScript(ctx);
  },
});
