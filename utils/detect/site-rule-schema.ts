import { z } from 'zod';
import type { SiteRule } from './site-rule';

export function isValidRegex(source: string): boolean {
  try {
    new RegExp(source);
    return true;
  } catch {
    return false;
  }
}

/** A per-site override of detection, set by the user or integrator in settings. */
export const siteRuleSchema = z.object({
  /** Hostname the rule applies to; also matches its subdomains. */
  host: z.string().trim().min(1).max(253),
  /** Which id kind to prefer (e.g. "sku", "gtin", "mpn", "productID", "asin"). */
  idKind: z.string().trim().max(32).optional(),
  /** CSS selector whose value, content attribute or text holds the id. */
  selector: z.string().trim().max(500).optional(),
  /** Applied to the selector's text (or the URL without a selector); first capture group wins. */
  regex: z.string().max(500).refine(isValidRegex, 'must be a valid regular expression').optional(),
  /** Sent to Aiuta as sku_catalog_name for this site. */
  skuCatalogName: z.string().trim().max(64).optional(),
});

/** Fails to compile if the schema and the SiteRule interface the detector reads ever drift apart. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
export const siteRuleSchemaMatchesType: Same<SiteRule, z.output<typeof siteRuleSchema>> = true;
