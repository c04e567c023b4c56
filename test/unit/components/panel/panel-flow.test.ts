import { describe, expect, it } from 'vitest';
import { catalogAllowsStart, earlierResult, initialPanelState, panelFlow, type PanelEvent, type PanelState } from '@/components/panel/panel-flow';
import type { HistoryEntry } from '@/utils/history/schema';
import type { Job } from '@/utils/jobs/schema';
import type { Product } from '@/utils/product';

const product: Product = { sku: 'LS-1001', ids: [{ kind: 'sku', value: 'LS-1001', source: 'json-ld' }], name: 'Linen Shirt' };
const job = (patch: Partial<Job> = {}): Job => ({
  id: 'job-1',
  status: 'generating',
  items: [{ skuId: 'LS-1001' }],
  photo: { kind: 'saved' },
  createdAt: 1,
  updatedAt: 1,
  stageStartedAt: 1,
  ...patch,
});
const run = (...events: PanelEvent[]): PanelState => events.reduce(panelFlow, initialPanelState);

describe('the panel flow', () => {
  it('opens on the photo choice for a product with a SKU, and asks for the code without one', () => {
    expect(run({ type: 'opened', product }).view).toEqual({ name: 'choose' });
    expect(run({ type: 'opened', product: { ...product, sku: '' } }).view).toEqual({ name: 'sku', reason: 'not_found' });
    const typed = run({ type: 'opened', product: { ...product, sku: '' } }, { type: 'skuEntered', skuId: 'TYPED-1' });
    expect(typed).toMatchObject({ skuId: 'TYPED-1', view: { name: 'choose' } });
  });

  describe('with a code the shopper typed', () => {
    const noCode: PanelEvent = { type: 'opened', product: { ...product, sku: '' } };
    const typed: PanelEvent = { type: 'skuEntered', skuId: 'TYPED-1' };

    it('shows a try-on under that code still running instead of a second Start, else its earlier result', () => {
      const running = job({ items: [{ skuId: 'TYPED-1' }] });
      expect(run(noCode, typed, { type: 'foundUnder', skuId: 'TYPED-1', running })).toMatchObject({
        skuId: 'TYPED-1',
        jobId: 'job-1',
        choice: { kind: 'saved' },
        view: { name: 'running', job: running },
      });
      const earlier: HistoryEntry = { id: 'h-1', jobId: 'job-0', items: [{ skuId: 'TYPED-1' }], images: [{ id: 'img-1', url: 'https://cdn.example/1.jpg' }], createdAt: 1 };
      const shown = run(noCode, typed, { type: 'foundUnder', skuId: 'TYPED-1', earlier });
      expect(shown).toMatchObject({ skuId: 'TYPED-1', view: { name: 'earlier', entry: earlier } });
      // Try again: the photo choice, for the typed code.
      expect(panelFlow(shown, { type: 'back' })).toMatchObject({ skuId: 'TYPED-1', view: { name: 'choose' } });
    });

    it('starts the code form from the code typed on this page before, and shows a try-on under it instead', () => {
      const reopened = run({ ...noCode, enteredSku: 'TYPED-1' } as PanelEvent);
      expect(reopened).toMatchObject({ typedSku: 'TYPED-1', skuId: '', view: { name: 'sku', reason: 'not_found' } });
      const running = job({ items: [{ skuId: 'TYPED-1' }] });
      expect(panelFlow(reopened, { type: 'foundUnder', skuId: 'TYPED-1', running })).toMatchObject({ skuId: 'TYPED-1', jobId: 'job-1', view: { name: 'running', job: running } });
      const earlier: HistoryEntry = { id: 'h-1', jobId: 'job-0', items: [{ skuId: 'TYPED-1' }], images: [{ id: 'img-1', url: 'https://cdn.example/1.jpg' }], createdAt: 1 };
      const shown = panelFlow(reopened, { type: 'foundUnder', skuId: 'TYPED-1', earlier });
      expect(shown).toMatchObject({ skuId: 'TYPED-1', view: { name: 'earlier', entry: earlier } });
      expect(panelFlow(shown, { type: 'back' })).toMatchObject({ skuId: 'TYPED-1', view: { name: 'choose' } });
    });

    it('ignores what was found under a code the shopper has since replaced', () => {
      const retyped = run(noCode, typed, { type: 'errorAction', action: 'enter_sku' }, { type: 'skuEntered', skuId: 'TYPED-2' });
      expect(panelFlow(retyped, { type: 'foundUnder', skuId: 'TYPED-1', running: job({ items: [{ skuId: 'TYPED-1' }] }) })).toBe(retyped);
    });
  });

  it('shows a try-on still running for the product instead of starting another', () => {
    const running = job();
    expect(run({ type: 'opened', product, running })).toMatchObject({ jobId: 'job-1', choice: { kind: 'saved' }, view: { name: 'running', job: running } });
  });

  describe('reopened on a product with a finished try-on', () => {
    const now = 1_000_000;
    const entry = (patch: Partial<HistoryEntry> = {}): HistoryEntry => ({
      id: 'h-1',
      jobId: 'job-0',
      items: [{ skuId: 'LS-1001' }],
      createdAt: 500,
      images: [{ id: 'img-1', url: 'https://cdn.example/1.jpg', expiresAt: now + 10 * 60_000 }],
      ...patch,
    });

    it('shows the newest result for exactly these items first; Try again leads to the photo choice', () => {
      const older = entry({ id: 'h-old', createdAt: 100 });
      const newest = entry({ id: 'h-new', createdAt: 900 });
      const outfit = entry({ id: 'h-outfit', createdAt: 950, items: [{ skuId: 'LS-1001' }, { skuId: 'JEANS-2' }] });
      const other = entry({ id: 'h-other', createdAt: 990, items: [{ skuId: 'DRESS-3' }] });
      expect(earlierResult([older, outfit, newest, other], ['LS-1001'], now)?.id).toBe('h-new');
      expect(earlierResult([older, outfit, newest, other], ['JEANS-2', 'LS-1001'], now)?.id).toBe('h-outfit');
      expect(earlierResult([other], ['LS-1001'], now)).toBeUndefined();

      const shown = run({ type: 'opened', product, earlier: newest });
      expect(shown.view).toEqual({ name: 'earlier', entry: newest });
      expect(panelFlow(shown, { type: 'back' }).view).toEqual({ name: 'choose' });
    });

    it('leaves out pictures that have expired or expire within a minute, and opens on the photo choice when none is left', () => {
      const mixed = entry({
        images: [
          { id: 'gone', url: 'https://cdn.example/gone.jpg', expiresAt: now - 1 },
          { id: 'soon', url: 'https://cdn.example/soon.jpg', expiresAt: now + 59_999 },
          { id: 'live', url: 'https://cdn.example/live.jpg', expiresAt: now + 60_001 },
          { id: 'no-expiry', url: 'https://cdn.example/kept.jpg' },
        ],
      });
      expect(earlierResult([mixed], ['LS-1001'], now)?.images.map((image) => image.id)).toEqual(['live', 'no-expiry']);
      const expired = entry({ images: [{ id: 'gone', url: 'https://cdn.example/gone.jpg', expiresAt: now - 1 }] });
      expect(earlierResult([expired], ['LS-1001'], now)).toBeUndefined();
      expect(run({ type: 'opened', product, earlier: undefined }).view).toEqual({ name: 'choose' });
    });

    it('prefers a try-on still running over an earlier result', () => {
      expect(run({ type: 'opened', product, running: job(), earlier: entry() }).view.name).toBe('running');
    });
  });

  it('says what broke when the panel cannot learn its product', () => {
    const error = { code: 'panel_session_unknown', message: 'expired' } as const;
    expect(run({ type: 'openFailed', error }).view).toEqual({ name: 'broken', error });
  });

  it('follows its own job to the result, and ignores everybody else\'s', () => {
    const started = run({ type: 'opened', product }, { type: 'outfitNoted', note: 'old note' }, { type: 'started', job: job({ status: 'queued' }) });
    expect(started).toMatchObject({ jobId: 'job-1', outfitNote: undefined, view: { name: 'running' } });
    const other = panelFlow(started, { type: 'jobChanged', job: job({ id: 'job-2', status: 'done' }) });
    expect(other).toBe(started);
    const done = panelFlow(started, { type: 'jobChanged', job: job({ status: 'done', result: [{ id: 'g', url: 'https://cdn.example/g.jpg' }] }) });
    expect(done.view).toMatchObject({ name: 'done' });
  });

  it('ends a failed job on its error, and a cancelled one back on the choice', () => {
    const started = run({ type: 'opened', product }, { type: 'started', job: job() });
    const error = { code: 'abort_no_people', message: 'no one' } as const;
    expect(panelFlow(started, { type: 'jobChanged', job: job({ status: 'failed', error }) }).view).toEqual({ name: 'failed', error });
    const cancelling = panelFlow(started, { type: 'cancelRequested' });
    expect(cancelling.cancelling).toBe(true);
    const cancelled = panelFlow(cancelling, { type: 'jobChanged', job: job({ status: 'cancelled' }) });
    expect(cancelled).toMatchObject({ cancelling: false, view: { name: 'choose' } });
  });

  it('applies the fix an error offers: another photo, another code, the outfit', () => {
    const failed = run({ type: 'opened', product }, { type: 'chosen', choice: { kind: 'saved' } }, { type: 'startFailed', error: { code: 'photo_missing', message: 'x' } });
    expect(panelFlow(failed, { type: 'errorAction', action: 'change_photo' })).toMatchObject({ choice: null, preferSaved: false, view: { name: 'choose' } });
    expect(panelFlow(failed, { type: 'errorAction', action: 'enter_sku' }).view).toEqual({ name: 'sku', reason: 'unknown' });
    expect(panelFlow(failed, { type: 'errorAction', action: 'edit_outfit' }).view).toEqual({ name: 'choose' });
    expect(panelFlow(failed, { type: 'back' }).view).toEqual({ name: 'choose' });
  });

  describe('with a catalog check', () => {
    const opened: PanelEvent = { type: 'opened', product, catalogCheck: true };

    it('checks first; the photo can be chosen meanwhile, the try-on cannot start', () => {
      const checking = run(opened, { type: 'chosen', choice: { kind: 'saved' } });
      expect(checking).toMatchObject({ view: { name: 'choose' }, catalog: { status: 'checking' }, choice: { kind: 'saved' } });
      expect(catalogAllowsStart(checking.catalog)).toBe(false);
      expect(run({ type: 'opened', product }).catalog).toEqual({ status: 'unchecked' });
    });

    it('tries on the id the catalog answered (the second one on the page, say)', () => {
      const ready = run(opened, { type: 'catalogResolved', resolution: { status: 'ready', skuId: 'GTIN-2' }, at: 5 });
      expect(ready).toMatchObject({ skuId: 'GTIN-2', catalog: { status: 'ready' }, view: { name: 'choose' } });
      expect(catalogAllowsStart(ready.catalog)).toBe(true);
    });

    it('shows a try-on made under the id the catalog answered: one still running instead of a second Start, else the earlier result', () => {
      const answered: PanelEvent = { type: 'catalogResolved', resolution: { status: 'ready', skuId: 'GTIN-2' }, at: 5 };
      const running = job({ items: [{ skuId: 'GTIN-2' }] });
      expect(run(opened, answered, { type: 'foundUnder', skuId: 'GTIN-2', running })).toMatchObject({ jobId: 'job-1', view: { name: 'running', job: running } });
      const earlier: HistoryEntry = { id: 'h-1', jobId: 'job-0', items: [{ skuId: 'GTIN-2' }], images: [{ id: 'img-1', url: 'https://cdn.example/1.jpg' }], createdAt: 1 };
      expect(run(opened, answered, { type: 'foundUnder', skuId: 'GTIN-2', earlier }).view).toEqual({ name: 'earlier', entry: earlier });
      // Never over what this panel already shows: a try-on it started, or another view.
      const started = run(opened, answered, { type: 'started', job: job({ id: 'job-2' }) });
      expect(panelFlow(started, { type: 'foundUnder', skuId: 'GTIN-2', running })).toBe(started);
      const shown = run(opened, answered, { type: 'foundUnder', skuId: 'GTIN-2', earlier });
      expect(panelFlow(shown, { type: 'foundUnder', skuId: 'GTIN-2', running })).toBe(shown);
    });

    it('shows a try-on found under an id only while the panel still chooses for that id', () => {
      const answered: PanelEvent = { type: 'catalogResolved', resolution: { status: 'ready', skuId: 'GTIN-2' }, at: 5 };
      const earlier: HistoryEntry = { id: 'h-1', jobId: 'job-0', items: [{ skuId: 'OLD-ID' }], images: [{ id: 'img-1', url: 'https://cdn.example/1.jpg' }], createdAt: 1 };
      const choosing = run(opened, answered);
      expect(panelFlow(choosing, { type: 'foundUnder', skuId: 'OLD-ID', earlier })).toBe(choosing);
    });

    it('counts the checks while the item is prepared, from when preparation was first seen, then allows the start', () => {
      const preparing = (at: number, retryAfterS: number): PanelEvent => ({ type: 'catalogResolved', resolution: { status: 'preparing', skuId: 'shop.example:LS-1001', retryAfterS }, at });
      const second = run(opened, preparing(1_000, 5), preparing(6_000, 3));
      expect(second.catalog).toEqual({ status: 'preparing', retryAfterS: 3, since: 1_000, checks: 2 });
      expect(catalogAllowsStart(second.catalog)).toBe(false);
      const ready = panelFlow(second, { type: 'catalogResolved', resolution: { status: 'ready', skuId: 'shop.example:LS-1001' }, at: 9_000 });
      expect(ready).toMatchObject({ skuId: 'shop.example:LS-1001', catalog: { status: 'ready' } });
    });

    it('offers the manual code with the ids tried when the item is not available; a typed code is not checked', () => {
      const unavailable = run(opened, { type: 'catalogResolved', resolution: { status: 'unavailable', reason: 'not_in_catalog', tried: ['A', 'B'] }, at: 1 });
      expect(unavailable.view).toEqual({ name: 'sku', reason: 'not_available', tried: ['A', 'B'] });
      const typed = panelFlow(unavailable, { type: 'skuEntered', skuId: 'C' });
      expect(typed).toMatchObject({ skuId: 'C', typedSku: 'C', view: { name: 'choose' }, catalog: { status: 'unchecked' } });
    });

    it('shows a try-on under the code typed on this page before, once the catalog knows none of the page\'s ids', () => {
      const unavailable = run({ ...opened, enteredSku: 'C' } as PanelEvent, { type: 'catalogResolved', resolution: { status: 'unavailable', reason: 'not_in_catalog', tried: ['A'] }, at: 1 });
      expect(unavailable).toMatchObject({ typedSku: 'C', view: { name: 'sku', reason: 'not_available' } });
      const running = job({ items: [{ skuId: 'C' }] });
      expect(panelFlow(unavailable, { type: 'foundUnder', skuId: 'C', running })).toMatchObject({ skuId: 'C', catalog: { status: 'unchecked' }, view: { name: 'running' } });
    });

    it('keeps a failed check on the choice with its error, and checks again on retry', () => {
      const error = { code: 'catalog_unreachable', message: 'down' } as const;
      const failed = run(opened, { type: 'catalogFailed', error });
      expect(failed).toMatchObject({ view: { name: 'choose' }, catalog: { status: 'failed', error } });
      expect(catalogAllowsStart(failed.catalog)).toBe(false);
      expect(panelFlow(failed, { type: 'catalogChecking' }).catalog).toEqual({ status: 'checking' });
    });

    it('falls back to the page id when the endpoint has no check', () => {
      const unchecked = run(opened, { type: 'catalogResolved', resolution: { status: 'unchecked', skuId: 'LS-1001' }, at: 1 });
      expect(unchecked).toMatchObject({ skuId: 'LS-1001', catalog: { status: 'unchecked' } });
      expect(catalogAllowsStart(unchecked.catalog)).toBe(true);
    });
  });
});
