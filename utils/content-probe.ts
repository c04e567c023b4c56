import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { sendFromContent, serveInContent } from '@/utils/content-channel';
import { mightBeProductPage } from '@/utils/detect/prefilter';
import { matchRule } from '@/utils/detect/site-rule';
import { readPageSettings } from '@/utils/page-ui/page-settings';
import { isProductUiLoaded } from '@/utils/product-ui-flag';

/** Apps that render the product after load get a few more looks before the probe gives up. */
const LOOK_AGAIN_MS = [400, 1500, 4000];

/**
 * The script every page gets: a cheap look for signs of a product. Only where it finds some does it
 * ask the background to inject the product UI (detector, button, panel), so the many pages that
 * sell nothing never load that code. Looks again after SPA navigation.
 */
export function startProductProbe(ctx: ContentScriptContext): void {
  let requested = false;

  const look = async () => {
    if (requested || isProductUiLoaded() || !ctx.isValid) return;
    const found =
      mightBeProductPage(document, location.href) ||
      matchRule((await readPageSettings(location.hostname)).rules, location.hostname) !== undefined;
    if (!found || requested) return;
    requested = true;
    await sendFromContent('content.loadProductUi', {}).catch(() => {
      requested = false;
    });
  };

  const lookSoon = () => {
    void look();
    for (const delay of LOOK_AGAIN_MS) ctx.setTimeout(() => void look(), delay);
  };

  // Until the product UI runs here, the popup hears from the probe: no product on this page.
  ctx.onInvalidated(
    serveInContent({ 'detection.get': () => ({ product: null, host: location.hostname }) }, { active: () => !isProductUiLoaded() }),
  );
  ctx.addEventListener(window, 'wxt:locationchange', lookSoon);
  lookSoon();
}
