import type { PageContext } from './page';
import { elementValue } from './page';
import { normalizeForKind } from './text';
import { emptyFinding, type Finding } from './types';

/**
 * A per-site override of detection, set by the user or integrator in settings. Its zod schema lives
 * in site-rule-schema.ts so the content script, which runs this file, does not bundle zod.
 */
export interface SiteRule {
  /** Hostname the rule applies to; also matches its subdomains. */
  host: string;
  /** Which id kind to prefer (e.g. "sku", "gtin", "mpn", "productID", "asin"). */
  idKind?: string;
  /** CSS selector whose value, content attribute or text holds the id. */
  selector?: string;
  /** Applied to the selector's text (or the URL without a selector); first capture group wins. */
  regex?: string;
  /** Sent to Aiuta as sku_catalog_name for this site. */
  skuCatalogName?: string;
}

/** The rule for this hostname: exact host or a parent domain; the most specific one wins. */
export { findSiteRule as matchRule } from '@/utils/sites';

const MAX_MATCHES = 5;

/** The id a rule's selector and/or regex reads from the page. A broken selector or regex reads nothing. */
export function readRule(page: PageContext, rule: SiteRule): Finding {
  const finding = emptyFinding('rule');
  if (!rule.selector && !rule.regex) return finding;
  const kind = rule.idKind?.trim() || 'sku';
  const regex = compile(rule.regex);
  if (rule.regex && !regex) return finding;
  const texts: string[] = [];
  if (rule.selector) {
    let elements: ArrayLike<Element> = [];
    try {
      elements = page.doc.querySelectorAll(rule.selector);
    } catch {
      return finding;
    }
    for (let i = 0; i < elements.length && i < MAX_MATCHES; i++) {
      const element = elements[i];
      if (element) texts.push(elementValue(element));
    }
  } else {
    texts.push(page.href);
  }
  for (const text of texts) {
    const raw = regex ? firstCapture(regex, text) : text;
    const value = normalizeForKind(kind === 'gtin' ? 'gtin' : 'sku', raw);
    if (value) {
      finding.ids.push({ kind, value, source: 'rule' });
      finding.signals.push({ verdict: 'product', strength: 3, reason: 'site rule matched' });
      break;
    }
  }
  return finding;
}

function compile(source: string | undefined): RegExp | undefined {
  if (!source) return undefined;
  try {
    return new RegExp(source);
  } catch {
    return undefined;
  }
}

function firstCapture(regex: RegExp, text: string): string {
  const match = regex.exec(text.length > 100_000 ? text.slice(0, 100_000) : text);
  if (!match) return '';
  return match[1] ?? match[0];
}
