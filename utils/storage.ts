import { z } from 'zod';
import { storage } from 'wxt/utils/storage';
import { siteRuleSchema } from '@/utils/detect/site-rule';

/**
 * Every storage item the extension uses is defined here, once. Keys carry their area:
 * `local:` survives restarts (settings, photo metadata, history), `session:` lives in memory until
 * the browser closes (jobs, short-lived state). Tokens never go to `local:` or `sync:`.
 */

export const apiFlavours = ['digital-try-on-v1', 'unified-v1'] as const;
export type ApiFlavour = (typeof apiFlavours)[number];

/** Version 1 of the settings. Kept as its own type so later versions can migrate from it. */
export const settingsV1Schema = z.object({
  subscriptionId: z.string().trim().max(64),
  tokenEndpoint: z.string().trim().max(2048),
  apiBaseUrl: z.string().trim().max(2048),
  apiFlavour: z.enum(apiFlavours),
  siteRules: z.array(siteRuleSchema).max(200),
  /** Hostnames where the shopper turned the button off. */
  disabledSites: z.array(z.string().max(253)).max(1000),
  /** Only for a local sandbox: a real Aiuta API key must never ship in an extension. */
  developerApiKey: z.string().trim().max(256),
});

export type SettingsV1 = z.infer<typeof settingsV1Schema>;
export type Settings = SettingsV1;
export const settingsSchema = settingsV1Schema;

/** Build-time defaults (`npm start` points them at the local sandbox); empty in a release build. */
export const defaultSettings: Settings = {
  subscriptionId: import.meta.env.WXT_DEFAULT_SUBSCRIPTION_ID ?? '',
  tokenEndpoint: import.meta.env.WXT_DEFAULT_TOKEN_ENDPOINT ?? '',
  apiBaseUrl: import.meta.env.WXT_DEFAULT_API_BASE_URL ?? 'https://api.aiuta.com/digital-try-on/v1',
  apiFlavour: 'digital-try-on-v1',
  siteRules: [],
  disabledSites: [],
  developerApiKey: '',
};

/**
 * Reads whatever is stored into valid settings: each field that fails its schema falls back to its
 * default instead of discarding the rest (a hand-edited or half-written value must not wipe settings).
 */
export function coerceSettings(stored: unknown): Settings {
  const whole = settingsSchema.safeParse(stored);
  if (whole.success) return whole.data;
  const record = typeof stored === 'object' && stored !== null ? (stored as Record<string, unknown>) : {};
  const result = { ...defaultSettings } as Record<string, unknown>;
  for (const [key, schema] of Object.entries(settingsSchema.shape)) {
    const field = (schema as z.ZodType).safeParse(record[key]);
    if (field.success) result[key] = field.data;
  }
  return result as Settings;
}

export const settingsItem = storage.defineItem<Settings>('local:settings', {
  fallback: defaultSettings,
  version: 1,
  // Future versions add `2: (v1: SettingsV1): SettingsV2 => ...` here, each with a test.
  migrations: {},
});

export async function getSettings(): Promise<Settings> {
  return coerceSettings(await settingsItem.getValue());
}

export async function saveSettings(settings: Settings): Promise<Settings> {
  const valid = settingsSchema.parse(settings);
  await settingsItem.setValue(valid);
  return valid;
}

/** The shopper agreed to upload their photo to the try-on service (with when, for the record). */
export const consentItem = storage.defineItem<{ acceptedAt: number } | null>('local:consent', {
  fallback: null,
  version: 1,
});
