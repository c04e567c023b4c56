// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import type { Browser } from 'wxt/browser';
import { ContentScriptContext } from 'wxt/utils/content-script-context';
import { CHANNEL } from '@/utils/messaging/envelope';
import { startProbe } from '@/utils/page/probe';
import { defaultSettings } from '@/utils/settings/schema';
import { saveSettings } from '@/utils/storage';

const popup: Browser.runtime.MessageSender = { id: 'test-extension-id', url: 'chrome-extension://test-extension-id/popup.html' };
const page: Browser.runtime.MessageSender = { id: 'test-extension-id', url: 'https://shop.example/', tab: { id: 3 } as Browser.tabs.Tab };
const ask = (sender: Browser.runtime.MessageSender) =>
  fakeBrowser.runtime.onMessage.trigger({ channel: CHANNEL, type: 'detection.get', data: {} }, sender).then((replies) => replies.find(Boolean));

describe('the probe on every page', () => {
  let ctx: ContentScriptContext;
  let sent: unknown[];

  beforeEach(() => {
    fakeBrowser.reset();
    document.body.innerHTML = '<h1>About us</h1><p>We sell nothing on this page.</p>';
    sent = [];
    vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockImplementation(async (message: unknown) => {
      sent.push(message);
      return { ok: true, data: { ok: true } };
    });
    ctx = new ContentScriptContext('probe');
  });

  afterEach(() => {
    ctx.abort();
    vi.restoreAllMocks();
  });

  it('tells the popup there is no product here, and answers nobody but the extension', async () => {
    startProbe(ctx);
    await expect(ask(popup)).resolves.toEqual({ ok: true, data: { product: null, host: location.hostname, settled: false } });
    await expect(ask(page)).resolves.toBeUndefined();
  });

  it('says its answer is final only once its last look ran', async () => {
    vi.useFakeTimers();
    try {
      startProbe(ctx);
      await vi.advanceTimersByTimeAsync(1500);
      await expect(ask(popup)).resolves.toMatchObject({ data: { settled: false } });
      await vi.advanceTimersByTimeAsync(2500);
      await expect(ask(popup)).resolves.toMatchObject({ data: { product: null, settled: true } });
      expect(sent).toEqual([]);
    } finally {
      vi.useRealTimers();
    }
  });

  it('asks for the product UI where a site rule covers the site, though the page shows no product', async () => {
    await saveSettings({ ...defaultSettings, siteRules: [{ host: `*.${location.hostname}`, selector: '.code' }] });
    startProbe(ctx);
    await vi.waitFor(() => expect(sent).toEqual([{ channel: CHANNEL, type: 'content.loadProductUi', data: {} }]));
  });

  it('asks for nothing on a page without a product or a rule, whatever the stored settings hold', async () => {
    await fakeBrowser.storage.local.set({ settings: { siteRules: [null, { host: 7 }, 'x'] } });
    const reads: Promise<unknown>[] = [];
    const get = fakeBrowser.storage.local.get.bind(fakeBrowser.storage.local);
    vi.spyOn(fakeBrowser.storage.local, 'get').mockImplementation((keys) => {
      const read = get(keys);
      reads.push(read);
      return read;
    });
    startProbe(ctx);
    await vi.waitFor(() => expect(reads).toHaveLength(1));
    // The look goes on for one step after its read: let that step run, then nothing was asked for.
    await reads[0];
    await Promise.resolve();
    expect(sent).toEqual([]);
  });
});
