import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { createBackground } from '@/utils/background/wiring';
import { CHANNEL } from '@/utils/messaging/envelope';
import { readPageSettings, watchPageSettings } from '@/utils/page/page-settings';
import { pageSettingsFor, senderHost } from '@/utils/settings/page-settings';
import { defaultSettings } from '@/utils/settings/schema';
import { saveSettings } from '@/utils/storage';
import { fastOptions, send, senders } from '../support/background-setup';

describe('settings a store page gets', () => {
  beforeEach(() => fakeBrowser.reset());

  it('says whether the site is switched off, its www form and subdomains included', () => {
    const settings = { ...defaultSettings, disabledSites: ['shop.example'] };
    expect(pageSettingsFor(settings, 'www.shop.example').disabled).toBe(true);
    expect(pageSettingsFor(settings, 'de.shop.example').disabled).toBe(true);
    expect(pageSettingsFor(settings, 'notshop.example').disabled).toBe(false);
  });

  it('gives only the rule for the page\'s host, never another site\'s', () => {
    const settings = {
      ...defaultSettings,
      siteRules: [
        { host: 'shop.example', selector: '.sku' },
        { host: 'de.shop.example', selector: '.de-sku' },
        { host: 'other.example', selector: '.secret' },
      ],
    };
    expect(pageSettingsFor(settings, 'de.shop.example').rules).toEqual([{ host: 'de.shop.example', selector: '.de-sku' }]);
    expect(pageSettingsFor(settings, 'www.shop.example').rules).toEqual([{ host: 'shop.example', selector: '.sku' }]);
    expect(pageSettingsFor(settings, 'news.example').rules).toEqual([]);
  });

  it('takes the host from the browser\'s record of a page sender, and from nothing else', () => {
    expect(senderHost(senders.content())).toBe('shop.example');
    expect(senderHost(senders.popup())).toBeNull();
    expect(senderHost({ url: 'https://shop.example/p', tab: undefined })).toBeNull();
    expect(senderHost({ url: 'file:///home/x.html', tab: { id: 3 } })).toBeNull();
  });

  it('answers content.pageSettings for the sender\'s host, only to a content script', async () => {
    await saveSettings({ ...defaultSettings, disabledSites: ['shop.example'], siteRules: [{ host: 'other.example', selector: '.x' }, { host: 'shop.example', idKind: 'gtin' }] });
    const engine = createBackground(fastOptions());
    expect(await send(engine, 'content.pageSettings', {}, senders.content())).toEqual({ ok: true, data: { disabled: true, rules: [{ host: 'shop.example', idKind: 'gtin' }] } });
    expect(await send(engine, 'content.pageSettings', {}, senders.popup())).toMatchObject({ ok: false, error: { code: 'forbidden_sender' } });
    // A host in the request is no part of the message: the request is strict.
    expect(await send(engine, 'content.pageSettings', { host: 'other.example' } as never, senders.content())).toMatchObject({ ok: false, error: { code: 'bad_request' } });
  });

  it('reads through the background, and reads again when the background says the settings changed', async () => {
    await saveSettings({ ...defaultSettings, disabledSites: ['shop.example'] });
    const engine = createBackground(fastOptions());
    // The fake browser's messages carry no sender record: give the background the page's.
    fakeBrowser.runtime.onMessage.addListener((message: unknown) => {
      const envelope = message as { channel: string; type: string; data: unknown };
      if (envelope?.channel !== CHANNEL || envelope.type !== 'content.pageSettings') return undefined;
      return send(engine, 'content.pageSettings', {}, senders.content());
    });
    await expect(readPageSettings()).resolves.toEqual({ disabled: true, rules: [] });

    const seen: boolean[] = [];
    const stop = watchPageSettings((settings) => seen.push(settings.disabled));
    const changed = (sender = senders.popup()) => fakeBrowser.runtime.onMessage.trigger({ channel: CHANNEL, type: 'settings.changed', data: {} }, sender);
    await saveSettings({ ...defaultSettings, disabledSites: [] });
    await changed();
    await vi.waitFor(() => expect(seen).toEqual([false]));
    // Only the extension can say so: a content script's (or anyone else's) "changed" is not heard.
    await saveSettings({ ...defaultSettings, disabledSites: ['shop.example'] });
    expect((await changed(senders.content())).find(Boolean)).toMatchObject({ ok: false, error: { code: 'forbidden_sender' } });
    stop();
    expect((await changed()).filter(Boolean)).toEqual([]);
    expect(seen).toEqual([false]);
  });
});
