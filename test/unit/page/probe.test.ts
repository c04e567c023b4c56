// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import type { Browser } from 'wxt/browser';
import { ContentScriptContext } from 'wxt/utils/content-script-context';
import { CHANNEL } from '@/utils/messaging/envelope';
import { startProbe } from '@/utils/page/probe';

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

  it('says its answer is final only once its last look ran, and on a page without signs sends the worker nothing', async () => {
    vi.useFakeTimers();
    try {
      startProbe(ctx);
      await vi.advanceTimersByTimeAsync(1500);
      await expect(ask(popup)).resolves.toMatchObject({ data: { settled: false } });
      await vi.advanceTimersByTimeAsync(2500);
      await expect(ask(popup)).resolves.toMatchObject({ data: { product: null, settled: true } });
      // Four looks, no message: pages that sell nothing never wake the worker (site-rule hosts get the product UI from the browser).
      expect(sent).toEqual([]);
    } finally {
      vi.useRealTimers();
    }
  });

  it('looks again later on a hint: the shopper scrolling, pressing or typing', async () => {
    vi.useFakeTimers();
    try {
      startProbe(ctx);
      await vi.advanceTimersByTimeAsync(4500);
      await expect(ask(popup)).resolves.toMatchObject({ data: { settled: true } });
      // An app renders its product once scrolled to: the scroll's look (a second later) sees it.
      window.dispatchEvent(new Event('scroll'));
      document.body.innerHTML = '<script type="application/ld+json">{"@type":"Product","name":"Shirt","sku":"S-1"}</script><h1>Shirt</h1>';
      expect(sent).toEqual([]);
      await vi.advanceTimersByTimeAsync(1000);
      expect(sent).toEqual([{ channel: CHANNEL, type: 'content.loadProductUi', data: {} }]);
    } finally {
      vi.useRealTimers();
    }
  });

  it('stops looking on hints after ten on one address', async () => {
    vi.useFakeTimers();
    try {
      startProbe(ctx);
      await vi.advanceTimersByTimeAsync(4500);
      // Each look asks the document for product markup once.
      const query = vi.spyOn(document, 'querySelector');
      const looks = () => query.mock.calls.filter(([selector]) => selector.includes('ld+json')).length;
      for (let second = 0; second < 15; second++) {
        // Hints within the same second count once.
        window.dispatchEvent(new KeyboardEvent('keydown', { key: 'j' }));
        window.dispatchEvent(new Event('scroll'));
        await vi.advanceTimersByTimeAsync(1000);
      }
      expect(looks()).toBe(10);
      document.body.innerHTML = '<script type="application/ld+json">{"@type":"Product","name":"Shirt","sku":"S-1"}</script><h1>Shirt</h1>';
      window.dispatchEvent(new Event('pointerdown'));
      await vi.advanceTimersByTimeAsync(5000);
      expect(looks()).toBe(10);
      expect(sent).toEqual([]);
    } finally {
      vi.useRealTimers();
    }
  });

  it('asks once, and looks no further while the product UI is on its way', async () => {
    document.body.innerHTML = '<script type="application/ld+json">{"@type":"Product","name":"Shirt","sku":"S-1"}</script><h1>Shirt</h1>';
    vi.useFakeTimers();
    try {
      startProbe(ctx);
      await vi.advanceTimersByTimeAsync(4500);
      expect(sent).toEqual([{ channel: CHANNEL, type: 'content.loadProductUi', data: {} }]);
      await expect(ask(popup)).resolves.toMatchObject({ data: { settled: false } });
    } finally {
      vi.useRealTimers();
    }
  });

  it('asks for the product UI outright where it sees signs of a product', async () => {
    document.body.innerHTML = '<script type="application/ld+json">{"@type":"Product","name":"Shirt","sku":"S-1"}</script><h1>Shirt</h1>';
    startProbe(ctx);
    await vi.waitFor(() => expect(sent).toEqual([{ channel: CHANNEL, type: 'content.loadProductUi', data: {} }]));
  });

  it('reads no storage at all: the settings are the background\'s', async () => {
    const get = vi.spyOn(fakeBrowser.storage.local, 'get');
    const changes = vi.spyOn(fakeBrowser.storage.onChanged, 'addListener');
    document.body.innerHTML = '<script type="application/ld+json">{"@type":"Product","name":"Shirt","sku":"S-1"}</script><h1>Shirt</h1>';
    startProbe(ctx);
    await vi.waitFor(() => expect(sent).toHaveLength(1));
    expect(get).not.toHaveBeenCalled();
    expect(changes).not.toHaveBeenCalled();
  });
});
