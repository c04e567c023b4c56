import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { storage } from 'wxt/utils/storage';
import v1Fixture from '../fixtures/settings/v1.json';
import { coerceSettings, defaultSettings, type SettingsV1 } from '@/utils/settings/schema';
import { getSettings, saveSettings, settingsItem } from '@/utils/storage';

describe('settings', () => {
  beforeEach(() => fakeBrowser.reset());

  it('falls back to the defaults on a fresh install', async () => {
    await expect(getSettings()).resolves.toEqual(defaultSettings);
  });

  it('saves to local storage with version 1 metadata and loads it back', async () => {
    await saveSettings(v1Fixture as SettingsV1);
    await expect(getSettings()).resolves.toEqual(v1Fixture);
    const raw = await fakeBrowser.storage.local.get(['settings', 'settings$']);
    expect(raw.settings).toEqual(v1Fixture);
    expect(raw['settings$']).toEqual({ v: 1 });
  });

  it('refuses to save settings that break the schema', async () => {
    await expect(saveSettings({ ...defaultSettings, apiFlavour: 'v9' as never })).rejects.toThrow();
    await expect(fakeBrowser.storage.local.get('settings')).resolves.toEqual({});
  });

  it('keeps every valid field of a damaged stored value and defaults the rest', () => {
    const damaged = { ...v1Fixture, apiFlavour: 'nonsense', siteRules: 'not a list', extra: 1 };
    expect(coerceSettings(damaged)).toEqual({ ...v1Fixture, apiFlavour: defaultSettings.apiFlavour, siteRules: [] });
    expect(coerceSettings(null)).toEqual(defaultSettings);
    expect(coerceSettings('garbage')).toEqual(defaultSettings);
  });

  it('reads a value written before versioning as version 1', async () => {
    await fakeBrowser.storage.local.set({ settings: v1Fixture });
    await expect(settingsItem.getValue()).resolves.toEqual(v1Fixture);
  });
});

describe('settings migration path', () => {
  beforeEach(() => fakeBrowser.reset());

  // The stored v1 shape is what the next version migrates from; this pins that it can.
  it('lets a version 2 item migrate stored v1 settings', async () => {
    await saveSettings(v1Fixture as SettingsV1);
    type SettingsV2 = Omit<SettingsV1, 'disabledSites'> & { sites: Record<string, { enabled: boolean }> };
    const v2Item = storage.defineItem<SettingsV2>('local:settings', {
      fallback: { ...defaultSettings, sites: {} } as unknown as SettingsV2,
      version: 2,
      migrations: {
        2: ({ disabledSites, ...rest }: SettingsV1): SettingsV2 => ({
          ...rest,
          sites: Object.fromEntries(disabledSites.map((host) => [host, { enabled: false }])),
        }),
      },
    });
    await v2Item.migrate();
    const migrated = await v2Item.getValue();
    expect(migrated.sites).toEqual({ 'news.example': { enabled: false } });
    expect(migrated.subscriptionId).toBe(v1Fixture.subscriptionId);
    expect(await fakeBrowser.storage.local.get('settings$')).toEqual({ settings$: { v: 2 } });
  });
});
