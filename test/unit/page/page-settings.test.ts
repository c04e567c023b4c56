import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { isSiteDisabled, pageSettings, readPageSettings, siteRules, watchPageSettings } from '@/utils/page-ui/page-settings';
import { defaultSettings, saveSettings } from '@/utils/storage';

describe('settings the content script reads without zod', () => {
  beforeEach(() => fakeBrowser.reset());

  it('matches a switched-off site, its www form and its subdomains, but not look-alikes', () => {
    const settings = { disabledSites: ['shop.example', 'WWW.Other.example.'] };
    expect(isSiteDisabled(settings, 'shop.example')).toBe(true);
    expect(isSiteDisabled(settings, 'www.shop.example')).toBe(true);
    expect(isSiteDisabled(settings, 'de.shop.example')).toBe(true);
    expect(isSiteDisabled(settings, 'other.example')).toBe(true);
    expect(isSiteDisabled(settings, 'notshop.example')).toBe(false);
    expect(isSiteDisabled(settings, 'shop.example.evil')).toBe(false);
  });

  it('treats malformed settings as "nothing switched off, no rules"', () => {
    for (const broken of [null, 'x', 42, { disabledSites: 'shop.example' }, { disabledSites: [1, null, ''] }]) {
      expect(isSiteDisabled(broken, 'shop.example')).toBe(false);
    }
    expect(siteRules({ siteRules: [null, 'x', { host: 7 }, { host: 'shop.example', selector: '.sku' }] })).toEqual([
      { host: 'shop.example', selector: '.sku' },
    ]);
    expect(pageSettings(undefined, 'a.example')).toEqual({ disabled: false, rules: [] });
  });

  it('reads what the settings item saved and follows later changes', async () => {
    await saveSettings({ ...defaultSettings, disabledSites: ['shop.example'] });
    await expect(readPageSettings('shop.example')).resolves.toEqual({ disabled: true, rules: [] });

    const seen: boolean[] = [];
    const stop = watchPageSettings('shop.example', (settings) => seen.push(settings.disabled));
    await saveSettings({ ...defaultSettings, disabledSites: [] });
    await saveSettings({ ...defaultSettings, disabledSites: ['www.shop.example'] });
    stop();
    await saveSettings({ ...defaultSettings, disabledSites: [] });
    expect(seen).toEqual([false, true]);
  });
});
