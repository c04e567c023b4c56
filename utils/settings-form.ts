import { z } from 'zod';
import { apiFlavours, type ApiFlavour, type Settings } from '@/utils/storage';
import type { SiteRule } from '@/utils/detect/site-rule';
import { isValidRegex } from '@/utils/detect/site-rule-schema';

/**
 * The logic behind the settings form (popup and options page share it): one zod schema per field
 * whose messages are i18n keys, so the UI shows a translated sentence next to the field that is wrong.
 * Pure: no extension APIs, no DOM (a selector check is passed in), so it is tested in Node.
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

export const settingsFormFields = ['subscriptionId', 'tokenEndpoint', 'apiBaseUrl', 'apiFlavour', 'developerApiKey'] as const;
export type SettingsFormField = (typeof settingsFormFields)[number];

/** What the form edits: the connection part of the settings (site rules are edited per site). */
export type SettingsFormValues = Pick<Settings, SettingsFormField>;
export type FieldErrors<F extends string> = Partial<Record<F, SettingsProblem>>;

/** Plain http is acceptable only to this computer, for the local sandbox (brief: 127.0.0.1, localhost, [::1]). */
const loopbackHosts = new Set(['127.0.0.1', 'localhost', '[::1]']);

export function isLoopbackUrl(value: string): boolean {
  const url = parseUrl(value.trim());
  return url !== null && loopbackHosts.has(url.hostname);
}

function parseUrl(value: string): URL | null {
  try {
    return new URL(value);
  } catch {
    return null;
  }
}

const problem = (key: SettingsProblem) => ({ message: key });

/** The token endpoint and API base URL carry tokens and the shopper's photo: https, or http on loopback. */
const serviceUrlSchema = z
  .string()
  .trim()
  .min(1, problem('settings_error_required'))
  .max(2048, problem('settings_error_url_invalid'))
  .superRefine((value, ctx) => {
    const url = parseUrl(value);
    if (!url || !/^https?:$/.test(url.protocol) || !url.hostname) {
      ctx.addIssue({ code: 'custom', ...problem('settings_error_url_invalid') });
    } else if (url.protocol === 'http:' && !loopbackHosts.has(url.hostname)) {
      ctx.addIssue({ code: 'custom', ...problem('settings_error_url_https') });
    } else if (url.username || url.password) {
      // A password in a URL ends up in logs and history; the token endpoint must not need one.
      ctx.addIssue({ code: 'custom', ...problem('settings_error_url_credentials') });
    }
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
} satisfies Record<SettingsFormField, z.ZodType>;

/** The first problem of one field, for showing it while the person types (after they leave the field). */
export function validateSettingsField(field: SettingsFormField, value: string): SettingsProblem | undefined {
  const parsed = settingsFieldSchemas[field].safeParse(value);
  return parsed.success ? undefined : (parsed.error.issues[0]?.message as SettingsProblem);
}

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
  // A static API key is a secret: it may only ever be sent to a sandbox on this computer.
  if (values.developerApiKey && values.apiBaseUrl && !isLoopbackUrl(values.apiBaseUrl)) {
    errors.developerApiKey = 'settings_error_api_key_sandbox_only';
  }
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
  };
}

/** Aiuta's production base URL for each API flavour. */
export const officialBaseUrls: Record<ApiFlavour, string> = {
  'digital-try-on-v1': 'https://api.aiuta.com/digital-try-on/v1',
  'unified-v1': 'https://api.aiuta.com/v1',
};

/**
 * When the flavour changes, an API base URL that still points at the other flavour's official URL
 * (or its path on a sandbox) is moved along; anything custom is left alone.
 */
export function baseUrlForFlavour(currentBaseUrl: string, from: ApiFlavour, to: ApiFlavour): string {
  const trimmed = currentBaseUrl.trim().replace(/\/+$/, '');
  if (from === to) return currentBaseUrl;
  if (trimmed === officialBaseUrls[from]) return officialBaseUrls[to];
  const url = parseUrl(trimmed);
  if (url && isLoopbackUrl(trimmed)) {
    const fromPath = new URL(officialBaseUrls[from]).pathname;
    const toPath = new URL(officialBaseUrls[to]).pathname;
    if (url.pathname === fromPath) return `${url.origin}${toPath}`;
  }
  return currentBaseUrl;
}

// ---------------------------------------------------------------------------------------------
// Per-site rules

export const siteRuleFormFields = ['host', 'skuCatalogName', 'idKind', 'selector', 'regex'] as const;
export type SiteRuleFormField = (typeof siteRuleFormFields)[number];
export type SiteRuleFormInput = Record<SiteRuleFormField, string>;

/** Id kinds the detectors report; offered as choices, though any short name is accepted. */
export const knownIdKinds = ['sku', 'gtin', 'mpn', 'productID', 'asin'] as const;

/** Whether a string is a CSS selector the browser accepts; injected because it needs a DOM. */
export type SelectorCheck = (selector: string) => boolean;

export function browserSelectorCheck(doc: Document): SelectorCheck {
  const fragment = doc.createDocumentFragment();
  return (selector) => {
    try {
      fragment.querySelector(selector);
      return true;
    } catch {
      return false;
    }
  };
}

/** Rules and disabled sites are kept as bare lower-case host names (no scheme, port or path). */
export function normaliseHost(value: string): string {
  const trimmed = value.trim().toLowerCase();
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//.test(trimmed) ? trimmed : `http://${trimmed}`;
  const url = parseUrl(withScheme);
  return url?.hostname ?? trimmed;
}

const optionalText = (max: number, pattern: RegExp, key: SettingsProblem) =>
  z
    .string()
    .trim()
    .max(max, problem(key))
    .regex(pattern, problem(key))
    .transform((value) => value || undefined);

function siteRuleFieldSchemas(isSelector: SelectorCheck) {
  return {
    host: z
      .string()
      .transform(normaliseHost)
      .pipe(
        z
          .string()
          .min(1, problem('site_error_host'))
          .max(253, problem('site_error_host'))
          .regex(/^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$|^\[[0-9a-f:.]+\]$/, problem('site_error_host')),
      ),
    skuCatalogName: optionalText(64, /^[A-Za-z0-9_.-]*$/, 'site_error_catalog_name'),
    idKind: optionalText(32, /^[A-Za-z0-9_-]*$/, 'site_error_id_kind'),
    selector: z
      .string()
      .trim()
      .max(500, problem('site_error_selector'))
      .refine((value) => value === '' || isSelector(value), problem('site_error_selector'))
      .transform((value) => value || undefined),
    regex: z
      .string()
      .max(500, problem('site_error_regex'))
      .refine((value) => value === '' || isValidRegex(value), problem('site_error_regex'))
      .transform((value) => value || undefined),
  } satisfies Record<SiteRuleFormField, z.ZodType>;
}

export type SiteRuleFormResult = { ok: true; rule: SiteRule } | { ok: false; errors: FieldErrors<SiteRuleFormField> };

export function validateSiteRuleForm(input: SiteRuleFormInput, isSelector: SelectorCheck): SiteRuleFormResult {
  const schemas = siteRuleFieldSchemas(isSelector);
  const errors: FieldErrors<SiteRuleFormField> = {};
  const rule: Record<string, string | undefined> = {};
  for (const field of siteRuleFormFields) {
    const parsed = schemas[field].safeParse(input[field]);
    if (parsed.success) rule[field] = parsed.data;
    else errors[field] = parsed.error.issues[0]?.message as SettingsProblem;
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  if (!rule.skuCatalogName && !rule.idKind && !rule.selector && !rule.regex) {
    return { ok: false, errors: { selector: 'site_error_empty_rule' } };
  }
  const { host, skuCatalogName, idKind, selector, regex } = rule;
  const defined: SiteRule = { host: host ?? '' };
  if (skuCatalogName) defined.skuCatalogName = skuCatalogName;
  if (idKind) defined.idKind = idKind;
  if (selector) defined.selector = selector;
  if (regex) defined.regex = regex;
  return { ok: true, rule: defined };
}

export function toSiteRuleFormInput(rule: SiteRule | undefined, host: string): SiteRuleFormInput {
  return {
    host: rule?.host ?? host,
    skuCatalogName: rule?.skuCatalogName ?? '',
    idKind: rule?.idKind ?? '',
    selector: rule?.selector ?? '',
    regex: rule?.regex ?? '',
  };
}

/** Does a rule (or a disabled-sites entry) for `ruleHost` apply on `pageHost`? Subdomains included. */
export function hostMatches(ruleHost: string, pageHost: string): boolean {
  const rule = normaliseHost(ruleHost);
  const page = normaliseHost(pageHost);
  return page === rule || page.endsWith(`.${rule}`);
}

export function findSiteRule(rules: readonly SiteRule[], pageHost: string): SiteRule | undefined {
  // The most specific host wins (shop.example.com over example.com).
  return rules
    .filter((rule) => hostMatches(rule.host, pageHost))
    .sort((a, b) => b.host.length - a.host.length)[0];
}

/** Replaces the rule for the same host, or adds it. */
export function upsertSiteRule(rules: readonly SiteRule[], rule: SiteRule): SiteRule[] {
  const host = normaliseHost(rule.host);
  return [...rules.filter((existing) => normaliseHost(existing.host) !== host), { ...rule, host }];
}

export function removeSiteRule(rules: readonly SiteRule[], host: string): SiteRule[] {
  const target = normaliseHost(host);
  return rules.filter((existing) => normaliseHost(existing.host) !== target);
}

/**
 * Disabled sites are matched like the content script matches them (utils/page-ui/site-switch.ts):
 * ignoring a leading "www.", and covering subdomains.
 */
const withoutWww = (host: string) => normaliseHost(host).replace(/^www\./, '').replace(/\.$/, '');

function siteCovers(entry: string, pageHost: string): boolean {
  const site = withoutWww(entry);
  const host = withoutWww(pageHost);
  return site !== '' && (host === site || host.endsWith(`.${site}`));
}

export function isSiteDisabled(disabledSites: readonly string[], pageHost: string): boolean {
  return disabledSites.some((site) => siteCovers(site, pageHost));
}

/** Turns the button on or off for a site; turning it on also removes entries of parent domains. */
export function setSiteDisabled(disabledSites: readonly string[], pageHost: string, disabled: boolean): string[] {
  const others = disabledSites.filter((site) => !siteCovers(site, pageHost));
  return disabled ? [...others, withoutWww(pageHost)] : others;
}

// ---------------------------------------------------------------------------------------------
// "Test connection": what a failure means and which field to look at

export type ConnectionProblem =
  | 'settings_test_not_configured'
  | 'settings_test_token_unreachable'
  | 'settings_test_token_cors'
  | 'settings_test_token_bad_response'
  | 'settings_test_token_rejected'
  | 'settings_test_token_expired'
  | 'settings_test_api_unreachable'
  | 'settings_test_api_cors'
  | 'settings_test_api_unauthorized'
  | 'settings_test_api_forbidden'
  | 'settings_test_api_bad_response'
  | 'settings_test_api_busy'
  | 'settings_test_api_error'
  | 'settings_test_extension_error';

export interface ConnectionDiagnosis {
  problem: ConnectionProblem;
  /** The field most likely to be wrong, to point at it. */
  field?: SettingsFormField;
}

/** How a server responds to a request from this extension's origin. */
export type ServerProbe = 'answers' | 'refuses-origin' | 'silent';

/**
 * A failed fetch looks the same to the extension whether the server is down or refused our origin
 * (CORS). Two requests tell them apart: a `no-cors` one resolves (with an unreadable answer) whenever
 * the server answered at all; a `cors` one resolves only if the server also allows our origin.
 */
export async function probeServer(url: string, fetcher: typeof fetch = fetch, timeoutMs = 5_000): Promise<ServerProbe> {
  const attempt = async (mode: RequestMode) => {
    try {
      await fetcher(url, { method: 'HEAD', mode, credentials: 'omit', cache: 'no-store', signal: AbortSignal.timeout(timeoutMs) });
      return true;
    } catch {
      return false;
    }
  };
  if (await attempt('cors')) return 'answers';
  return (await attempt('no-cors')) ? 'refuses-origin' : 'silent';
}

/**
 * Maps the background's error code to an explanation. `probe` (of the URL `urlToProbe` names) turns
 * "unreachable" into "refuses this extension (CORS)" when the server answers but not to us.
 */
export function diagnoseConnection(code: string, probe?: ServerProbe): ConnectionDiagnosis {
  const cors = probe === 'refuses-origin';
  switch (code) {
    case 'not_configured':
      return { problem: 'settings_test_not_configured' };
    case 'token_unreachable':
      return cors
        ? { problem: 'settings_test_token_cors', field: 'tokenEndpoint' }
        : { problem: 'settings_test_token_unreachable', field: 'tokenEndpoint' };
    case 'token_bad_response':
      return { problem: 'settings_test_token_bad_response', field: 'tokenEndpoint' };
    case 'token_rejected':
      return { problem: 'settings_test_token_rejected', field: 'subscriptionId' };
    case 'token_expired':
      return { problem: 'settings_test_token_expired', field: 'tokenEndpoint' };
    case 'api_unreachable':
    case 'api_timeout':
      return cors
        ? { problem: 'settings_test_api_cors', field: 'apiBaseUrl' }
        : { problem: 'settings_test_api_unreachable', field: 'apiBaseUrl' };
    case 'api_unauthorized':
      return { problem: 'settings_test_api_unauthorized', field: 'subscriptionId' };
    case 'api_forbidden':
      return { problem: 'settings_test_api_forbidden', field: 'subscriptionId' };
    case 'api_bad_response':
    case 'api_validation':
      return { problem: 'settings_test_api_bad_response', field: 'apiBaseUrl' };
    case 'api_rate_limited':
    case 'api_unavailable':
      return { problem: 'settings_test_api_busy' };
    case 'api_error':
      return { problem: 'settings_test_api_error', field: 'apiBaseUrl' };
    default:
      return { problem: 'settings_test_extension_error' };
  }
}

/** Which URL to probe for a code whose cause may be CORS. */
export function urlToProbe(code: string, values: Pick<SettingsFormValues, 'tokenEndpoint' | 'apiBaseUrl'>): string | undefined {
  if (code === 'token_unreachable') return values.tokenEndpoint;
  if (code === 'api_unreachable' || code === 'api_timeout') return values.apiBaseUrl;
  return undefined;
}
