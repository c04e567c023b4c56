import { browser } from 'wxt/browser';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { sendFromContent, serveInContent } from '@/utils/messaging/content-channel';
import { detectProduct, watchTargets, type SiteRule } from '@/utils/detect';
import { lookOnHints } from '@/utils/page/hinted-looks';
import { watchLocation } from '@/utils/page/location-watch';
import { openPanelFrame, type PanelFrame } from '@/utils/page/panel-frame';
import { readPageSettings, watchPageSettings, type PageSettings } from '@/utils/page/page-settings';
import { browserMeasure, choosePlacement, type Placement } from '@/utils/page/placement';
import { sameProduct, toProductMessage } from '@/utils/page/product-message';
import { createTryOnButton, type TryOnButton } from '@/utils/page/try-on-button';
import { watchVariant } from '@/utils/page/variant-watch';
import type { Product } from '@/utils/product';

/**
 * After an SPA navigation, and after the first load of an app that renders on the client, the
 * product shows up a little later: look again a few times, then rely on the variant watch.
 */
const LOOK_AGAIN_MS = [60, 250, 600, 1200, 2500];
/**
 * Slower apps (product data fetched after the route changes, on a slow connection) fill the page in
 * later still: a few more looks while no product was found, not counted as pending work (most pages
 * are settled by then). A page that shows its product already needs none: the variant watch follows it.
 */
const LATE_LOOKS_MS = [5000, 10000];
/**
 * Later than that, a page without a product is looked at again on a hint (utils/page/hinted-looks.ts),
 * a change in what detection watches being one too: more than the probe's, as this page showed signs
 * of a product, and a page that keeps changing without ever showing one costs at most that many detections.
 */
const HINTED_LOOKS = 30;
const VARIANT_DEBOUNCE_MS = 150;
/** A page that keeps removing our button gets it back floating from this put-back on. */
const MAX_REMOUNTS = 5;
/**
 * Then this often more (ten in all) before it stays out: a page whose own observer takes out whatever
 * it did not make would otherwise wake ours and its own in turn without end, and hang the tab.
 */
const MAX_FLOATING_REMOUNTS = 5;

/** A complete look reads every source and the gallery: what the click sends for the catalog check. */
function detect(rules: SiteRule[], complete = false): Product | null {
  const detection = detectProduct(document, location.href, rules, { complete });
  return detection ? toProductMessage(detection, location.href) : null;
}

function samePlacement(a: Placement | null, b: Placement): boolean {
  if (!a || a.kind !== b.kind) return false;
  return a.kind === 'anchored' && b.kind === 'anchored' ? a.anchor === b.anchor : a.kind === 'floating' && b.kind === 'floating' && a.corner === b.corner;
}

/**
 * The content script: finds the product on the page, shows the "Try on" button next to it and opens
 * the panel on a real click. Runs again after SPA navigation and variant changes; everything it
 * registers ends with `ctx` (an extension update or reload leaves nothing behind).
 */
export function startProductUi(ctx: ContentScriptContext): void {
  let settings: PageSettings = { disabled: false, rules: [] };
  let product: Product | null = detect(settings.rules);
  let button: TryOnButton | null = null;
  let buttonLoading: Promise<TryOnButton> | null = null;
  let placement: Placement | null = null;
  let panel: PanelFrame | null = null;
  let remounts = 0;
  let pageView = new AbortController();
  let variantTimer: number | undefined;
  let guard: MutationObserver | undefined;
  /** Whether the variant watch is armed for the current product. */
  let watching = false;
  let opening = false;
  /** Work still scheduled or in flight that can change the button: looks, renders, a panel opening. */
  let pending = 1; // the first read of the page settings
  /** Nothing scheduled or in flight: what the page shows now stays until the page or settings change. */
  const settled = () => pending === 0 && !opening;
  const whenDone = <T>(work: Promise<T>): Promise<T> => {
    pending += 1;
    return work.finally(() => (pending -= 1));
  };
  const later = (run: () => void, delay: number) => {
    pending += 1;
    return ctx.setTimeout(() => {
      pending -= 1;
      run();
    }, delay);
  };

  ctx.onInvalidated(
    serveInContent({
      'detection.get': () => ({ product, host: location.hostname, settled: settled() }),
      'panel.close': () => {
        panel?.close();
        return { ok: true as const };
      },
      // Settings preview: what this page yields with the rule being edited (not saved yet).
      'detection.preview': ({ rule }) => ({ product: detect([rule]) }),
    }),
  );
  ctx.onInvalidated(() => {
    guard?.disconnect();
    pageView.abort();
  });

  const getButton = (): Promise<TryOnButton> => {
    buttonLoading ??= createTryOnButton(ctx, {
      label: browser.i18n.getMessage('tryOnButton') || 'Try on',
      onActivate: () => void openPanel(),
      // The page moved, covered or faded the button: put it back where it belongs, and say why nothing opened.
      onRefused: () => {
        placement = null;
        void render();
        button?.showProblem(browser.i18n.getMessage('button_refused') || 'The page changed this button, so it did not open.');
      },
    });
    return buttonLoading;
  };

  const hideButton = () => {
    guard?.disconnect();
    placement = null;
    button?.remove();
  };

  /** Puts the button where it belongs now, or takes it away; does nothing when nothing changed. */
  const render = async () => {
    if (!ctx.isValid) return;
    if (settings.disabled || !product) return hideButton();
    button ??= await getButton();
    if (settings.disabled || !product) return hideButton();
    const next = choosePlacement(document, product.image, browserMeasure(window), button.host ?? undefined);
    const forced = remounts >= MAX_REMOUNTS && next.kind === 'anchored' ? ({ kind: 'floating', corner: 'bottom-right' } as const) : next;
    if (button.host && samePlacement(placement, forced)) return;
    placement = forced;
    button.place(forced);
    guardPlacement();
  };

  /** Re-mounts (bounded) when the page's own rendering throws our button out. */
  const guardPlacement = () => {
    guard?.disconnect();
    const parent = button?.host?.parentNode;
    if (!parent) return;
    // Only the one parent node, childList only: cheap, and blind to the rest of the page.
    guard = new MutationObserver(() => {
      if (button?.host) return;
      guard?.disconnect();
      if (remounts >= MAX_REMOUNTS + MAX_FLOATING_REMOUNTS) return;
      remounts += 1;
      placement = null;
      void whenDone(render());
    });
    guard.observe(parent, { childList: true });
  };

  /** What the toolbar icon of this tab was last told (top frame only): undefined = not yet, or ask again. */
  let told: boolean | undefined;
  const tellProductFound = () => {
    const found = !settings.disabled && product !== null;
    if (window.top !== window || told === found) return;
    told = found;
    void whenDone(sendFromContent('content.productFound', { found }).catch(() => (told = undefined)));
  };

  /** Detects again and, if the product or page changed, re-renders and re-arms the variant watch. */
  const refresh = () => {
    if (!ctx.isValid) return;
    const next = detect(settings.rules);
    const changed = !sameProduct(product, next);
    product = next;
    tellProductFound();
    if (changed) placement = null;
    void whenDone(render());
    if (changed || !watching) watchForVariants();
  };

  const watchForVariants = () => {
    pageView.abort();
    pageView = new AbortController();
    watching = product !== null;
    const isOwn = (node: Node) => node === button?.host;
    // No product yet: the same elements only hint that one may have come (re-armed at every look,
    // as the page fills in what there is to watch).
    if (!product) return watchVariant(document, watchTargets(document, settings.rules), hints.hint, pageView.signal, isOwn);
    watchVariant(document, watchTargets(document, settings.rules), () => {
      if (variantTimer !== undefined) {
        clearTimeout(variantTimer);
        pending -= 1;
      }
      variantTimer = later(() => {
        variantTimer = undefined;
        refresh();
      }, VARIANT_DEBOUNCE_MS);
    }, pageView.signal, isOwn);
  };

  const openPanel = async () => {
    // A double click must not open two panels (or ask the background for two sessions).
    if (!product || panel?.isOpen || opening) return;
    // A panel the page took out of the document counts as closed: end it, and open a new one.
    panel?.close();
    // Look once more at the click (well under a millisecond): an app that renders on the client may
    // have filled in the product code, or the shopper picked a variant, since the last look.
    product = detect(settings.rules, true) ?? product;
    opening = true;
    // The panel is about the page clicked on, as it was: an app that moves to another address (a
    // link, Back) while the background answers has left that page, and a shopper who switched the
    // site off meanwhile (the button went away) or a page that no longer shows a product took the
    // button's reason away, so nothing opens (the session the background kept expires unread).
    const address = location.href;
    try {
      const { sessionId } = await sendFromContent('panel.open', { product });
      if (location.href !== address || settings.disabled || !product || !ctx.isValid) {
        button?.setExpanded(false);
        return;
      }
      button?.setExpanded(true);
      const opened: PanelFrame = openPanelFrame(ctx, {
        sessionId,
        onClosed: () => {
          if (panel !== opened) return;
          panel = null;
          button?.setExpanded(false);
          button?.focus();
        },
      });
      panel = opened;
    } catch (error) {
      // The shopper clicked and nothing opened: say so where they look, beside the button.
      button?.showProblem(browser.i18n.getMessage('button_failed') || String(error));
    } finally {
      opening = false;
    }
  };

  let lateLooks: number[] = [];
  const lookIfNone = () => {
    if (!product) refresh();
  };
  // Looks on a hint are not pending work: most pages are settled long before one comes.
  const hints = lookOnHints(ctx, HINTED_LOOKS, () => !product, refresh);
  const lookAgain = () => {
    for (const delay of LOOK_AGAIN_MS) later(refresh, delay);
    // Only the latest navigation's late looks stay scheduled, and it gets the hinted looks anew.
    for (const timer of lateLooks) clearTimeout(timer);
    lateLooks = LATE_LOOKS_MS.map((delay) => ctx.setTimeout(lookIfNone, delay));
    hints.reset();
  };
  watchLocation(ctx, () => {
    // The panel is about the product of the page it was opened on; at another address (a link in
    // an app that renders on the client, Back) that page is gone.
    panel?.close();
    lookAgain();
  });

  const useSettings = (next: PageSettings) => {
    settings = next;
    // The connection may have been set up meanwhile: the icon's look for this tab depends on it.
    told = undefined;
    if (settings.disabled) panel?.close();
    refresh();
  };
  ctx.onInvalidated(watchPageSettings(useSettings));
  // A page kept in the back/forward cache heard nothing while it was frozen (the shopper may have
  // switched its site off or changed a rule meanwhile), and the browser reset the tab's icon: back
  // on screen, it asks for its settings again and tells the icon afresh.
  window.addEventListener(
    'pageshow',
    (event) => {
      if (!event.persisted) return;
      told = undefined;
      void whenDone(readPageSettings().then(useSettings, refresh));
    },
    { signal: ctx.signal },
  );
  readPageSettings()
    .then((stored) => {
      settings = stored;
      refresh();
    })
    .catch(() => refresh())
    .finally(() => {
      pending -= 1;
      lookAgain();
    });
}
