import { attributeName } from './form-fields';
import type { PageContext } from './page';
import { normalizeForKind } from './text';
import { emptyFinding, type Finding } from './types';

const SOURCE = 'url';
const AMAZON_ASIN = /\/(?:dp|gp\/product|gp\/aw\/d|o\/asin)\/([A-Z0-9]{10})(?:[/?#]|$)/i;
const PATH_ID = [
  /\/(?:p|product|products|item|items|ip|pd|prod)\/(?:[^/]+\/)?(\d{4,12})(?:[/?#.]|$)/i,
  /[-_/]p-?(\d{4,12})(?:\.html?)?\/?$/i,
  /\/(\d{5,12})\.html?$/i,
  /[-_](\d{6,12})(?:\.html?)?\/?$/i,
];
const PRODUCT_PATH = /\/(?:products?|p|dp|item|items|ip|pd|prod|produkt|produit|prodotto|producto|artikel)\/[^/]|[-_/]p-?\d{4,}|\/\d{5,}\.html?$/i;
const LISTING_PATH = /\/(?:collections?|categor(?:y|ies)|c|shop|catalog|catalogue|department|browse|brands?|sale|kategorie)(?:\/|$)/i;
const SEARCH_PATH = /\/(?:search|catalogsearch|suche|recherche|s)(?:\/|$)/i;
const ARTICLE_PATH = /\/(?:blogs?|news|magazine|journal|stories|articles?|reviews?|guides?|editorial)(?:\/|$)/i;
const HOME_PATH = /^\/(?:[a-z]{2}(?:[-_][a-z]{2})?\/?)?(?:index\.(?:html?|php))?$/i;
const PRODUCT_PARAMS = /^(?:variant|pid|product|product_id|productid|sku|id|p|item|itemid|add-to-cart)$/i;
const SEARCH_PARAMS = /^(?:q|query|search|searchterm|keyword|keywords|k|s|text)$/i;
const IGNORED_PARAMS = /^(?:utm_\w+|gclid|fbclid|ref|ref_|_pos|_sid|_ss|_psq|_v|currency|lang|locale)$/i;

/** Reads the page URL: Amazon ASINs, Shopify `?variant=`, product ids in paths, and the page kind its shape suggests. */
export function readUrl(page: PageContext): Finding {
  const finding = emptyFinding(SOURCE);
  const url = page.url;
  if (!url) return finding;
  const path = safeDecode(url.pathname);
  const params = [...url.searchParams.entries()];

  if (page.hostname.includes('amazon.')) {
    const asin = AMAZON_ASIN.exec(path)?.[1]?.toUpperCase();
    if (asin) {
      finding.ids.push({ kind: 'asin', value: asin, source: SOURCE });
      finding.signals.push({ verdict: 'product', strength: 2, reason: 'amazon product URL' });
    } else if (/^\/s\/?$/.test(path) || params.some(([k]) => k === 'k')) {
      finding.signals.push({ verdict: 'listing', strength: 2, reason: 'amazon search URL' });
    }
  }

  for (const [rawKey, rawValue] of params) {
    const key = rawKey.toLowerCase();
    if (key === 'variant' || key === 'variant_id' || key === 'variation_id') {
      const value = rawValue.trim();
      if (/^\d{1,20}$/.test(value)) {
        finding.selectedKeys.push(value);
        finding.ids.push({ kind: 'variantId', value, source: SOURCE, selected: true });
      }
    } else if (key === 'sku') {
      const value = normalizeForKind('sku', rawValue);
      if (value) finding.ids.push({ kind: 'sku', value, source: SOURCE, selected: true });
    } else if (key === 'pid' || key === 'productid' || key === 'product_id') {
      const value = normalizeForKind('productID', rawValue);
      if (value) finding.ids.push({ kind: 'productID', value, source: SOURCE });
    } else if (key.startsWith('attribute_')) {
      const value = rawValue.trim().toLowerCase();
      if (value) finding.selectedAttributes[attributeName(key)] = value;
    }
  }

  for (const pattern of PATH_ID) {
    const id = pattern.exec(path)?.[1];
    if (id) {
      finding.ids.push({ kind: 'productID', value: id, source: SOURCE });
      break;
    }
  }

  const meaningful = params.filter(([k]) => !IGNORED_PARAMS.test(k));
  if (HOME_PATH.test(path) && !meaningful.some(([k]) => PRODUCT_PARAMS.test(k) || SEARCH_PARAMS.test(k))) {
    finding.signals.push({ verdict: 'home', strength: 3, reason: 'home page URL' });
  } else if (SEARCH_PATH.test(path) || meaningful.some(([k, v]) => SEARCH_PARAMS.test(k) && v.trim() !== '')) {
    finding.signals.push({ verdict: 'listing', strength: 1, reason: 'search URL' });
  } else if (PRODUCT_PATH.test(path)) {
    finding.signals.push({ verdict: 'product', strength: 1, reason: 'product URL' });
  } else if (LISTING_PATH.test(path)) {
    finding.signals.push({ verdict: 'listing', strength: 1, reason: 'category URL' });
  } else if (ARTICLE_PATH.test(path)) {
    finding.signals.push({ verdict: 'article', strength: 1, reason: 'article URL' });
  }
  return finding;
}

function safeDecode(path: string): string {
  try {
    return decodeURI(path);
  } catch {
    return path;
  }
}

/** A URL in a form that ignores parameter order, tracking parameters, the fragment and a trailing slash. */
export function comparableUrl(raw: string): string {
  try {
    const url = new URL(raw);
    const params = [...url.searchParams.entries()]
      .filter(([k]) => !IGNORED_PARAMS.test(k))
      .map(([k, v]) => `${k.toLowerCase()}=${v}`)
      .sort();
    return `${url.hostname.toLowerCase()}${url.pathname.replace(/\/$/, '')}${params.length ? `?${params.join('&')}` : ''}`;
  } catch {
    return raw;
  }
}
