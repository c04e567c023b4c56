import { z } from 'zod';
import { apiFlavours, officialBaseUrls, type ApiFlavour } from '@/utils/aiuta/flavours';
import { isLocalHost, isLocalUrl } from '@/utils/local-address';
import { parseUrl, problem, type FieldErrors, type SettingsProblem } from '@/utils/settings/form';
import type { Settings } from '@/utils/settings/schema';

/**
 * The connection part of the settings form: subscription ID, token endpoint, API base URL, API
 * flavour and the sandbox-only developer key. Pure: no extension APIs, no DOM.
 */

export const settingsFormFields = ['subscriptionId', 'tokenEndpoint', 'apiBaseUrl', 'apiFlavour', 'developerApiKey', 'catalogEndpoint'] as const;
export type SettingsFormField = (typeof settingsFormFields)[number];

/** What the form edits: the connection part of the settings (site rules are edited per site). */
export type SettingsFormValues = Pick<Settings, SettingsFormField>;

/**
 * The token endpoint and API base URL carry tokens and the shopper's photo, the catalog endpoint the
 * product page's facts: https, or http on this computer.
 */
function checkServiceUrl(value: string, ctx: z.RefinementCtx): void {
  const url = parseUrl(value);
  if (!url || !/^https?:$/.test(url.protocol) || !url.hostname) {
    ctx.addIssue({ code: 'custom', ...problem('settings_error_url_invalid') });
  } else if (url.protocol === 'http:' && !isLocalHost(url.hostname)) {
    ctx.addIssue({ code: 'custom', ...problem('settings_error_url_https') });
  } else if (url.username || url.password) {
    // A password in a URL ends up in logs and history; the token endpoint must not need one.
    ctx.addIssue({ code: 'custom', ...problem('settings_error_url_credentials') });
  }
}

const serviceUrlSchema = z
  .string()
  .trim()
  .min(1, problem('settings_error_required'))
  .max(2048, problem('settings_error_url_invalid'))
  .superRefine(checkServiceUrl);

/** Optional: empty means no catalog check before a try-on. */
const optionalServiceUrlSchema = z
  .string()
  .trim()
  .max(2048, problem('settings_error_url_invalid'))
  .superRefine((value, ctx) => {
    if (value !== '') checkServiceUrl(value, ctx);
  });

export const settingsFieldSchemas = {
  subscriptionId: z
    .string()
    .trim()
    .min(1, problem('settings_error_required'))
    .regex(/^[A-Za-z0-9_-]{1,64}$/, problem('settings_error_subscription_format')),
  tokenEndpoint: serviceUrlSchema,
  // A trailing slash would double up when paths are appended.
  apiBaseUrl: serviceUrlSchema.transform((value) => value.replace(/\/+$/, '')),
  apiFlavour: z.enum(apiFlavours),
  developerApiKey: z
    .string()
    .trim()
    .max(256, problem('settings_error_api_key_format'))
    .regex(/^[\x21-\x7e]*$/, problem('settings_error_api_key_format')),
  catalogEndpoint: optionalServiceUrlSchema,
} satisfies Record<SettingsFormField, z.ZodType>;

/** The first problem of one field, for showing it while the person types (after they leave the field). */
export function validateSettingsField(field: SettingsFormField, value: string): SettingsProblem | undefined {
  const parsed = settingsFieldSchemas[field].safeParse(value);
  return parsed.success ? undefined : (parsed.error.issues[0]?.message as SettingsProblem);
}

/** A static API key is a secret: it may only ever be sent to a sandbox on this computer. */
function developerKeyOutsideSandbox(values: Partial<Record<SettingsFormField, string>>): boolean {
  return Boolean(values.developerApiKey && values.apiBaseUrl && !isLocalUrl(values.apiBaseUrl));
}

/** The connection settings as the background accepts them for saving: the form's own rules. */
export const connectionSettingsSchema = z
  .object(settingsFieldSchemas)
  .refine((values) => !developerKeyOutsideSandbox(values), { message: 'settings_error_api_key_sandbox_only', path: ['developerApiKey'] });

export type SettingsFormResult =
  | { ok: true; values: SettingsFormValues }
  | { ok: false; errors: FieldErrors<SettingsFormField> };

/** Validates every field plus the rules that span fields; returns the normalised values to save. */
export function validateSettingsForm(input: Record<SettingsFormField, string>): SettingsFormResult {
  const errors: FieldErrors<SettingsFormField> = {};
  const values: Partial<Record<SettingsFormField, string>> = {};
  for (const field of settingsFormFields) {
    const parsed = settingsFieldSchemas[field].safeParse(input[field]);
    if (parsed.success) values[field] = parsed.data;
    else errors[field] = parsed.error.issues[0]?.message as SettingsProblem;
  }
  if (developerKeyOutsideSandbox(values)) errors.developerApiKey = 'settings_error_api_key_sandbox_only';
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, values: values as SettingsFormValues };
}

export function toSettingsFormInput(settings: Settings): Record<SettingsFormField, string> {
  return {
    subscriptionId: settings.subscriptionId,
    tokenEndpoint: settings.tokenEndpoint,
    apiBaseUrl: settings.apiBaseUrl,
    apiFlavour: settings.apiFlavour,
    developerApiKey: settings.developerApiKey,
    catalogEndpoint: settings.catalogEndpoint,
  };
}

/**
 * When the flavour changes, an API base URL that still points at the other flavour's official URL
 * (or its path on a sandbox) is moved along; anything custom is left alone.
 */
export function baseUrlForFlavour(currentBaseUrl: string, from: ApiFlavour, to: ApiFlavour): string {
  const trimmed = currentBaseUrl.trim().replace(/\/+$/, '');
  if (from === to) return currentBaseUrl;
  if (trimmed === officialBaseUrls[from]) return officialBaseUrls[to];
  const url = parseUrl(trimmed);
  if (url && isLocalUrl(trimmed)) {
    const fromPath = new URL(officialBaseUrls[from]).pathname;
    const toPath = new URL(officialBaseUrls[to]).pathname;
    if (url.pathname === fromPath) return `${url.origin}${toPath}`;
  }
  return currentBaseUrl;
}
