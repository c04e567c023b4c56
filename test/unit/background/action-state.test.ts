import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { actionLook, createActionState } from '@/utils/background/action-state';
import { createBackground } from '@/utils/background/wiring';
import { defaultSettings } from '@/utils/settings/schema';
import { saveSettings } from '@/utils/storage';
import { fastOptions, send, senders } from '../support/background-setup';
import { useLocale } from '../support/locale';

const ready = { ...defaultSettings, subscriptionId: 'sub-1', tokenEndpoint: 'https://tokens.shop.example/token' };
const notSetUp = { ...defaultSettings, subscriptionId: '', tokenEndpoint: '' };

describe('the toolbar icon', () => {
  beforeEach(() => {
    fakeBrowser.reset();
    useLocale('en');
  });

  it('says what is wrong or what is here at a glance', () => {
    expect(actionLook({ setUp: false, product: false })).toMatchObject({ text: '!', title: expect.stringMatching(/not set up/) });
    expect(actionLook({ setUp: false, product: true })).toMatchObject({ text: '!', title: expect.stringMatching(/product.*not set up/) });
    expect(actionLook({ setUp: true, product: true })).toMatchObject({ text: '✓', title: expect.stringMatching(/product to try on/) });
    expect(actionLook({ setUp: true, product: false })).toMatchObject({ text: '', title: 'Shop Try-On' });
  });

  it('shows "!" for every tab until the connection is set up, then nothing', async () => {
    const action = createActionState();
    await action.showConnection(notSetUp);
    await expect(fakeBrowser.action.getBadgeText({})).resolves.toBe('!');
    await expect(fakeBrowser.action.getTitle({})).resolves.toMatch(/not set up/);
    await action.showConnection(ready);
    await expect(fakeBrowser.action.getBadgeText({})).resolves.toBe('');
    await expect(fakeBrowser.action.getTitle({})).resolves.toBe('Shop Try-On');
  });

  it('marks a tab with a product, and gives it back the common look when the product is gone', async () => {
    const action = createActionState();
    await action.showConnection(ready);
    await action.showProduct(7, true, ready);
    await expect(fakeBrowser.action.getBadgeText({ tabId: 7 })).resolves.toBe('✓');
    await expect(fakeBrowser.action.getTitle({ tabId: 7 })).resolves.toMatch(/product to try on/);
    await action.showProduct(7, false, ready);
    await expect(fakeBrowser.action.getBadgeText({ tabId: 7 })).resolves.toBe('');
    await expect(fakeBrowser.action.getTitle({ tabId: 7 })).resolves.toBe('Shop Try-On');
  });

  it('takes a product report from a store page\'s top frame only, through the checked protocol', async () => {
    await saveSettings(ready);
    const background = createBackground(fastOptions());
    const ok = await send(background, 'content.productFound', { found: true }, senders.content(7));
    expect(ok).toEqual({ ok: true, data: { ok: true } });
    await expect(fakeBrowser.action.getBadgeText({ tabId: 7 })).resolves.toBe('✓');

    await send(background, 'content.productFound', { found: true }, { ...senders.content(8), frameId: 3 });
    await expect(fakeBrowser.action.getBadgeText({ tabId: 8 })).resolves.toBe('');

    const fromPopup = await send(background, 'content.productFound', { found: true }, senders.popup());
    expect(fromPopup.ok).toBe(false);
    const extra = await send(background, 'content.productFound', { found: true, product: 'x' } as never, senders.content(9));
    expect(extra.ok).toBe(false);
    await expect(fakeBrowser.action.getBadgeText({ tabId: 9 })).resolves.toBe('');
  });
});
