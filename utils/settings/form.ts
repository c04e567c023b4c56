/**
 * What the settings forms (popup and options page) share: one zod schema per field whose messages
 * are i18n keys, so the UI shows a translated sentence next to the field that is wrong.
 */

/** Every message a field can show; each is a key in public/_locales/<lang>/messages.json. */
export type SettingsProblem =
  | 'settings_error_required'
  | 'settings_error_subscription_format'
  | 'settings_error_url_invalid'
  | 'settings_error_url_https'
  | 'settings_error_url_credentials'
  | 'settings_error_api_key_format'
  | 'settings_error_api_key_sandbox_only'
  | 'site_error_host'
  | 'site_error_id_kind'
  | 'site_error_selector'
  | 'site_error_regex'
  | 'site_error_catalog_name'
  | 'site_error_empty_rule';

export type FieldErrors<F extends string> = Partial<Record<F, SettingsProblem>>;

export const problem = (key: SettingsProblem) => ({ message: key });

export function parseUrl(value: string): URL | null {
  try {
    return new URL(value);
  } catch {
    return null;
  }
}
