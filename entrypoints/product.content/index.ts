import { startProductUi } from '@/utils/page/product-ui';
import { isProductUiLoaded, markProductUiLoaded } from '@/utils/page/product-ui-flag';

// Injected by the background (scripting.executeScript) when the probe in entrypoints/probe.content
// sees signs of a product on the page.
export default defineContentScript({
  matches: ['http://*/*', 'https://*/*'],
  registration: 'runtime',
  // The button's CSS goes into its shadow root, never into the store page.
  cssInjectionMode: 'ui',
  main(ctx) {
    if (isProductUiLoaded()) return;
    markProductUiLoaded();
    startProductUi(ctx);
  },
});
