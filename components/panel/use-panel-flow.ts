import { useEffect, useReducer, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import type { ErrorAction } from '@/components/error-action';
import { cancelJob, useJob } from '@/components/jobs/use-jobs';
import { catalogAllowsStart, earlierResult, initialPanelState, panelFlow, type PanelEvent, type PanelState } from '@/components/panel/panel-flow';
import { readOutfit, useOutfit, type Outfit } from '@/components/panel/use-outfit';
import { toAppError } from '@/utils/errors';
import { t } from '@/utils/i18n';
import { isFinished, type Job, type PhotoChoice } from '@/utils/jobs/schema';
import { sendMessage } from '@/utils/messaging';
import type { HistoryEntry } from '@/utils/history/schema';
import { itemsForTryOn } from '@/utils/outfit/outfit';
import type { Product, TryOnItem } from '@/utils/product';

export interface PanelFlow {
  state: PanelState;
  outfit: Outfit;
  /** The outfit's other items this try-on will dress along with the product on this page. */
  others: TryOnItem[];
  /** The photo the shown result was made from, for the before/after comparison. */
  before: string | undefined;
  enterSku(skuId: string): Promise<void>;
  choose(choice: PhotoChoice | null): void;
  start(): Promise<void>;
  cancel(job: Job): Promise<void>;
  act(action: ErrorAction): void;
  back(): void;
  keepInOutfit(): Promise<void>;
  close(): void;
}

function itemFor(product: Product, skuId: string): TryOnItem {
  return { skuId, name: product.name, image: product.image, pageUrl: product.pageUrl };
}

/**
 * Asks the content script around the frame to close the panel (a tab of its own just closes), only
 * through the extension: a window message would show the page the extension's origin, and the page
 * could hold it back. A task later, so the key or click that asked has finished in this frame first.
 */
function requestClose(sessionId: string): void {
  setTimeout(() => {
    if (window.parent === window) return window.close();
    sendMessage('panel.close', { sessionId }).catch(() => undefined);
  }, 0);
}

/** The settings live in the popup (or an options page when there is one); open them in a tab. */
async function openSettings(): Promise<void> {
  const manifest = browser.runtime.getManifest();
  if (manifest.options_ui || manifest.options_page) await browser.runtime.openOptionsPage();
  else await browser.tabs.create({ url: browser.runtime.getURL('/popup.html') });
}

/** A try-on still running for this product under `skuId` (the panel was closed and opened again). */
async function runningJobFor(skuId: string): Promise<Job | undefined> {
  try {
    const { jobs } = await sendMessage('jobs.list', {});
    return jobs.find((job) => !isFinished(job) && job.items.some((item) => item.skuId === skuId));
  } catch {
    return undefined;
  }
}

/**
 * A finished try-on of this product under `skuId`, with the outfit as it stands, whose pictures have
 * not expired: the panel shows it first. Without history (or on any error) the panel opens on the photo choice.
 */
async function earlierResultFor(product: Product, skuId: string): Promise<HistoryEntry | undefined> {
  try {
    // Read now: when the panel opens, the outfit hook has not loaded the settings (and so the limit) yet.
    const outfit = await readOutfit();
    const skuIds = itemsForTryOn(outfit.items, itemFor(product, skuId), outfit.limit).map((item) => item.skuId);
    const { entries } = await sendMessage('history.list', {});
    return earlierResult(entries, skuIds, Date.now());
  } catch {
    return undefined;
  }
}

/** What this product has from before under `skuId`: a try-on still running, else a finished one to show first. */
async function tryOnsUnder(product: Product, skuId: string): Promise<{ running?: Job; earlier?: HistoryEntry }> {
  if (!skuId) return {};
  const running = await runningJobFor(skuId);
  return running ? { running } : { earlier: await earlierResultFor(product, skuId) };
}

/**
 * What the catalog check says about the panel's product, as an event for the flow. `typedSku`, the
 * code the shopper typed on this page before (when the catalog knew none of the page's), is asked first.
 */
async function resolveCatalog(sessionId: string, typedSku: string | undefined): Promise<PanelEvent> {
  try {
    const { resolution } = await sendMessage('catalog.resolve', typedSku ? { sessionId, typedSku } : { sessionId });
    return { type: 'catalogResolved', resolution, at: Date.now() };
  } catch (error) {
    return { type: 'catalogFailed', error: toAppError(error).toJSON() };
  }
}

/** The panel's flow (panel-flow.ts) with the messages that drive it. */
export function usePanelFlow(sessionId: string): PanelFlow {
  const [state, dispatch] = useReducer(panelFlow, initialPanelState);
  const outfit = useOutfit();
  const job = useJob(state.jobId);
  const [before, setBefore] = useState<string | undefined>(undefined);
  const { product, skuId, choice } = state;

  useEffect(() => {
    if (job) dispatch({ type: 'jobChanged', job });
  }, [job]);

  useEffect(() => {
    (async () => {
      try {
        const { product: opened, catalogCheck, enteredSku } = await sendMessage('panel.session', { sessionId });
        const { running, earlier } = await tryOnsUnder(opened, opened.sku);
        // Where the page shows no code, the one the shopper typed here before is looked under at once.
        const typed = !opened.sku && enteredSku ? await tryOnsUnder(opened, enteredSku) : {};
        dispatch({ type: 'opened', product: opened, running, earlier, catalogCheck, enteredSku });
        if (enteredSku && (typed.running || typed.earlier)) dispatch({ type: 'foundUnder', skuId: enteredSku, ...typed });
        if (!catalogCheck || !opened.sku || running) return;
        // The code typed here before goes first: the page's own ids are those the catalog did not know.
        const resolved = await resolveCatalog(sessionId, enteredSku);
        // The catalog may know the product by another id, under which its try-ons were made and kept
        // (the answer is remembered for the session, so reopening asks nothing). Start waits for it.
        // When it knows none of these ids, the shopper types one: the code typed here before.
        const resolution = resolved.type === 'catalogResolved' ? resolved.resolution : undefined;
        const catalogId = resolution?.status === 'ready' && resolution.skuId !== opened.sku ? resolution.skuId : '';
        const lookUnder = catalogId || (resolution?.status === 'unavailable' ? (enteredSku ?? '') : '');
        const found = lookUnder ? await tryOnsUnder(opened, lookUnder) : {};
        dispatch(resolved);
        if (found.running || found.earlier) dispatch({ type: 'foundUnder', skuId: lookUnder, ...found });
      } catch (error) {
        dispatch({ type: 'openFailed', error: toAppError(error).toJSON() });
      }
    })();
  }, [sessionId]);

  // While the item is being prepared, ask again when the catalog endpoint said to.
  const catalog = state.catalog;
  useEffect(() => {
    if (catalog.status !== 'preparing') return;
    let live = true;
    const timer = setTimeout(async () => {
      const event = await resolveCatalog(sessionId, state.typedSku || undefined);
      if (live) dispatch(event);
    }, catalog.retryAfterS * 1000);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [catalog.status === 'preparing' ? catalog.checks : -1]);

  const recheck = () => {
    dispatch({ type: 'catalogChecking' });
    void resolveCatalog(sessionId, state.typedSku || undefined).then(dispatch);
  };

  useEffect(() => {
    // Esc closes on release: the key's whole press then belongs to the panel, none of it to a frame
    // that is being removed (or to the page, which would see a stray keyup).
    let escapeDown = false;
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key === 'Escape') escapeDown = true;
    };
    const onKeyUp = (event: KeyboardEvent) => {
      if (event.key !== 'Escape' || !escapeDown) return;
      escapeDown = false;
      requestClose(sessionId);
    };
    document.addEventListener('keydown', onKeyDown);
    document.addEventListener('keyup', onKeyUp);
    return () => {
      document.removeEventListener('keydown', onKeyDown);
      document.removeEventListener('keyup', onKeyUp);
    };
  }, [sessionId]);

  // The "before" half of the comparison: the photo the result was made from.
  const doneJob = state.view.name === 'done' ? state.view.job : null;
  useEffect(() => {
    setBefore(undefined);
    if (!doneJob) return;
    if (doneJob.photo.kind === 'model') setBefore(doneJob.photo.url);
    else {
      const photoId = doneJob.photo.photoId;
      sendMessage('photo.list', {})
        .then(({ library }) => setBefore(library.photos.find((photo) => photo.id === (photoId ?? library.chosenId))?.thumbnail))
        .catch(() => setBefore(undefined));
    }
  }, [doneJob?.id]);

  const start = async () => {
    if (!product || !choice || !skuId || !catalogAllowsStart(state.catalog)) return;
    try {
      const items = itemsForTryOn(outfit.items, itemFor(product, skuId), outfit.limit);
      const { job: started } = await sendMessage('tryOn.start', { items, skuCatalogName: product.skuCatalogName, photo: choice });
      dispatch({ type: 'started', job: started });
    } catch (error) {
      dispatch({ type: 'startFailed', error: toAppError(error).toJSON() });
    }
  };

  return {
    state,
    outfit,
    others: product && skuId ? itemsForTryOn(outfit.items, itemFor(product, skuId), outfit.limit).slice(0, -1) : [],
    before,
    async enterSku(entered) {
      // Kept for this page in the browser session, so the panel opened here again starts from it. At
      // worst (the worker did not answer) the shopper types it once more.
      sendMessage('panel.skuEntered', { sessionId, skuId: entered }).catch(() => undefined);
      // Looked up first, as when the panel opens: a try-on under the typed code, still running or
      // finished, is shown in place of the photo choice, so Start cannot pay for it twice.
      const found = product ? await tryOnsUnder(product, entered) : {};
      dispatch({ type: 'skuEntered', skuId: entered });
      if (found.running || found.earlier) dispatch({ type: 'foundUnder', skuId: entered, ...found });
      // With a catalog endpoint, the typed code is asked about as on opening (the token server refuses
      // a try-on of a product its catalog does not hold ready); Start waits for the answer.
      else if (state.catalogCheck) {
        dispatch({ type: 'catalogChecking' });
        dispatch(await resolveCatalog(sessionId, entered));
      }
    },
    choose: (chosen) => dispatch({ type: 'chosen', choice: chosen }),
    start,
    async cancel(running) {
      dispatch({ type: 'cancelRequested' });
      try {
        dispatch({ type: 'jobChanged', job: await cancelJob(running.id) });
      } catch (error) {
        dispatch({ type: 'cancelFailed', error: toAppError(error).toJSON() });
      }
    },
    act(action) {
      switch (action) {
        case 'retry':
          if (state.catalog.status === 'failed') recheck();
          else if (choice && skuId) void start();
          else dispatch({ type: 'back' });
          return;
        case 'open_settings':
          void openSettings();
          return;
        case 'close':
          requestClose(sessionId);
          return;
        default:
          dispatch({ type: 'errorAction', action });
      }
    },
    back: () => dispatch({ type: 'back' }),
    async keepInOutfit() {
      if (!product) return;
      try {
        const result = await outfit.add(itemFor(product, skuId));
        const note = result.ok ? t('panel_outfit_added') : t(result.reason === 'full' ? 'panel_outfit_full' : 'panel_outfit_already', String(outfit.limit));
        dispatch({ type: 'outfitNoted', note });
      } catch (error) {
        dispatch({ type: 'outfitNoted', note: toAppError(error).message });
      }
    },
    close: () => requestClose(sessionId),
  };
}
