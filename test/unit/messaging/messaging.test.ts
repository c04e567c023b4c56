import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import type { Browser } from 'wxt/browser';
import { AppError } from '@/utils/errors';
import { backgroundProtocol, emitEvent, onEvent, sendMessage } from '@/utils/messaging';
import { createMessageHandler } from '@/utils/messaging/channel';
import { CHANNEL } from '@/utils/messaging/envelope';
import * as z from 'zod/mini';
import { serveInContent } from '@/utils/messaging/content-channel';

const extensionPage: Browser.runtime.MessageSender = {
  id: 'test-extension-id',
  url: 'chrome-extension://test-extension-id/popup.html',
};
const contentScript: Browser.runtime.MessageSender = {
  id: 'test-extension-id',
  url: 'https://shop.example/product/1',
  tab: { id: 7 } as Browser.tabs.Tab,
};
const otherExtension: Browser.runtime.MessageSender = { id: 'someone-else', url: 'chrome-extension://someone-else/x.html' };

const handle = createMessageHandler(
  { ping: backgroundProtocol.ping, 'panel.open': backgroundProtocol['panel.open'], 'history.delete': backgroundProtocol['history.delete'] },
  {
    ping: () => ({ version: '1.2.3' }),
    'panel.open': ({ product }) => ({ sessionId: `session-for-${product.sku}` }),
    'history.delete': ({ id }) => {
      if (id === 'boom') throw new Error('disk on fire');
      if (id === 'gone') throw new AppError('api_error', 'That result no longer exists.');
      if (id === 'busy') throw new AppError('api_rate_limited', 'The try-on service is busy right now.', { params: { retryAfterS: 30 } });
      return { ok: true as const };
    },
  },
);

const envelope = (type: string, data: unknown) => ({ channel: CHANNEL, type, data });

describe('zod in every context that parses messages', () => {
  it('runs jitless (no Function probe, no compiled parsers), as README says', () => {
    // This file imports the channel (createMessageHandler), as every context does: that is what sets it.
    expect(z.config().jitless).toBe(true);
  });
});

describe('createMessageHandler', () => {
  beforeEach(() => fakeBrowser.reset());

  it('answers a valid request from an extension page', async () => {
    await expect(handle(envelope('ping', {}), extensionPage)).resolves.toEqual({ ok: true, data: { version: '1.2.3' } });
  });

  it('ignores messages of other channels so other listeners may answer', () => {
    expect(handle({ type: 'ping' }, extensionPage)).toBeUndefined();
    expect(handle('ping', extensionPage)).toBeUndefined();
  });

  it('returns a typed error for an unknown message type', async () => {
    const reply = await handle(envelope('format.disk', {}), extensionPage);
    expect(reply).toMatchObject({ ok: false, error: { code: 'unknown_message' } });
  });

  it('does not treat inherited object keys as message types', async () => {
    const reply = await handle(envelope('toString', {}), extensionPage);
    expect(reply).toMatchObject({ ok: false, error: { code: 'unknown_message' } });
  });

  it('rejects a malformed payload with bad_request and never calls the handler', async () => {
    const reply = await handle(envelope('panel.open', { product: { sku: 42 } }), contentScript);
    expect(reply).toMatchObject({ ok: false, error: { code: 'bad_request' } });
  });

  it('refuses other extensions and senders the message does not allow', async () => {
    await expect(handle(envelope('ping', {}), otherExtension)).resolves.toMatchObject({ ok: false, error: { code: 'forbidden_sender' } });
    // Another extension's content script in a store tab, or a sender claiming our pages' URL: refused for its id.
    const foreignInTab = { ...contentScript, id: 'someone-else' };
    const foreignWithOurUrl = { ...extensionPage, id: 'someone-else' };
    // Ours by id but neither one of our pages nor in a tab (e.g. a frame the browser reports without one).
    const oursWithoutTab = { id: extensionPage.id, url: 'https://shop.example/product/1' };
    await expect(handle(envelope('history.delete', { id: 'a' }), oursWithoutTab)).resolves.toMatchObject({ ok: false, error: { code: 'forbidden_sender' } });
    for (const sender of [foreignInTab, foreignWithOurUrl, oursWithoutTab]) {
      await expect(handle(envelope('ping', {}), sender)).resolves.toMatchObject({ ok: false, error: { code: 'forbidden_sender' } });
      await expect(handle(envelope('panel.open', { product: { sku: 'A1', ids: [] } }), sender)).resolves.toMatchObject({
        ok: false,
        error: { code: 'forbidden_sender' },
      });
    }
    // A content script may open the panel, but may not delete history.
    await expect(handle(envelope('history.delete', { id: 'a' }), contentScript)).resolves.toMatchObject({
      ok: false,
      error: { code: 'forbidden_sender' },
    });
    // The panel is opened from a page, never from an extension page.
    await expect(
      handle(envelope('panel.open', { product: { sku: 'A1', ids: [] } }), extensionPage),
    ).resolves.toMatchObject({ ok: false, error: { code: 'forbidden_sender' } });
  });

  it('accepts page-derived input from the content script only within bounds', async () => {
    const ok = await handle(envelope('panel.open', { product: { sku: 'A1', ids: [], image: 'https://cdn.example/a.jpg' } }), contentScript);
    expect(ok).toEqual({ ok: true, data: { sessionId: 'session-for-A1' } });
    const script = await handle(envelope('panel.open', { product: { sku: 'A1', image: 'javascript:alert(1)' } }), contentScript);
    expect(script).toMatchObject({ ok: false, error: { code: 'bad_request' } });
  });

  it('turns handler failures into typed errors, keeping an AppError code', async () => {
    await expect(handle(envelope('history.delete', { id: 'gone' }), extensionPage)).resolves.toEqual({
      ok: false,
      error: { code: 'api_error', message: 'That result no longer exists.' },
    });
    const crash = await handle(envelope('history.delete', { id: 'boom' }), extensionPage);
    expect(crash).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(crash && !crash.ok && crash.error.message).toContain('disk on fire');
  });

  it("sends only what the reply's schema allows, and never a reply that breaks it", async () => {
    const leaky = createMessageHandler(
      { 'panel.open': backgroundProtocol['panel.open'] },
      {
        // More than the schema names (what a content script must not get), then the wrong shape.
        'panel.open': ({ product }) =>
          (product.sku === 'broken' ? { sessionId: 42 } : { sessionId: 'session-1', photo: 'data:image/jpeg;base64,AAAA' }) as never,
      },
    );
    const product = (sku: string) => ({ sku, ids: [] });
    await expect(leaky(envelope('panel.open', { product: product('SKU-1') }), contentScript)).resolves.toEqual({ ok: true, data: { sessionId: 'session-1' } });
    await expect(leaky(envelope('panel.open', { product: product('broken') }), contentScript)).resolves.toMatchObject({
      ok: false,
      error: { code: 'bad_response' },
    });
  });
});

describe('sendMessage', () => {
  beforeEach(() => fakeBrowser.reset());
  afterEach(() => vi.restoreAllMocks());

  it('round-trips through runtime messaging and validates the reply', async () => {
    vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockImplementation(async (message: unknown) => handle(message, extensionPage));
    await expect(sendMessage('ping', {})).resolves.toEqual({ version: '1.2.3' });
    await expect(sendMessage('history.delete', { id: 'gone' })).rejects.toMatchObject({ code: 'api_error' });
  });

  it("keeps an error's params across the channel, so the receiver's sentence can name the wait", async () => {
    vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockImplementation(async (message: unknown) => handle(message, extensionPage));
    const error = await sendMessage('history.delete', { id: 'busy' }).catch((cause: unknown) => cause);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).toJSON()).toEqual({ code: 'api_rate_limited', message: 'The try-on service is busy right now.', params: { retryAfterS: 30 } });
  });

  it('validates the request before sending it', async () => {
    const send = vi.spyOn(fakeBrowser.runtime, 'sendMessage');
    await expect(sendMessage('history.delete', { id: 5 } as never)).rejects.toMatchObject({ code: 'bad_request' });
    expect(send).not.toHaveBeenCalled();
  });

  it('rejects a reply that does not match the protocol', async () => {
    vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockResolvedValue({ ok: true, data: { version: 3 } });
    await expect(sendMessage('ping', {})).rejects.toMatchObject({ code: 'bad_response' });
    vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockResolvedValue(undefined);
    await expect(sendMessage('ping', {})).rejects.toMatchObject({ code: 'bad_response' });
  });

  it('explains a missing receiver', async () => {
    vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockRejectedValue(new Error('Could not establish connection.'));
    await expect(sendMessage('ping', {})).rejects.toMatchObject({ code: 'no_receiver' });
  });
});

describe('content script channel', () => {
  beforeEach(() => fakeBrowser.reset());

  it('answers the extension and refuses everyone else', async () => {
    serveInContent({ 'detection.get': () => ({ product: { sku: 'X9', ids: [] } }) });
    const listeners = (message: unknown, sender: Browser.runtime.MessageSender) =>
      fakeBrowser.runtime.onMessage.trigger(message, sender).then((replies) => replies.find(Boolean));
    await expect(listeners(envelope('detection.get', {}), extensionPage)).resolves.toEqual({ ok: true, data: { product: { sku: 'X9', ids: [] } } });
    await expect(listeners(envelope('detection.get', {}), otherExtension)).resolves.toMatchObject({ ok: false });
    await expect(listeners(envelope('detection.get', { steal: true }), extensionPage)).resolves.toMatchObject({ ok: false });
    await expect(listeners(envelope('settings.read', {}), extensionPage)).resolves.toBeUndefined();
  });
});

describe('events', () => {
  beforeEach(() => fakeBrowser.reset());

  it('delivers only well-formed events from the extension to listeners of that type', async () => {
    const seen: string[] = [];
    onEvent('job.updated', ({ job }) => seen.push(job.id));
    const job = {
      id: 'job-1',
      status: 'generating',
      items: [{ skuId: 'A1' }],
      photo: { kind: 'saved' },
      createdAt: 1,
      updatedAt: 2,
      stageStartedAt: 2,
    };
    await fakeBrowser.runtime.onMessage.trigger({ channel: `${CHANNEL}:event`, type: 'job.updated', data: { job } }, extensionPage);
    await fakeBrowser.runtime.onMessage.trigger({ channel: `${CHANNEL}:event`, type: 'job.updated', data: { job: { id: 'bad' } } }, extensionPage);
    await fakeBrowser.runtime.onMessage.trigger({ channel: `${CHANNEL}:event`, type: 'job.updated', data: { job } }, contentScript);
    expect(seen).toEqual(['job-1']);
  });

  it('does not fail when no page listens', async () => {
    await expect(emitEvent('job.updated', { job: {} as never })).resolves.toBeUndefined();
  });
});
