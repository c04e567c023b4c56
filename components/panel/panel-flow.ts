import type { ErrorAction } from '@/components/error-action';
import type { AppErrorData } from '@/utils/errors';
import { isFinished, type Job, type PhotoChoice } from '@/utils/jobs/schema';
import type { CatalogResolution } from '@/utils/catalog/resolution';
import type { HistoryEntry } from '@/utils/history/schema';
import type { Product } from '@/utils/product';

/**
 * The panel's flow as a state machine: what the shopper sees (`view`) and what it is about.
 *
 *   loading -> choose | sku | broken      (the panel learnt its product, or could not)
 *   sku -> running | earlier             (a try-on under the code typed on this page before is shown)
 *   loading -> earlier -> choose         (a finished try-on of this product is shown first; Try again)
 *   choose -> sku                        (the catalog check found none of the page's ids)
 *   sku -> choose | running | earlier    (the shopper typed the product code; a try-on under it is shown)
 *   choose -> running -> done | failed   (a try-on started and finished; cancelled goes back to choose)
 *   failed | done -> choose              (try again, change photo, edit the outfit)
 *
 * Beside the view, `catalog` says what the catalog check (catalog.resolve) found: while it checks or
 * the item is being prepared, the shopper may choose a photo but not start.
 *
 * Pure: usePanelFlow (use-panel-flow.ts) performs the messages and feeds their outcomes back in.
 */
export type PanelView =
  | { name: 'loading' }
  | { name: 'broken'; error: AppErrorData }
  | { name: 'sku'; reason: 'not_found' | 'unknown' }
  /** The catalog check found none of `tried` (or Aiuta refused the product): the manual code entry. */
  | { name: 'sku'; reason: 'not_available'; tried: string[] }
  | { name: 'choose' }
  | { name: 'running'; job: Job }
  | { name: 'done'; job: Job }
  /** A try-on of the same items finished before this panel opened, from the history. */
  | { name: 'earlier'; entry: HistoryEntry }
  | { name: 'failed'; error: AppErrorData };

export type CatalogCheck =
  /** No check: none is set up, the endpoint has none, or the shopper typed the code. */
  | { status: 'unchecked' }
  | { status: 'checking' }
  | { status: 'ready' }
  /** Being added to the catalog; `checks` answers so far since `since` (ms). */
  | { status: 'preparing'; retryAfterS: number; since: number; checks: number }
  | { status: 'failed'; error: AppErrorData };

export interface PanelState {
  view: PanelView;
  product: Product | null;
  /** The SKU a try-on uses: the detected one, or the one the shopper typed. */
  skuId: string;
  /** The code the shopper typed for this product page (before, in this browser session): the code form starts with it. */
  typedSku: string;
  choice: PhotoChoice | null;
  /** The saved photo is picked by itself, except after the shopper was asked to change it. */
  preferSaved: boolean;
  /** The try-on the panel shows; events about other jobs are ignored. */
  jobId: string | null;
  cancelling: boolean;
  /** What happened when the shopper put this product into the outfit. */
  outfitNote?: string;
  catalog: CatalogCheck;
  /** A catalog endpoint is set: the page's ids, and a code the shopper types, are asked about before Start. */
  catalogCheck: boolean;
}

export type PanelEvent =
  /** `enteredSku`: the code the shopper typed on this product's page before (this browser session). */
  | { type: 'opened'; product: Product; running?: Job; earlier?: HistoryEntry; catalogCheck?: boolean; enteredSku?: string }
  | { type: 'catalogChecking' }
  | { type: 'catalogResolved'; resolution: CatalogResolution; at: number }
  /**
   * A try-on of this product under `skuId`, another id than the page's: the one the catalog answered,
   * or the code the shopper typed (its jobs and history use that id).
   */
  | { type: 'foundUnder'; skuId: string; running?: Job; earlier?: HistoryEntry }
  | { type: 'catalogFailed'; error: AppErrorData }
  | { type: 'openFailed'; error: AppErrorData }
  | { type: 'skuEntered'; skuId: string }
  | { type: 'chosen'; choice: PhotoChoice | null }
  | { type: 'started'; job: Job }
  | { type: 'startFailed'; error: AppErrorData }
  | { type: 'jobChanged'; job: Job }
  | { type: 'cancelRequested' }
  | { type: 'cancelFailed'; error: AppErrorData }
  /** The fixes an error offers that need no message (retry, settings and close are effects). */
  | { type: 'errorAction'; action: Extract<ErrorAction, 'change_photo' | 'enter_sku' | 'edit_outfit'> }
  | { type: 'back' }
  | { type: 'outfitNoted'; note: string };

export const initialPanelState: PanelState = {
  view: { name: 'loading' },
  product: null,
  skuId: '',
  typedSku: '',
  choice: null,
  preferSaved: true,
  jobId: null,
  cancelling: false,
  catalog: { status: 'unchecked' },
  catalogCheck: false,
};

/** A try-on can start: the catalog check passed, or there is none. */
export function catalogAllowsStart(catalog: CatalogCheck): boolean {
  return catalog.status === 'unchecked' || catalog.status === 'ready';
}

const generationFailed: AppErrorData = { code: 'generation_failed', message: 'The try-on could not be generated.' };

/** Images that expire within this are not shown again: the shopper would get a broken picture. */
export const reopenMarginMs = 60_000;

/**
 * The result to show first when the panel opens: the newest history entry for exactly these SKUs
 * (the product, with the outfit it would be tried on with), with only its images that have not
 * expired; none when every image of it has expired (then the panel opens on the photo choice).
 */
export function earlierResult(entries: readonly HistoryEntry[], skuIds: readonly string[], now: number): HistoryEntry | undefined {
  const wanted = [...new Set(skuIds)].sort().join('\n');
  const newest = [...entries]
    .filter((entry) => [...new Set(entry.items.map((item) => item.skuId))].sort().join('\n') === wanted)
    .sort((a, b) => b.createdAt - a.createdAt)[0];
  if (!newest) return undefined;
  const images = newest.images.filter((image) => image.url && (image.expiresAt === undefined || image.expiresAt > now + reopenMarginMs));
  return images.length ? { ...newest, images } : undefined;
}

/** The view a job's state calls for. */
function viewOf(job: Job): PanelView {
  if (!isFinished(job)) return { name: 'running', job };
  if (job.status === 'done') return { name: 'done', job };
  if (job.status === 'cancelled') return { name: 'choose' };
  return { name: 'failed', error: job.error ?? generationFailed };
}

function showJob(state: PanelState, job: Job): PanelState {
  if (job.id !== state.jobId) return state;
  return { ...state, view: viewOf(job), cancelling: isFinished(job) ? false : state.cancelling };
}

function resolved(state: PanelState, resolution: CatalogResolution, at: number): PanelState {
  switch (resolution.status) {
    case 'unchecked':
      return { ...state, catalog: { status: 'unchecked' } };
    case 'ready':
      return { ...state, skuId: resolution.skuId, catalog: { status: 'ready' } };
    case 'preparing': {
      const before = state.catalog.status === 'preparing' ? state.catalog : { since: at, checks: 0 };
      return { ...state, skuId: resolution.skuId, catalog: { status: 'preparing', retryAfterS: resolution.retryAfterS, since: before.since, checks: before.checks + 1 } };
    }
    case 'unavailable':
      return { ...state, catalog: { status: 'unchecked' }, view: { name: 'sku', reason: 'not_available', tried: resolution.tried } };
  }
}

export function panelFlow(state: PanelState, event: PanelEvent): PanelState {
  switch (event.type) {
    case 'opened': {
      const opened = { ...state, product: event.product, skuId: event.product.sku, typedSku: event.enteredSku ?? '', catalogCheck: event.catalogCheck === true };
      // A try-on for this product still running (the panel was closed and opened again) is shown, not restarted.
      if (event.running) return showJob({ ...opened, jobId: event.running.id, choice: event.running.photo }, event.running);
      if (!event.product.sku) return { ...opened, view: { name: 'sku', reason: 'not_found' } };
      const view: PanelView = event.earlier ? { name: 'earlier', entry: event.earlier } : { name: 'choose' };
      return { ...opened, view, catalog: event.catalogCheck ? { status: 'checking' } : { status: 'unchecked' } };
    }
    case 'foundUnder': {
      // Only while nothing was started from this panel: the shopper is still choosing for this very id,
      // or is asked for the code and typed this one on the page before (then it is the code from now on).
      if (state.jobId || !(state.view.name === 'sku' || (state.view.name === 'choose' && event.skuId === state.skuId))) return state;
      const found = state.view.name === 'sku' ? { ...state, skuId: event.skuId, catalog: { status: 'unchecked' } as const } : state;
      if (event.running) return showJob({ ...found, jobId: event.running.id, choice: event.running.photo }, event.running);
      return event.earlier ? { ...found, view: { name: 'earlier', entry: event.earlier } } : state;
    }
    case 'catalogChecking':
      return { ...state, catalog: { status: 'checking' } };
    case 'catalogResolved':
      return resolved(state, event.resolution, event.at);
    case 'catalogFailed':
      return { ...state, catalog: { status: 'failed', error: event.error } };
    case 'openFailed':
      return { ...state, view: { name: 'broken', error: event.error } };
    case 'skuEntered':
      return { ...state, skuId: event.skuId, typedSku: event.skuId, view: { name: 'choose' }, catalog: { status: 'unchecked' } };
    case 'chosen':
      return { ...state, choice: event.choice };
    case 'started':
      return showJob({ ...state, jobId: event.job.id, outfitNote: undefined }, event.job);
    case 'startFailed':
      return { ...state, view: { name: 'failed', error: event.error } };
    case 'jobChanged':
      return showJob(state, event.job);
    case 'cancelRequested':
      return { ...state, cancelling: true };
    case 'cancelFailed':
      return { ...state, cancelling: false, view: { name: 'failed', error: event.error } };
    case 'errorAction':
      if (event.action === 'change_photo') return { ...state, choice: null, preferSaved: false, view: { name: 'choose' } };
      if (event.action === 'enter_sku') return { ...state, view: { name: 'sku', reason: 'unknown' } };
      return { ...state, view: { name: 'choose' } };
    case 'back':
      return { ...state, view: { name: 'choose' } };
    case 'outfitNoted':
      return { ...state, outfitNote: event.note };
  }
}
