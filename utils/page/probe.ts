import { browser, type Browser } from 'wxt/browser';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { mightBeProductPage } from '@/utils/detect/prefilter';
import { classifySender, isMessageOfType, toEnvelope } from '@/utils/messaging/envelope';
import { lookOnHints } from '@/utils/page/hinted-looks';
import { watchLocation } from '@/utils/page/location-watch';
import { isProductUiLoaded } from '@/utils/page/product-ui-flag';

/** Apps that render the product after load get a few more looks before the probe gives up. */
const LOOK_AGAIN_MS = [400, 1500, 4000];
/** Later, looks only on a hint (utils/page/hinted-looks.ts): few, since every page, selling or not, pays for them. */
const HINTED_LOOKS = 10;

/**
 * The script every page gets: a cheap look for signs of a product. Only where it finds some does it
 * ask the background to inject the product UI (detector, button, panel), so the many pages that sell
 * nothing never load that code and never wake the worker. Looks again after SPA navigation. It reads
 * no settings (storage is closed to content scripts): on the hosts of the shopper's site rules the
 * background registers the product UI itself (utils/background/site-rule-scripts.ts). It takes no
 * data from messages, so it needs no schema library: its size is what every page pays.
 */
export function startProbe(ctx: ContentScriptContext): void {
  let requested = false;
  /** Looks still to come; none left and nothing requested means the probe's "no product" is final. */
  let looksLeft = 0;

  const look = async () => {
    if (requested || isProductUiLoaded() || !ctx.isValid) return;
    if (!mightBeProductPage(document, location.href)) return;
    requested = true;
    try {
      await browser.runtime.sendMessage(toEnvelope('content.loadProductUi', {}));
    } catch {
      requested = false;
    }
  };

  const hints = lookOnHints(ctx, HINTED_LOOKS, () => !requested && !isProductUiLoaded(), () => void look());

  const lookSoon = () => {
    hints.reset();
    void look();
    looksLeft += LOOK_AGAIN_MS.length;
    for (const delay of LOOK_AGAIN_MS) ctx.setTimeout(() => void look().finally(() => (looksLeft -= 1)), delay);
  };

  // Until the product UI runs here, the popup hears from the probe: no product on this page.
  const answer = (message: unknown, sender: Browser.runtime.MessageSender) => {
    if (isProductUiLoaded() || !isMessageOfType(message, 'detection.get') || classifySender(sender) !== 'extension') return undefined;
    return Promise.resolve({ ok: true, data: { product: null, host: location.hostname, settled: looksLeft === 0 && !requested } });
  };
  browser.runtime.onMessage.addListener(answer);
  ctx.onInvalidated(() => browser.runtime.onMessage.removeListener(answer));
  watchLocation(ctx, lookSoon);
  lookSoon();
}
