import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { isTabVisible, notifyWhenHidden, openNotifiedJob } from '@/utils/jobs/notify';
import type { Job } from '@/utils/jobs/schema';
import { useLocale } from '../support/locale';
import { jobFixture } from '../support/jobs';

const job = (over: Partial<Job>): Job => jobFixture(over);

describe('notifications', () => {
  let visibleTab: number;
  let hiddenTab: number;
  let backgroundWindowTab: number;

  beforeEach(async () => {
    fakeBrowser.reset();
    useLocale('en');
    const behind = await fakeBrowser.windows.create({});
    const front = await fakeBrowser.windows.create({ focused: true });
    visibleTab = (await fakeBrowser.tabs.create({ windowId: front.id }))!.id!;
    hiddenTab = (await fakeBrowser.tabs.create({ windowId: front.id }))!.id!;
    backgroundWindowTab = (await fakeBrowser.tabs.create({ windowId: behind.id }))!.id!;
    // The fake browser cannot mark a stored tab active, so tabs.get reports it the way Chrome would.
    const get = fakeBrowser.tabs.get.bind(fakeBrowser.tabs);
    vi.spyOn(fakeBrowser.tabs, 'get').mockImplementation(async (tabId: number) => {
      const tab = await get(tabId);
      return tab && { ...tab, active: tabId === visibleTab || tabId === backgroundWindowTab };
    });
  });
  afterEach(() => vi.restoreAllMocks());

  it('knows which tab the shopper can see: active, in the focused window, still open', async () => {
    expect(await isTabVisible(visibleTab)).toBe(true);
    expect(await isTabVisible(hiddenTab)).toBe(false);
    expect(await isTabVisible(backgroundWindowTab)).toBe(false);
    expect(await isTabVisible(999)).toBe(false);
  });

  it('notifies when the tab is hidden, not when it is in view', async () => {
    await notifyWhenHidden(job({ tabId: visibleTab }));
    expect(await fakeBrowser.notifications.getAll()).toEqual({});
    await notifyWhenHidden(job({ tabId: hiddenTab }));
    const all = await fakeBrowser.notifications.getAll();
    expect(all['try-on:job-1']).toMatchObject({ type: 'basic', title: 'Virtual try-on: your try-on is ready', message: expect.stringContaining('Linen shirt') });
  });

  it("starts with the store's host, whatever name the page gave its product", async () => {
    const items = [{ skuId: 'SKU-1', name: 'Your bank: account locked, call now', pageUrl: 'https://shop.example/p/1' }];
    await notifyWhenHidden(job({ tabId: hiddenTab, items }));
    const { title, message } = (await fakeBrowser.notifications.getAll())['try-on:job-1'] as { title: string; message: string };
    expect(title).toBe('shop.example: your try-on is ready');
    expect(message).toBe('See how Your bank: account locked, call now looks on you.');
  });

  it('tells about a failure with its sentence, and not about a cancel', async () => {
    await notifyWhenHidden(job({ status: 'cancelled', tabId: hiddenTab }));
    expect(await fakeBrowser.notifications.getAll()).toEqual({});
    await notifyWhenHidden(job({ status: 'failed', tabId: hiddenTab, error: { code: 'abort_child', message: 'Try-on works only with photos of adults.' } }));
    // The panel's sentence for the code, not the background's English one.
    expect((await fakeBrowser.notifications.getAll())['try-on:job-1']).toMatchObject({
      title: "Virtual try-on: your try-on didn't work",
      message: 'This photo seems to show a child. Try-ons work only with photos of adults.',
    });
  });

  it("speaks the browser's language, with the sentence the panel shows, and still starts with the store's host", async () => {
    useLocale('de');
    const items = [{ skuId: 'SKU-1', name: 'Leinenhemd', pageUrl: 'https://shop.example/p/1' }];
    await notifyWhenHidden(job({ tabId: hiddenTab, items }));
    expect((await fakeBrowser.notifications.getAll())['try-on:job-1']).toMatchObject({
      title: 'shop.example: Ihre Anprobe ist fertig',
      message: 'Sehen Sie, wie Leinenhemd an Ihnen aussieht.',
    });
    await fakeBrowser.notifications.clear('try-on:job-1');
    const error = { code: 'api_rate_limited' as const, message: 'The try-on service is busy right now; please try again in 45 seconds.', params: { retryAfterS: 45 } };
    await notifyWhenHidden(job({ status: 'failed', tabId: hiddenTab, items, error }));
    expect((await fakeBrowser.notifications.getAll())['try-on:job-1']).toMatchObject({
      title: 'shop.example: Ihre Anprobe hat nicht geklappt',
      message: 'Zu viele Anproben in kurzer Zeit. Versuchen Sie es in 45 Sekunden erneut.',
    });
  });

  it('brings back the tab when the notification is clicked', async () => {
    await notifyWhenHidden(job({ tabId: hiddenTab }));
    const updated: number[] = [];
    fakeBrowser.tabs.onUpdated.addListener((tabId) => void updated.push(tabId));
    await openNotifiedJob('try-on:job-1', { get: async () => job({ tabId: hiddenTab }) });
    expect(updated).toEqual([hiddenTab]);
    expect(await fakeBrowser.notifications.getAll()).toEqual({});
  });
});
