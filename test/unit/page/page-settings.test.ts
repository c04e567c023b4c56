import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { pageSettings, readPageSettings, watchPageSettings } from '@/utils/page/page-settings';
import { defaultSettings } from '@/utils/settings/schema';
import { saveSettings } from '@/utils/storage';

describe('settings the product UI reads', () => {
  beforeEach(() => fakeBrowser.reset());

  it('says whether the site is switched off, its www form and subdomains included', () => {
    const stored = { ...defaultSettings, disabledSites: ['shop.example'] };
    expect(pageSettings(stored, 'www.shop.example').disabled).toBe(true);
    expect(pageSettings(stored, 'de.shop.example').disabled).toBe(true);
    expect(pageSettings(stored, 'notshop.example').disabled).toBe(false);
  });

  it('reads malformed settings field by field, as the settings schema does everywhere', () => {
    for (const broken of [null, 'x', 42, { disabledSites: 'shop.example' }]) {
      expect(pageSettings(broken, 'shop.example')).toEqual({ disabled: false, rules: [] });
    }
    // A bad rule list falls back as a whole; the switched-off sites beside it still count.
    expect(pageSettings({ disabledSites: ['shop.example'], siteRules: [{ host: 7 }] }, 'shop.example')).toEqual({ disabled: true, rules: [] });
    expect(pageSettings({ siteRules: [{ host: 'shop.example', selector: ' .sku ' }] }, 'shop.example').rules).toEqual([
      { host: 'shop.example', selector: '.sku' },
    ]);
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
