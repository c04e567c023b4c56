import { attributeName } from './form-fields';
import type { PageContext } from './page';
import { isGtin, looksLikeYear, normalizeForKind } from './text';
import { emptyFinding, type Finding } from './types';

const SOURCE = 'url';
const words = (list: string) => new Set(list.split(' '));

// Path segments, lower case. A segment after a product word names the product (`/p/123`).
const PRODUCT_WORDS = words('p pd ip dp prod product products produkt produkte produit produits prodotto producto artikel item items itm goods');
const LISTING_WORDS = words('collection collections category categories c cat shop catalog catalogue department browse brand brands sale kategorie');
const SEARCH_WORDS = words('search catalogsearch suche recherche s');
const ARTICLE_WORDS = words('blog blogs news magazine journal stories article articles review reviews guide guides editorial recipe recipes recept receptek recette');
// Query parameters: tracking and display ones say nothing about the page.
const IGNORED_PARAMS = words('ref ref_ refid gclid fbclid _pos _sid _ss _psq _v currency lang locale cid celement');
const SEARCH_PARAMS = words('q query search searchterm keyword keywords k s text');
const VARIANT_PARAMS = words('variant variant_id variation_id');
// Parameters that make the site's root address show a product (`/?product=tee`, `/index.php?route=...&product_id=1`).
const PAGE_PARAMS = words('variant pid product product_id productid products_id sku skuid id p item itemid artnr add-to-cart route');

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

const FILE_EXTENSION = /\.(?:html?|php|aspx?|jsp)$/i;
const DATE_PATH = /\/(?:19|20)\d\d\/[01]?\d\//;
const GUID_END = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ASIN = /^(?:B0[A-Z0-9]{8}|\d{9}[\dX])$/;

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
  const segments = path.split('/').filter(Boolean);
  const lower = segments.map((s) => s.toLowerCase());

  // Detail paths that end in an ASIN-shaped id: `/dp/B0...`, `/gp/product/B0...`.
  const asinAt = lower.findIndex((s, i) => (s === 'dp' || (s === 'product' && lower[i - 1] === 'gp')) && ASIN.test(segments[i + 1]?.toUpperCase() ?? ''));
  const asin = asinAt >= 0 ? (segments[asinAt + 1]?.toUpperCase() ?? '') : '';
  if (asin) {
    finding.ids.push({ kind: 'asin', value: asin, source: SOURCE });
    finding.signals.push({ verdict: 'product', strength: 2, reason: 'ASIN product URL' });
  }

  // The parameters' rules run (and compile) only on URLs that have a query.
  const params = url.search ? readParams(url.searchParams, finding) : NO_PARAMS;

  const dated = DATE_PATH.test(path);
  if (!dated) {
    for (const value of pathIds(segments, lower)) {
      // A 13-digit number with a valid check digit in a slug is the product's EAN.
      if (value !== asin) finding.ids.push({ kind: /^\d{13}$/.test(value) && isGtin(value) ? 'gtin' : 'productID', value, source: SOURCE });
    }
  }

  const last = lower[lower.length - 1] ?? '';
  const isHome = lower.length === 0 || (lower.length === 1 && (/^[a-z]{2}(?:[-_][a-z]{2})?$/.test(last) || /^index\./.test(last)));
  if (isHome && !params.page && !params.search) {
    finding.signals.push({ verdict: 'home', strength: 3, reason: 'home page URL' });
  } else if (params.search || lower.some((s) => SEARCH_WORDS.has(s))) {
    finding.signals.push({ verdict: 'listing', strength: 1, reason: 'search URL' });
  } else if (params.product || looksLikeProductPath(path, lower)) {
    finding.signals.push({ verdict: 'product', strength: 1, reason: 'product URL' });
  } else if (lower.some((s) => LISTING_WORDS.has(s))) {
    finding.signals.push({ verdict: 'listing', strength: 1, reason: 'category URL' });
  } else if (dated || lower.some((s) => ARTICLE_WORDS.has(s))) {
    finding.signals.push({ verdict: 'article', strength: 1, reason: 'article URL' });
  }
  return finding;
}

interface ParamKinds {
  /** A parameter names the product (`?pid=`, `?sku=`). */
  product: boolean;
  /** A search parameter with a value. */
  search: boolean;
  /** A parameter that makes a site's root address show a product. */
  page: boolean;
}
const NO_PARAMS: Readonly<ParamKinds> = { product: false, search: false, page: false };

/** Ids, the selected variant and options in the query, into `finding`; and what the parameters say about the page. */
function readParams(query: URLSearchParams, finding: Finding): ParamKinds {
  const kinds: ParamKinds = { ...NO_PARAMS };
  for (const [rawKey, rawValue] of query) {
    const key = rawKey.toLowerCase();
    if (IGNORED_PARAMS.has(key) || key.startsWith('utm_')) continue;
    if (SEARCH_PARAMS.has(key) && rawValue.trim()) kinds.search = true;
    if (PAGE_PARAMS.has(key)) kinds.page = true;
    if (VARIANT_PARAMS.has(key)) {
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
      if (!kind || !value) continue;
      kinds.product = true;
      // A SKU in the URL names what the shopper chose (a shade, a size).
      finding.ids.push(kind === 'sku' ? { kind, value, source: SOURCE, selected: true } : { kind, value, source: SOURCE });
    }
  }
  return kinds;
}

/** `/products/x`, `/p/123`, `...-p-12345.html`, `/12345.html`, `/catalog/123/detail.aspx`, `product_info.php`. */
function looksLikeProductPath(path: string, lower: string[]): boolean {
  if (lower.some((s, i) => PRODUCT_WORDS.has(s) && i < lower.length - 1)) return true;
  const last = lower[lower.length - 1] ?? '';
  return /^details?(?:\.|$)|^product_info\.|^artinfo\./.test(last) || /[-_/]p-?\d{4,}|\/\d{5,}\.html?$/i.test(path);
}

/** An id in a URL: a number of five or more digits, or a code of letters and digits (`P422600`, `3c08657`). */
function idToken(token: string): string {
  if (/^\d{5,20}$/.test(token)) return looksLikeYear(token) ? '' : token;
  if (token.length >= 6 && token.length <= 40 && /^[a-z0-9]+$/i.test(token) && /[a-z]/i.test(token) && /\d.*\d/.test(token)) return token;
  return '';
}

/**
 * Ids in a path, most telling first: the segment after a product word (`/p/701812622_white`,
 * `/itm/133588510845`), a whole numeric segment (`/catalog/164419278/detail.aspx`), a GUID, the
 * token that ends the last segment's slug (`...-F4KS70E6GP.html`, `...::36833.html`) or heads it
 * (`/2501-lipstick.html`).
 */
function pathIds(segments: string[], lower: string[]): string[] {
  const out: string[] = [];
  const add = (value: string | undefined) => {
    if (value && !out.includes(value)) out.push(value);
  };
  const bare = segments.map((s) => s.replace(FILE_EXTENSION, ''));
  const wordAt = lower.findIndex((s, i) => (PRODUCT_WORDS.has(s) || s === 'detail') && i < lower.length - 1);
  const afterWord = wordAt >= 0 ? (bare[wordAt + 1] ?? '') : '';
  if (afterWord && afterWord.length <= 40) {
    // `/p/701812622_white` names the product with its colour; `/produkt/119550` is a plain id.
    if (/^[a-z0-9]+(?:[_-][a-z0-9]+)?$/i.test(afterWord) && /\d{3,}/.test(afterWord) && !looksLikeYear(afterWord)) add(afterWord);
    else add(idToken(afterWord));
  }
  for (let i = bare.length - 1; i >= 0 && i >= bare.length - 3; i--) {
    const segment = bare[i] ?? '';
    if (/^\d{6,20}$/.test(segment)) add(segment);
  }
  const last = bare[bare.length - 1] ?? '';
  // A GUID keeps its hyphens: `/book-title_45553530-ecaa-45a5-84bd-b54ac0272472`.
  const guid = GUID_END.exec(last)?.[0];
  if (guid) add(guid);
  else {
    const tokens = last.split(/[-_:,+~]+/).filter(Boolean);
    if (tokens.length > 1) {
      add(idToken(tokens[tokens.length - 1] ?? ''));
      const head = tokens[0] ?? '';
      // PrestaShop and others lead the slug with the product's number: `/40376-laptop-name.html`.
      if (/^\d{4,12}$/.test(head) && !looksLikeYear(head)) add(head);
    }
  }
  return out.slice(0, 3);
}

function safeDecode(path: string): string {
  // decodeURI throws on a stray %: only paths with escapes are decoded, and only well-formed ones.
  if (!path.includes('%')) return path;
  if (/%(?![0-9a-f]{2})/i.test(path)) return path;
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
      .filter(([k]) => !IGNORED_PARAMS.has(k.toLowerCase()) && !k.toLowerCase().startsWith('utm_'))
      .map(([k, v]) => `${k.toLowerCase()}=${v}`)
      .sort();
    return `${url.hostname.toLowerCase()}${url.pathname.replace(/\/$/, '')}${params.length ? `?${params.join('&')}` : ''}`;
  } catch {
    return raw;
  }
}
