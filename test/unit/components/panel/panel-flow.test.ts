import { describe, expect, it } from 'vitest';
import { initialPanelState, panelFlow, type PanelEvent, type PanelState } from '@/components/panel/panel-flow';
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

  it('shows a try-on still running for the product instead of starting another', () => {
    const running = job();
    expect(run({ type: 'opened', product, running })).toMatchObject({ jobId: 'job-1', choice: { kind: 'saved' }, view: { name: 'running', job: running } });
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
});
