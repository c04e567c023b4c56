import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { skuSource, storeHost } from '@/components/site/current-tab';
import { findTargetTab } from '@/components/site/use-current-site';

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
