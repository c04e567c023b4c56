import { z } from 'zod';
import type { SiteRule } from '@/utils/detect';
import { isValidRegex } from '@/utils/detect/site-rule-schema';
import { normaliseHost } from '@/utils/sites';
import { problem, type FieldErrors, type SettingsProblem } from '@/utils/settings/form';

/** The per-site rule form: validates what the shopper or integrator typed into a `SiteRule`. */

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
