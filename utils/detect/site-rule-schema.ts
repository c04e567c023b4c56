import * as z from 'zod/mini';
import type { SiteRule } from './site-rule';

export function isValidRegex(source: string): boolean {
  try {
    new RegExp(source);
    return true;
  } catch {
    return false;
  }
}

/**
 * A per-site override of detection, set by the user or integrator in settings. zod/mini, so the
 * content scripts check a rule with this very schema within their size budget.
 */
export const siteRuleSchema = z.object({
  /** Hostname the rule applies to; also matches its subdomains. */
  host: z.string().check(z.trim(), z.minLength(1), z.maxLength(253)),
  /** Which id kind to prefer (e.g. "sku", "gtin", "mpn", "productID", "asin"). */
  idKind: z.optional(z.string().check(z.trim(), z.maxLength(32))),
  /** CSS selector whose value, content attribute or text holds the id. */
  selector: z.optional(z.string().check(z.trim(), z.maxLength(500))),
  /** Applied to the selector's text (or the URL without a selector); first capture group wins. */
  regex: z.optional(z.string().check(z.maxLength(500), z.refine(isValidRegex, 'must be a valid regular expression'))),
  /** Sent to Aiuta as sku_catalog_name for this site. */
  skuCatalogName: z.optional(z.string().check(z.trim(), z.maxLength(64))),
});

/** Fails to compile if the schema and the SiteRule interface the detector reads ever drift apart. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
export const siteRuleSchemaMatchesType: Same<SiteRule, z.output<typeof siteRuleSchema>> = true;
