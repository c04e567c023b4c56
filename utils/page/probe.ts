import { browser, type Browser } from 'wxt/browser';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { mightBeProductPage } from '@/utils/detect/prefilter';
import { classifySender, isMessageOfType, toEnvelope } from '@/utils/messaging/envelope';
import { watchLocation } from '@/utils/page/location-watch';
import { isProductUiLoaded } from '@/utils/page/product-ui-flag';

/** Apps that render the product after load get a few more looks before the probe gives up. */
const LOOK_AGAIN_MS = [400, 1500, 4000];

/**
 * The script every page gets: a cheap look for signs of a product. Only where it finds some (or the
 * shopper set a site rule for this site) does it ask the background to inject the product UI
 * (detector, button, panel), so the many pages that sell nothing never load that code. Looks again
 * after SPA navigation. It reads no settings (storage is closed to content scripts): where it sees no
 * signs, it asks once per page view whether a site rule covers the page. From messages it takes a
 * single yes or no, so it needs no schema library: its size is what every page pays.
 */
export function startProbe(ctx: ContentScriptContext): void {
  let requested = false;
  /** Whether this page view already asked about a site rule (the answer holds until the next navigation). */
  let askedSiteRule = false;
  /** Looks still to come; none left and nothing requested means the probe's "no product" is final. */
  let looksLeft = 0;

  const look = async () => {
    if (requested || isProductUiLoaded() || !ctx.isValid) return;
    const signs = mightBeProductPage(document, location.href);
    if (!signs && askedSiteRule) return;
    askedSiteRule ||= !signs;
    requested = true;
    try {
      const reply: unknown = await browser.runtime.sendMessage(toEnvelope('content.loadProductUi', signs ? {} : { ifSiteRule: true }));
      requested = isLoaded(reply);
    } catch {
      requested = false;
    }
  };

  const lookSoon = () => {
    askedSiteRule = false;
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

/** The background's "loaded": true, and nothing else, counts as the product UI being injected. */
function isLoaded(reply: unknown): boolean {
  const data = typeof reply === 'object' && reply !== null && (reply as { ok?: unknown }).ok === true ? (reply as { data?: unknown }).data : undefined;
  return typeof data === 'object' && data !== null && (data as { loaded?: unknown }).loaded === true;
}
