// @vitest-environment happy-dom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { describe, expect, it, vi } from 'vitest';
import { usePanelFlow, type PanelFlow } from '@/components/panel/use-panel-flow';
import type { HistoryEntry } from '@/utils/history/schema';
import type { Job } from '@/utils/jobs/schema';
import type { Product } from '@/utils/product';
import { useRenderRoot } from '../../support/render-root';
import { jobFixture } from '../../support/jobs';

const sendMessage = vi.hoisted(() => vi.fn());
vi.mock('@/utils/messaging', () => ({ sendMessage, onEvent: () => () => undefined }));

const dom = useRenderRoot(() => sendMessage.mockReset());

const flush = async () => {
  for (let i = 0; i < 8; i++) await act(() => new Promise((resolve) => setTimeout(resolve, 0)));
};

/** A product page that shows no code: the shopper types it. */
const product: Product = { sku: '', ids: [], name: 'Mystery Scarf', pageUrl: 'https://shop.example/products/mystery-scarf' };
const running: Job = jobFixture({ status: 'generating', items: [{ skuId: 'TYPED-1', name: 'Mystery Scarf' }] });
const earlier: HistoryEntry = {
  id: 'h-1',
  jobId: 'job-0',
  items: [{ skuId: 'TYPED-1', name: 'Mystery Scarf' }],
  images: [{ id: 'img-1', url: 'https://cdn.example/1.jpg' }],
  createdAt: 1,
};

/** The background as the panel sees it: these jobs and this history, and every other message answered. */
function background({ jobs = [] as Job[], entries = [] as HistoryEntry[], enteredSku = undefined as string | undefined } = {}) {
  sendMessage.mockImplementation(async (type: string, data: { jobId?: string }) => {
    if (type === 'panel.session') return { product, catalogCheck: false, enteredSku };
    if (type === 'jobs.list') return { jobs };
    if (type === 'jobs.get') return { job: jobs.find((job) => job.id === data.jobId) ?? null };
    if (type === 'history.list') return { entries };
    return { ok: true };
  });
}

async function openPanel(): Promise<() => PanelFlow> {
  let flow: PanelFlow | undefined;
  function Probe() {
    flow = usePanelFlow('session-1');
    return null;
  }
  render(<Probe />, dom.root);
  await flush();
  return () => flow!;
}

describe('the panel with a product code the shopper types', () => {
  it('shows the try-on still running under the typed code instead of offering Start again', async () => {
    background({ jobs: [running] });
    const flow = await openPanel();
    expect(flow().state.view).toEqual({ name: 'sku', reason: 'not_found' });
    await act(() => flow().enterSku('TYPED-1'));
    await flush();
    // The progress view has no Start (it is offered on the photo choice only).
    expect(flow().state).toMatchObject({ skuId: 'TYPED-1', jobId: 'job-1', view: { name: 'running' } });
  });

  it('shows the earlier result under the typed code first, as for a code the page shows', async () => {
    background({ entries: [earlier] });
    const flow = await openPanel();
    await act(() => flow().enterSku('TYPED-1'));
    await flush();
    expect(flow().state).toMatchObject({ skuId: 'TYPED-1', view: { name: 'earlier', entry: { id: 'h-1' } } });
  });

  it('tells the background the typed code, to keep for this page', async () => {
    background();
    const flow = await openPanel();
    await act(() => flow().enterSku('TYPED-1'));
    expect(sendMessage).toHaveBeenCalledWith('panel.skuEntered', { sessionId: 'session-1', skuId: 'TYPED-1' });
  });

  it('opened again on the page, shows the try-on still running under the code typed there before, without asking for it', async () => {
    background({ jobs: [running], enteredSku: 'TYPED-1' });
    const flow = await openPanel();
    expect(flow().state).toMatchObject({ skuId: 'TYPED-1', jobId: 'job-1', view: { name: 'running' } });
  });

  it('opened again on the page, shows the earlier result under the code typed there before first', async () => {
    background({ entries: [earlier], enteredSku: 'TYPED-1' });
    const flow = await openPanel();
    expect(flow().state).toMatchObject({ skuId: 'TYPED-1', view: { name: 'earlier', entry: { id: 'h-1' } } });
  });

  it('opened again on the page with nothing under the code typed there before, asks for the code starting from it', async () => {
    background({ enteredSku: 'TYPED-1' });
    const flow = await openPanel();
    expect(flow().state).toMatchObject({ skuId: '', typedSku: 'TYPED-1', view: { name: 'sku', reason: 'not_found' } });
  });

  it('opens the photo choice for a typed code with nothing from before', async () => {
    background({ jobs: [{ ...running, items: [{ skuId: 'OTHER' }] }], entries: [{ ...earlier, items: [{ skuId: 'OTHER' }] }] });
    const flow = await openPanel();
    await act(() => flow().enterSku('TYPED-1'));
    await flush();
    expect(flow().state).toMatchObject({ skuId: 'TYPED-1', jobId: null, view: { name: 'choose' } });
  });
});

describe('the panel opened again on a page whose code the catalog did not know, where the shopper typed one', () => {
  const jacket: Product = {
    sku: 'PAGE-1',
    ids: [{ kind: 'sku', value: 'PAGE-1', source: 'json-ld' }],
    name: 'Field Jacket',
    pageUrl: 'https://shop.example/products/field-jacket',
  };

  /**
   * The background with a catalog endpoint that knows only `known`: it answers, as the endpoint does,
   * with the first id asked about that it knows (the typed code, when the panel names one, first).
   */
  function catalogKnowing(known: string[], { typedBefore = 'TYPED-1' as string | null, entries = [] as HistoryEntry[] } = {}) {
    sendMessage.mockImplementation(async (type: string, data: { typedSku?: string }) => {
      if (type === 'panel.session') return { product: jacket, catalogCheck: true, enteredSku: typedBefore ?? undefined };
      if (type === 'catalog.resolve') {
        const asked = [...(data.typedSku ? [data.typedSku] : []), jacket.sku];
        const found = asked.find((id) => known.includes(id));
        return { resolution: found ? { status: 'ready', skuId: found } : { status: 'unavailable', reason: 'not_in_catalog', tried: asked } };
      }
      if (type === 'jobs.list') return { jobs: [] };
      if (type === 'history.list') return { entries };
      return { ok: true };
    });
  }

  it('asks the catalog about the typed code first and starts from it, ready, in place of the page code the catalog did not know', async () => {
    catalogKnowing(['TYPED-1']);
    const flow = await openPanel();
    expect(sendMessage).toHaveBeenCalledWith('catalog.resolve', { sessionId: 'session-1', typedSku: 'TYPED-1' });
    expect(flow().state).toMatchObject({ skuId: 'TYPED-1', typedSku: 'TYPED-1', catalog: { status: 'ready' }, view: { name: 'choose' } });
  });

  it('shows the earlier result under the typed code first, with the catalog saying it is ready', async () => {
    catalogKnowing(['TYPED-1'], { entries: [{ ...earlier, items: [{ skuId: 'TYPED-1', name: 'Field Jacket' }] }] });
    const flow = await openPanel();
    expect(flow().state).toMatchObject({ skuId: 'TYPED-1', catalog: { status: 'ready' }, view: { name: 'earlier', entry: { id: 'h-1' } } });
  });

  it('when the catalog knows neither, asks for the code again, starting from the typed one and naming both as tried', async () => {
    catalogKnowing([]);
    const flow = await openPanel();
    expect(flow().state).toMatchObject({ typedSku: 'TYPED-1', view: { name: 'sku', reason: 'not_available', tried: ['TYPED-1', 'PAGE-1'] } });
  });

  it('asks the catalog the same way again, typed code first, when the shopper retries after it failed', async () => {
    catalogKnowing(['TYPED-1']);
    const answer = sendMessage.getMockImplementation()!;
    let failOnce = true;
    sendMessage.mockImplementation(async (type: string, data: unknown) => {
      if (type === 'catalog.resolve' && failOnce) {
        failOnce = false;
        throw new Error('catalog endpoint unreachable');
      }
      return answer(type, data);
    });
    const flow = await openPanel();
    expect(flow().state.catalog).toMatchObject({ status: 'failed' });
    act(() => flow().act('retry'));
    await flush();
    expect(sendMessage.mock.calls.filter(([type]) => type === 'catalog.resolve').map(([, data]) => data)).toEqual([
      { sessionId: 'session-1', typedSku: 'TYPED-1' },
      { sessionId: 'session-1', typedSku: 'TYPED-1' },
    ]);
    expect(flow().state).toMatchObject({ skuId: 'TYPED-1', catalog: { status: 'ready' } });
  });

  it('asks the catalog about a code the shopper types in this panel before Start, and asks for another when it does not know it either', async () => {
    catalogKnowing([], { typedBefore: null });
    const flow = await openPanel();
    expect(flow().state.view).toMatchObject({ name: 'sku', reason: 'not_available' });
    await act(() => flow().enterSku('TYPED-2'));
    await flush();
    expect(sendMessage).toHaveBeenLastCalledWith('catalog.resolve', { sessionId: 'session-1', typedSku: 'TYPED-2' });
    expect(flow().state).toMatchObject({ typedSku: 'TYPED-2', view: { name: 'sku', reason: 'not_available', tried: ['TYPED-2', 'PAGE-1'] } });
  });

  it('lets Start go ahead with a code typed in this panel once the catalog says it is ready', async () => {
    catalogKnowing(['TYPED-2'], { typedBefore: null });
    const flow = await openPanel();
    await act(() => flow().enterSku('TYPED-2'));
    await flush();
    expect(flow().state).toMatchObject({ skuId: 'TYPED-2', catalog: { status: 'ready' }, view: { name: 'choose' } });
  });

  it('without a code typed on the page, asks about the page ids alone', async () => {
    catalogKnowing(['PAGE-1'], { typedBefore: null });
    const flow = await openPanel();
    expect(sendMessage).toHaveBeenCalledWith('catalog.resolve', { sessionId: 'session-1' });
    expect(flow().state).toMatchObject({ skuId: 'PAGE-1', catalog: { status: 'ready' } });
  });
});
