import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import v1Fixture from '../fixtures/settings/v1.json';
import { coerceSettings, defaultSettings, migrateSettingsV1, type SettingsV1 } from '@/utils/settings/schema';
import { getSettings, saveSettings, settingsItem } from '@/utils/storage';

describe('settings', () => {
  beforeEach(() => fakeBrowser.reset());

  const v2 = migrateSettingsV1(v1Fixture as SettingsV1);

  it('falls back to the defaults on a fresh install', async () => {
    await expect(getSettings()).resolves.toEqual(defaultSettings);
  });

  it('saves to local storage with version 2 metadata and loads it back', async () => {
    const settings = { ...v2, catalogEndpoint: 'https://shop.example/aiuta_sku' };
    await saveSettings(settings);
    await expect(getSettings()).resolves.toEqual(settings);
    const raw = await fakeBrowser.storage.local.get(['settings', 'settings$']);
    expect(raw.settings).toEqual(settings);
    expect(raw['settings$']).toEqual({ v: 2 });
  });

  it('refuses to save settings that break the schema', async () => {
    await expect(saveSettings({ ...defaultSettings, apiFlavour: 'v9' as never })).rejects.toThrow();
    await expect(fakeBrowser.storage.local.get('settings')).resolves.toEqual({});
  });

  it('keeps every valid field of a damaged stored value and defaults the rest', () => {
    const damaged = { ...v2, apiFlavour: 'nonsense', siteRules: 'not a list', extra: 1 };
    expect(coerceSettings(damaged)).toEqual({ ...v2, apiFlavour: defaultSettings.apiFlavour, siteRules: [] });
    expect(coerceSettings(null)).toEqual(defaultSettings);
    expect(coerceSettings('garbage')).toEqual(defaultSettings);
  });
});

describe('settings migration v1 -> v2', () => {
  beforeEach(() => fakeBrowser.reset());

  it('migrates stored v1 settings: every field kept, no catalog check (as before)', async () => {
    await fakeBrowser.storage.local.set({ settings: v1Fixture, settings$: { v: 1 } });
    await settingsItem.migrate();
    expect(await settingsItem.getValue()).toEqual({ ...v1Fixture, catalogEndpoint: '' });
    expect(await fakeBrowser.storage.local.get('settings$')).toEqual({ settings$: { v: 2 } });
    await expect(getSettings()).resolves.toEqual({ ...v1Fixture, catalogEndpoint: '' });
  });

  it('migrates a value written before versioning as version 1', async () => {
    await fakeBrowser.storage.local.set({ settings: v1Fixture });
    await settingsItem.migrate();
    expect(await settingsItem.getValue()).toEqual({ ...v1Fixture, catalogEndpoint: '' });
  });

  it('reads v1 settings that were not migrated yet without losing a field', async () => {
    expect(coerceSettings(v1Fixture)).toEqual({ ...v1Fixture, catalogEndpoint: defaultSettings.catalogEndpoint });
  });
});
