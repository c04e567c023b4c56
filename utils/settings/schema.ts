import * as z from 'zod/mini';
import { apiFlavours } from '@/utils/aiuta/flavours';
import { siteRuleSchema } from '@/utils/detect/site-rule-schema';

/**
 * The settings and how they are read back. zod/mini, so the content scripts read the stored value
 * with this very schema (and its per-field fallback) within their size budget.
 */

/** Version 1 of the settings. Kept as its own type so later versions can migrate from it. */
export const settingsV1Schema = z.object({
  subscriptionId: z.string().check(z.trim(), z.maxLength(64)),
  tokenEndpoint: z.string().check(z.trim(), z.maxLength(2048)),
  apiBaseUrl: z.string().check(z.trim(), z.maxLength(2048)),
  apiFlavour: z.enum(apiFlavours),
  siteRules: z.array(siteRuleSchema).check(z.maxLength(200)),
  /** Hostnames where the shopper turned the button off. */
  disabledSites: z.array(z.string().check(z.maxLength(253))).check(z.maxLength(1000)),
  /** Only for a local sandbox: a real Aiuta API key must never ship in an extension. */
  developerApiKey: z.string().check(z.trim(), z.maxLength(256)),
});

export type SettingsV1 = z.infer<typeof settingsV1Schema>;

/** Version 2 adds the catalog endpoint (empty: no catalog check before a try-on). */
export const settingsV2Schema = z.extend(settingsV1Schema, {
  catalogEndpoint: z.string().check(z.trim(), z.maxLength(2048)),
});

export type SettingsV2 = z.infer<typeof settingsV2Schema>;
export type Settings = SettingsV2;
export const settingsSchema = settingsV2Schema;

/**
 * v1 -> v2: settings saved before the catalog endpoint existed keep working as they did, without a
 * catalog check, even when this build has a default endpoint (it may belong to another backend).
 */
export function migrateSettingsV1(v1: SettingsV1): SettingsV2 {
  return { ...v1, catalogEndpoint: '' };
}

/** Build-time defaults (`npm start` points them at the local sandbox); empty in a release build. */
export const defaultSettings: Settings = {
  subscriptionId: import.meta.env.WXT_DEFAULT_SUBSCRIPTION_ID ?? '',
  tokenEndpoint: import.meta.env.WXT_DEFAULT_TOKEN_ENDPOINT ?? '',
  // `||`: an empty value (as in .env.example) means "not set".
  apiBaseUrl: import.meta.env.WXT_DEFAULT_API_BASE_URL || 'https://api.aiuta.com/digital-try-on/v1',
  apiFlavour: 'digital-try-on-v1',
  siteRules: [],
  disabledSites: [],
  developerApiKey: '',
  catalogEndpoint: import.meta.env.WXT_DEFAULT_CATALOG_ENDPOINT ?? '',
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
    const field = z.safeParse(schema, record[key]);
    if (field.success) result[key] = field.data;
  }
  return result as Settings;
}
