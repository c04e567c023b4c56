import { browser, type Browser } from 'wxt/browser';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { mightBeProductPage } from '@/utils/detect/prefilter';
import { classifySender, isMessageOfType, toEnvelope } from '@/utils/messaging/envelope';
import { watchLocation } from '@/utils/page/location-watch';
import { isProductUiLoaded } from '@/utils/page/product-ui-flag';
import { settingsKey } from '@/utils/settings/key';
import { findSiteRule } from '@/utils/sites';

/** Apps that render the product after load get a few more looks before the probe gives up. */
const LOOK_AGAIN_MS = [400, 1500, 4000];

/**
 * The script every page gets: a cheap look for signs of a product. Only where it finds some (or the
 * shopper set a site rule for this site) does it ask the background to inject the product UI
 * (detector, button, panel), so the many pages that sell nothing never load that code. Looks again
 * after SPA navigation. It takes no data from messages and reads only the rules' hosts, so it needs
 * no schema library: its size is what every page pays.
 */
export function startProbe(ctx: ContentScriptContext): void {
  let requested = false;
  /** Looks still to come; none left and nothing requested means the probe's "no product" is final. */
  let looksLeft = 0;

  const look = async () => {
    if (requested || isProductUiLoaded() || !ctx.isValid) return;
    const found = mightBeProductPage(document, location.href) || (await hasSiteRule(location.hostname));
    if (!found || requested) return;
    requested = true;
    try {
      await browser.runtime.sendMessage(toEnvelope('content.loadProductUi', {}));
    } catch {
      requested = false;
    }
  };

  const lookSoon = () => {
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

/** Whether a site rule covers this host; `findSiteRule` skips any stored entry without a host name. */
async function hasSiteRule(hostname: string): Promise<boolean> {
  const stored: unknown = (await browser.storage.local.get(settingsKey))[settingsKey];
  const rules: unknown = typeof stored === 'object' && stored !== null ? (stored as { siteRules?: unknown }).siteRules : undefined;
  return Array.isArray(rules) && findSiteRule(rules, hostname) !== undefined;
}
