import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import type { Browser } from 'wxt/browser';
import { serveInContent } from '@/utils/messaging/content-channel';
import { CHANNEL } from '@/utils/messaging/envelope';
import type { SiteRule } from '@/utils/detect/site-rule';

const popup: Browser.runtime.MessageSender = { id: 'test-extension-id', url: 'chrome-extension://test-extension-id/popup.html' };
const envelope = (type: string, data: unknown) => ({ channel: CHANNEL, type, data });
const ask = (message: unknown, sender: Browser.runtime.MessageSender = popup) =>
  fakeBrowser.runtime.onMessage.trigger(message, sender).then((replies) => replies.find(Boolean));

describe('detection.preview in the content script', () => {
  let seen: SiteRule[];

  beforeEach(() => {
    fakeBrowser.reset();
    seen = [];
    serveInContent({
      'detection.get': () => ({ product: null }),
      'detection.preview': ({ rule }) => {
        seen.push(rule);
        return { product: { sku: `from-${rule.selector ?? rule.regex}`, ids: [] } };
      },
    });
  });

  it('runs the handler with a well-formed rule and answers with what it found', async () => {
    const rule = { host: 'shop.example', selector: '[itemprop=sku]', idKind: 'sku' };
    await expect(ask(envelope('detection.preview', { rule }))).resolves.toEqual({ ok: true, data: { product: { sku: 'from-[itemprop=sku]', ids: [] } } });
    expect(seen).toEqual([rule]);
  });

  it.each([
    ['no rule', {}],
    ['an extra key', { rule: { host: 'shop.example' }, steal: true }],
    ['a rule with an unknown field', { rule: { host: 'shop.example', script: 'alert(1)' } }],
    ['an empty host', { rule: { host: '', selector: 'x' } }],
    ['a selector too long', { rule: { host: 'shop.example', selector: 'a'.repeat(501) } }],
    ['a non-string regex', { rule: { host: 'shop.example', regex: { source: '.*' } } }],
    ['an array', [{ host: 'shop.example' }]],
  ])('refuses %s without calling the handler', async (_name, data) => {
    await expect(ask(envelope('detection.preview', data))).resolves.toMatchObject({ ok: false, error: { code: 'bad_request' } });
    expect(seen).toEqual([]);
  });

  it('refuses a preview asked by anyone but the extension', async () => {
    const page: Browser.runtime.MessageSender = { id: 'test-extension-id', url: 'https://shop.example/p/1', tab: { id: 3 } as Browser.tabs.Tab };
    await expect(ask(envelope('detection.preview', { rule: { host: 'shop.example', regex: '(\\d+)' } }), page)).resolves.toMatchObject({
      ok: false,
      error: { code: 'forbidden_sender' },
    });
    expect(seen).toEqual([]);
  });

  it('answers with an error instead of throwing when reading the page fails', async () => {
    fakeBrowser.reset();
    serveInContent({
      'detection.preview': () => {
        throw new SyntaxError('bad selector');
      },
    });
    await expect(ask(envelope('detection.preview', { rule: { host: 'shop.example', selector: ':::' } }))).resolves.toMatchObject({
      ok: false,
      error: { code: 'internal' },
    });
  });
});
