import { attributeName } from './form-fields';
import type { PageContext } from './page';
import { isGtin, looksLikeYear, normalizeForKind } from './text';
import { emptyFinding, type Finding } from './types';

const SOURCE = 'url';
/** Amazon-style detail paths: `/dp/<ASIN>`, `/gp/product/<ASIN>`; the id must have an ASIN's shape. */
const ASIN_PATH = /\/(?:dp|gp\/product|gp\/aw\/d|o\/asin)\/([A-Z0-9]{10})(?:[/?#]|$)/i;
/** The segment after a word that means "product" or "item" in a store's path: `/p/123`, `/produkt/119550/...`. */
const AFTER_PRODUCT_WORD = /\/(?:p|pd|ip|prod|products?|produkte?|produits?|prodotto|producto|artikel|articles?|items?|itm|goods|detail)\/([^/]+)/i;
const PRODUCT_PATH = /\/(?:products?|p|dp|item|items|itm|ip|pd|prod|produkte?|produits?|prodotto|producto|artikel|goods)\/[^/]|[-_/]p-?\d{4,}|\/\d{5,}\.html?$|\/details?(?:\.\w{2,5})?\/?$|product_info|artinfo/i;
const LISTING_PATH = /\/(?:collections?|categor(?:y|ies)|c|cat|shop|catalog|catalogue|department|browse|brands?|sale|kategorie)(?:\/|$)/i;
const SEARCH_PATH = /\/(?:search|catalogsearch|suche|recherche|s)(?:\/|$)/i;
const ARTICLE_PATH = /\/(?:blogs?|news|magazine|journal|stories|articles?|reviews?|guides?|editorial|recipes?|recept|receptek|recette)(?:\/|$)/i;
const GUID_END = /([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;
const DATE_PATH = /\/(?:19|20)\d\d\/[01]?\d\//;
const HOME_PATH = /^\/(?:[a-z]{2}(?:[-_][a-z]{2})?\/?)?(?:index\.(?:html?|php))?$/i;
const PRODUCT_PARAMS = /^(?:variant|pid|product|product_id|productid|products_id|sku|skuid|id|p|item|itemid|artnr|add-to-cart)$/i;
const SEARCH_PARAMS = /^(?:q|query|search|searchterm|keyword|keywords|k|s|text)$/i;
const IGNORED_PARAMS = /^(?:utm_\w+|gclid|fbclid|ref|ref_|refid|_pos|_sid|_ss|_psq|_v|currency|lang|locale|icid\d*|cid|celement)$/i;

/** Query parameters that name the product or the selected item, by kind. */
const PARAM_KINDS: Record<string, string> = {
  sku: 'sku',
  skuid: 'sku',
  sku_id: 'sku',
  artnr: 'sku',
  pid: 'productID',
  productid: 'productID',
  product_id: 'productID',
  products_id: 'productID',
  id_product: 'productID',
  itemid: 'productID',
  item_id: 'productID',
  ean: 'gtin',
  gtin: 'gtin',
  mpn: 'mpn',
};

/**
 * Reads the page URL: ASINs, the selected variant and ids in query parameters, product ids in the
 * path (a number or code after a product word, ending the slug or heading it), and the page kind
 * its shape suggests.
 */
export function readUrl(page: PageContext): Finding {
  const finding = emptyFinding(SOURCE);
  const url = page.url;
  if (!url) return finding;
  const path = safeDecode(url.pathname);
  const params = [...url.searchParams.entries()];

  const asin = ASIN_PATH.exec(path)?.[1]?.toUpperCase();
  if (asin && normalizeForKind('asin', asin)) {
    finding.ids.push({ kind: 'asin', value: asin, source: SOURCE });
    finding.signals.push({ verdict: 'product', strength: 2, reason: 'ASIN product URL' });
  }

  for (const [rawKey, rawValue] of params) {
    const key = rawKey.toLowerCase();
    if (key === 'variant' || key === 'variant_id' || key === 'variation_id') {
      const value = rawValue.trim();
      if (/^\d{1,20}$/.test(value)) {
        finding.selectedKeys.push(value);
        finding.ids.push({ kind: 'variantId', value, source: SOURCE, selected: true });
      }
    } else if (key.startsWith('attribute_')) {
      const value = rawValue.trim().toLowerCase();
      if (value) finding.selectedAttributes[attributeName(key)] = value;
    } else {
      const kind = PARAM_KINDS[key];
      const value = kind ? normalizeForKind(kind, rawValue) : '';
      // A SKU in the URL names what the shopper chose (a shade, a size).
      if (kind && value) finding.ids.push(kind === 'sku' ? { kind, value, source: SOURCE, selected: true } : { kind, value, source: SOURCE });
    }
  }

  if (!DATE_PATH.test(path)) {
    for (const value of pathIds(path)) {
      // A 13-digit number with a valid check digit in a slug is the product's EAN.
      if (value !== asin) finding.ids.push({ kind: /^\d{13}$/.test(value) && isGtin(value) ? 'gtin' : 'productID', value, source: SOURCE });
    }
  }

  const meaningful = params.filter(([k]) => !IGNORED_PARAMS.test(k));
  if (HOME_PATH.test(path) && !meaningful.some(([k]) => PRODUCT_PARAMS.test(k) || SEARCH_PARAMS.test(k))) {
    finding.signals.push({ verdict: 'home', strength: 3, reason: 'home page URL' });
  } else if (SEARCH_PATH.test(path) || meaningful.some(([k, v]) => SEARCH_PARAMS.test(k) && v.trim() !== '')) {
    finding.signals.push({ verdict: 'listing', strength: 1, reason: 'search URL' });
  } else if (PRODUCT_PATH.test(path) || meaningful.some(([k]) => PARAM_KINDS[k.toLowerCase()] !== undefined)) {
    finding.signals.push({ verdict: 'product', strength: 1, reason: 'product URL' });
  } else if (LISTING_PATH.test(path)) {
    finding.signals.push({ verdict: 'listing', strength: 1, reason: 'category URL' });
  } else if (ARTICLE_PATH.test(path) || DATE_PATH.test(path)) {
    finding.signals.push({ verdict: 'article', strength: 1, reason: 'article URL' });
  }
  return finding;
}

/** An id in a URL: a number of five or more digits, or a code of letters and digits (`P422600`, `3c08657`). */
function idToken(token: string): string {
  if (/^\d{5,20}$/.test(token)) return looksLikeYear(token) ? '' : token;
  if (token.length >= 6 && token.length <= 40 && /^[a-z0-9]+$/i.test(token) && /\d/.test(token) && /[a-z]/i.test(token) && /\d.*\d/.test(token)) return token;
  return '';
}

/**
 * Ids in a path, most telling first: the segment after a product word (`/p/701812622_white`,
 * `/itm/133588510845`), a whole numeric segment (`/catalog/164419278/detail.aspx`), the token that
 * ends the last segment's slug (`...-F4KS70E6GP.html`, `...::36833.html`) or heads it (`/2501-lipstick.html`).
 */
export function pathIds(path: string): string[] {
  const out: string[] = [];
  const add = (value: string | undefined) => {
    if (value && !out.includes(value)) out.push(value);
  };
  const segments = path.split('/').filter(Boolean).map((s) => s.replace(/\.(?:html?|php|aspx?|jsp)$/i, ''));
  const afterWord = AFTER_PRODUCT_WORD.exec(path)?.[1]?.replace(/\.(?:html?|php|aspx?|jsp)$/i, '');
  if (afterWord && afterWord.length <= 40) {
    // `/p/701812622_white` names the product with its colour; `/produkt/119550` is a plain id.
    if (/^[a-z0-9]+(?:[_-][a-z0-9]+)?$/i.test(afterWord) && /\d{3,}/.test(afterWord) && !looksLikeYear(afterWord)) add(afterWord);
    else add(idToken(afterWord));
  }
  for (let i = segments.length - 1; i >= 0 && i >= segments.length - 3; i--) {
    const segment = segments[i] ?? '';
    if (/^\d{6,20}$/.test(segment)) add(segment);
  }
  const last = segments[segments.length - 1] ?? '';
  // A GUID keeps its hyphens: `/book-title_45553530-ecaa-45a5-84bd-b54ac0272472`.
  const guid = GUID_END.exec(last)?.[1];
  if (guid) return [...out, guid].slice(0, 3);
  const tokens = last.split(/[-_:,+~]+/).filter(Boolean);
  if (tokens.length > 1) {
    add(idToken(tokens[tokens.length - 1] ?? ''));
    const head = tokens[0] ?? '';
    // PrestaShop and others lead the slug with the product's number: `/40376-laptop-name.html`.
    if (/^\d{4,12}$/.test(head) && !looksLikeYear(head)) add(head);
  }
  return out.slice(0, 3);
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
