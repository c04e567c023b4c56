import { startProbe } from '@/utils/page/probe';

// Runs on every page, so it stays tiny: the product UI (entrypoints/product.content) is injected
// by the background only where this probe sees signs of a product.
export default defineContentScript({
  matches: ['http://*/*', 'https://*/*'],
  runAt: 'document_idle',
  main(ctx) {
    startProbe(ctx);
  },
});
