import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { downloadName, isExpired, productTitle } from '@/components/history/history-entry';
import { activeJob, mergeJob, stageProgress } from '@/components/jobs/job-progress';
import { findTargetTab, skuSource, storeHost } from '@/components/site/current-tab';
import type { HistoryEntry } from '@/utils/history/schema';
import type { Job } from '@/utils/jobs/schema';

const entry = (patch: Partial<HistoryEntry> = {}): HistoryEntry => ({
  id: 'h1',
  jobId: 'j1',
  items: [{ skuId: 'LS-1001', name: 'Linen Shirt' }],
  createdAt: Date.UTC(2025, 0, 31, 12),
  images: [{ id: 'g1', url: 'https://cdn.example/g1.jpg', expiresAt: 2_000 }],
  ...patch,
});

describe('history entries', () => {
  it('is expired once every image has passed its expiry, or when no image is left', () => {
    expect(isExpired(entry(), 1_999)).toBe(false);
    expect(isExpired(entry(), 2_000)).toBe(true);
    expect(isExpired(entry({ images: [] }), 0)).toBe(true);
    expect(isExpired(entry({ images: [{ id: 'g', url: 'u' }] }), Number.MAX_SAFE_INTEGER)).toBe(false);
    const mixed = entry({ images: [{ id: 'a', url: 'u', expiresAt: 1 }, { id: 'b', url: 'u', expiresAt: 10 }] });
    expect(isExpired(mixed, 5)).toBe(false);
  });

  it('names the product in the shopper’s words, falling back to the SKU', () => {
    expect(productTitle(entry({ items: [{ skuId: 'A', name: 'Shirt' }, { skuId: 'B', name: '  ' }] }))).toBe('Shirt + B');
  });

  it('gives downloads a readable file name', () => {
    expect(downloadName(entry(), 0, 'image/jpeg')).toBe('try-on-linen-shirt-2025-01-31.jpg');
    expect(downloadName(entry({ items: [{ skuId: 'X', name: 'Çà & Vá!' }] }), 1, 'image/png')).toBe('try-on-ca-va-2025-01-31-2.png');
    expect(downloadName(entry({ items: [{ skuId: '!!!' }] }), 0, '')).toBe('try-on-result-2025-01-31.jpg');
  });
});

describe('job progress', () => {
  const job = (id: string, status: Job['status'], updatedAt: number, createdAt = 1): Job => ({
    id,
    status,
    items: [{ skuId: 'A' }],
    photo: { kind: 'saved' },
    createdAt,
    updatedAt,
    stageStartedAt: updatedAt,
  });

  it('moves forward stage by stage', () => {
    const order = (['queued', 'uploading', 'generating', 'done'] as const).map(stageProgress);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(activeJob(job('a', 'generating', 1))).toBe(true);
    expect(activeJob(job('a', 'failed', 1))).toBe(false);
  });

  it('replaces a job with its newer state and ignores a late, older update', () => {
    let jobs = mergeJob([], job('a', 'uploading', 10));
    jobs = mergeJob(jobs, job('a', 'generating', 20));
    expect(jobs.map((one) => one.status)).toEqual(['generating']);
    jobs = mergeJob(jobs, job('a', 'uploading', 15));
    expect(jobs.map((one) => one.status)).toEqual(['generating']);
  });

  it('lists the newest job first', () => {
    const jobs = [job('old', 'done', 5, 1), job('new', 'queued', 6, 3), job('mid', 'failed', 7, 2)].reduce(mergeJob, [] as Job[]);
    expect(jobs.map((one) => one.id)).toEqual(['new', 'mid', 'old']);
  });
});

describe('the current tab', () => {
  beforeEach(() => fakeBrowser.reset());
  afterEach(() => vi.restoreAllMocks());

  it('takes the store host from the tab URL, else the page URL, else what the page reported', () => {
    expect(storeHost({ id: 1, url: 'https://shop.example/p/1' }, 'other.example', null)).toBe('shop.example');
    expect(storeHost({ id: 1 }, 'other.example', { sku: '', ids: [], pageUrl: 'https://www.shop.example/p' })).toBe('www.shop.example');
    expect(storeHost({ id: 1, url: 'chrome://newtab/' }, 'reported.example', null)).toBe('reported.example');
    expect(storeHost(null, undefined, null)).toBeUndefined();
  });

  it('knows where the chosen SKU came from', () => {
    expect(skuSource({ sku: 'B', ids: [{ kind: 'gtin', value: 'A', source: 'meta' }, { kind: 'sku', value: 'B', source: 'json-ld' }] })).toBe('json-ld');
    expect(skuSource({ sku: '', ids: [] })).toBeUndefined();
  });

  it('uses the tab named in the address, or else asks for the active tab of its window', async () => {
    const store = await fakeBrowser.tabs.create({ url: 'https://shop.example/p/1' });
    const other = await fakeBrowser.tabs.create({ url: 'https://other.example/' });
    // The fake browser cannot make a tab active, so the query is answered here and its question checked.
    const query = vi.spyOn(fakeBrowser.tabs, 'query').mockResolvedValue([{ ...store, active: true }]);
    await expect(findTargetTab('')).resolves.toEqual({ id: store.id, url: 'https://shop.example/p/1' });
    expect(query).toHaveBeenCalledWith({ active: true, currentWindow: true });
    await expect(findTargetTab(`?tabId=${other.id}`)).resolves.toEqual({ id: other.id, url: 'https://other.example/' });
    await expect(findTargetTab('?tabId=99999')).resolves.toBeNull();
    expect(query).toHaveBeenCalledTimes(1);
  });

  it('does not talk about itself when the popup page is the active tab', async () => {
    const popup = await fakeBrowser.tabs.create({ url: fakeBrowser.runtime.getURL('/popup.html') });
    vi.spyOn(fakeBrowser.tabs, 'query').mockResolvedValue([{ ...popup, active: true }]);
    await expect(findTargetTab('')).resolves.toBeNull();
  });
});
