import { scriptHead, scriptLength, scriptText, type PageContext } from './page';
import { DATA_LAYER_WORDS } from './data-layer-words';
import { asList, asRecord, readAfter, readLiteral, valueStart } from './script-json';
import { absoluteUrl, cleanText, normalizeForKind } from './text';
import { emptyFinding, MAX_IMAGES, type Candidate, type Finding, type Signal, type Variant, type Verdict } from './types';

const SOURCE = 'data-layer';
const MAX_SCRIPTS = 150;
/**
 * Data layers live in small inline scripts; big ones are bundles, except state blobs, which
 * start with their marker. So a big script is searched only at its start.
 */
const MAX_SCAN_CHARS = 64 * 1024;
const BIG_SCRIPT_HEAD = 2048;
const MAX_LITERAL_CHARS = 512 * 1024;
const MAX_TOTAL_SCAN = 3 * 1024 * 1024;

type Json = Record<string, unknown>;

/**
 * Reads analytics data layers that inline scripts carry: GTM/GA ecommerce (UA `detail.products`,
 * GA4 `view_item` items), Shopify's analytics meta, Tealium `utag_data`, BigCommerce `BCData`.
 */
export function readDataLayers(page: PageContext): Finding {
  const finding = emptyFinding(SOURCE);
  const inline = page.inlineScripts();
  let budget = MAX_TOTAL_SCAN;
  for (let i = 0; i < inline.length && i < MAX_SCRIPTS && budget > 0; i++) {
    const script = inline[i];
    // Big scripts are bundles or state blobs (read by readAppState when needed).
    if (!script || scriptLength(script) > MAX_SCAN_CHARS) continue;
    const full = scriptText(script);
    budget -= full.length;
    readScript(full, finding, page.href);
  }
  return finding;
}

/**
 * Reads the product JSON platforms put in `<script type="application/json">` (Shopify's product and
 * variant lists): few, small and found by id, so cheap enough for every look.
 */
export function readPlatformJson(page: PageContext): Finding {
  const finding = emptyFinding(SOURCE);
  const json = page.jsonScripts();
  for (let i = 0; i < json.length && i < MAX_SCRIPTS; i++) {
    const script = json[i];
    if (script && isPlatformJson(script)) readJsonScript(script, finding, page.href);
  }
  return finding;
}

/**
 * Reads the product out of app state (`window.__INITIAL_STATE__ = {...}`, `__NEXT_DATA__`). State
 * blobs can be megabytes, so this reader runs only when no other source gave a SKU.
 */
export function readAppState(page: PageContext): Finding {
  const finding = emptyFinding(SOURCE);
  const inline = page.inlineScripts();
  const json = page.jsonScripts();
  for (let i = 0; i < inline.length && i < MAX_SCRIPTS; i++) {
    const script = inline[i];
    const head = script ? scriptHead(script, BIG_SCRIPT_HEAD) : '';
    if (script && head.includes('__') && /__[A-Z][A-Z0-9_]*__\s*=/.test(head)) readStateBlobs(scriptText(script), finding);
    if (finding.ids.length > 0) return finding;
  }
  for (let i = 0; i < json.length && i < MAX_SCRIPTS; i++) {
    const script = json[i];
    const id = (script?.getAttribute('id') ?? '').toLowerCase();
    if (script && (id === '__next_data__' || id.includes('state'))) {
      const text = scriptText(script);
      const start = text.search(/[{[]/);
      if (start >= 0 && readStateText(text, start, finding, id)) return finding;
    }
  }
  return finding;
}

function isPlatformJson(script: Element): boolean {
  const id = (script.getAttribute('id') ?? '').toLowerCase();
  const parent = script.parentElement?.localName ?? '';
  return (
    id.startsWith('productjson') ||
    id.startsWith('product-json') ||
    script.hasAttribute('data-product-json') ||
    script.hasAttribute('data-variants') ||
    parent === 'variant-selects' ||
    parent === 'variant-radios'
  );
}

function readScript(text: string, finding: Finding, base: string): void {
  // A script with none of the words below (most of them) costs one pass, not one per word, and each
  // pass is slow over text with non-Latin letters (see ANY_NEEDLE).
  if (!DATA_LAYER_WORDS.test(text)) return;
  if (text.includes('ecommerce')) readEcommerce(text, finding);
  if (text.includes('view_item')) readGtagEvents(text, finding);
  if (text.includes('var meta') || text.includes('ShopifyAnalytics.meta =')) {
    // Themes write `var meta = {...}` then copy it, or assign `window.ShopifyAnalytics.meta = {...}`.
    const found = readAfter(text, 'var meta', MAX_LITERAL_CHARS) ?? readAfter(text, 'ShopifyAnalytics.meta =', MAX_LITERAL_CHARS);
    const meta = asRecord(found?.value);
    if (meta) readShopifyMeta(meta, finding);
  }
  if (text.includes('utag_data')) {
    const utag = asRecord(readAfter(text, 'utag_data', MAX_LITERAL_CHARS)?.value);
    if (utag) readUtag(utag, finding);
  }
  if (text.includes('BCData')) {
    const bc = asRecord(readAfter(text, 'BCData', MAX_LITERAL_CHARS)?.value);
    const attributes = asRecord(bc?.['product_attributes']);
    if (attributes) {
      pushIds(finding.ids, attributes, 'data-layer:bigcommerce');
      finding.signals.push(signal('product', 2, 'BCData product_attributes'));
    }
  }
}

// --- Google Analytics / Tag Manager ---

function readEcommerce(text: string, finding: Finding): void {
  let from = 0;
  for (let n = 0; n < 8; n++) {
    const found = readAfter(text, 'ecommerce', MAX_LITERAL_CHARS, from);
    if (!found) {
      const next = text.indexOf('ecommerce', from);
      if (next < 0) return;
      from = next + 9;
      continue;
    }
    from = found.end;
    const ecommerce = asRecord(found.value);
    if (!ecommerce) continue;
    const detail = asRecord(ecommerce['detail']);
    if (detail) {
      readDetailItems(asList(detail['products']), finding, 'ua detail');
      continue;
    }
    const items = asList(ecommerce['items']);
    if (items.length > 0) {
      const event = eventNear(text, found.at, found.end);
      if (event === 'view_item' || (event === '' && items.length === 1)) readDetailItems(items, finding, 'ga4 view_item');
      else if (/list|search|promotion/.test(event) && items.length > 1) finding.signals.push(signal('listing', 2, `ga4 ${event}`));
      continue;
    }
    if (asList(ecommerce['impressions']).length > 1) finding.signals.push(signal('listing', 1, 'ua impressions'));
  }
}

/** The GA4 event name pushed with an `ecommerce` object: the nearest `event: '...'` around it. */
function eventNear(text: string, at: number, end: number): string {
  const before = text.slice(Math.max(0, at - 400), at);
  const pattern = /['"]?event['"]?\s*:\s*['"]([\w.-]{1,60})['"]/g;
  let last = '';
  for (let m = pattern.exec(before); m; m = pattern.exec(before)) last = m[1] ?? '';
  if (last) return last;
  const after = /['"]?event['"]?\s*:\s*['"]([\w.-]{1,60})['"]/.exec(text.slice(end, end + 200));
  return after?.[1] ?? '';
}

/** gtag('event', 'view_item', { items: [...] }). */
function readGtagEvents(text: string, finding: Finding): void {
  const pattern = /gtag\(\s*['"]event['"]\s*,\s*['"](view_item(?:_list)?|view_search_results)['"]\s*,/g;
  for (let m = pattern.exec(text), n = 0; m && n < 5; m = pattern.exec(text), n++) {
    const start = valueStart(text, pattern.lastIndex);
    if (start < 0) continue;
    const params = asRecord(readLiteral(text, start, MAX_LITERAL_CHARS)?.value);
    const items = asList(params?.['items']);
    if (m[1] === 'view_item' && items.length > 0) readDetailItems(items, finding, 'gtag view_item');
    else if (items.length > 1 || m[1] === 'view_search_results') finding.signals.push(signal('listing', 2, `gtag ${m[1]}`));
  }
}

function readDetailItems(items: unknown[], finding: Finding, reason: string): void {
  const products = items.map(asRecord).filter((p): p is Json => p !== undefined);
  const first = products[0];
  if (!first) return;
  const names = new Set(products.map((p) => cleanText(p['item_name'] ?? p['name']).toLowerCase()));
  if (names.size > 1) return;
  finding.signals.push(signal('product', 2, reason));
  for (const product of products.slice(0, 3)) {
    const source = `${SOURCE}:ga`;
    pushId(finding.ids, 'sku', product['sku'] ?? product['item_sku'], source);
    pushId(finding.ids, 'productID', product['item_id'] ?? product['id'], source);
    pushId(finding.ids, 'productGroupID', product['item_group_id'], source);
  }
  finding.facts.name ??= cleanText(first['item_name'] ?? first['name']) || undefined;
  finding.facts.brand ??= cleanText(first['item_brand'] ?? first['brand'], 120) || undefined;
  finding.facts.variant ??= cleanText(first['item_variant'] ?? first['variant'], 200) || undefined;
}

// --- Shopify ---

const SHOPIFY_PAGE_TYPES: Record<string, Verdict> = {
  product: 'product',
  collection: 'listing',
  searchresults: 'listing',
  search: 'listing',
  home: 'home',
  index: 'home',
  article: 'article',
  blog: 'article',
  page: 'article',
  cart: 'listing',
};

function readShopifyMeta(meta: Json, finding: Finding): void {
  const pageType = cleanText(asRecord(meta['page'])?.['pageType']).toLowerCase();
  const verdict = SHOPIFY_PAGE_TYPES[pageType];
  if (verdict) finding.signals.push(signal(verdict, 3, `shopify pageType ${pageType}`));
  const product = asRecord(meta['product']);
  if (!product) return;
  const source = `${SOURCE}:shopify`;
  pushId(finding.ids, 'productID', product['id'], source);
  finding.facts.brand ??= cleanText(product['vendor'], 120) || undefined;
  for (const raw of asList(product['variants']).slice(0, 250)) {
    const variant = asRecord(raw);
    if (variant) finding.variants.push(shopifyVariant(variant, source, ''));
  }
}

function shopifyVariant(variant: Json, source: string, base: string): Variant {
  const ids: Candidate[] = [];
  pushId(ids, 'sku', variant['sku'], source, true);
  pushId(ids, 'gtin', variant['barcode'], source, true);
  pushId(ids, 'variantId', variant['id'], source, true);
  const id = cleanText(variant['id'], 40);
  const title = cleanText(variant['public_title'] ?? variant['title'] ?? variant['name'], 200);
  const image = asRecord(variant['featured_image'])?.['src'] ?? variant['featured_image'];
  return {
    keys: id ? [id] : [],
    ids,
    label: title && title.toLowerCase() !== 'default title' ? title : undefined,
    image: base ? absoluteUrl(image, base) : undefined,
  };
}

/** `<script type="application/json">`: Shopify product JSON and variant lists. */
function readJsonScript(script: Element, finding: Finding, base: string): void {
  const id = (script.getAttribute('id') ?? '').toLowerCase();
  const shopify = id.startsWith('productjson') || id.startsWith('product-json') || script.hasAttribute('data-product-json');
  const parentName = script.parentElement?.localName ?? '';
  const variantList = parentName === 'variant-selects' || parentName === 'variant-radios' || script.hasAttribute('data-variants');
  if (!shopify && !variantList) return;
  const text = scriptText(script);
  if (text.length > MAX_LITERAL_CHARS) return;
  const start = text.search(/[{[]/);
  if (start < 0) return;
  const value = readLiteral(text, start, MAX_LITERAL_CHARS)?.value;
  const source = `${SOURCE}:shopify`;
  if (shopify) {
    const product = asRecord(value);
    if (!product) return;
    pushId(finding.ids, 'productID', product['id'], source);
    finding.facts.name ??= cleanText(product['title']) || undefined;
    finding.facts.brand ??= cleanText(product['vendor'], 120) || undefined;
    finding.facts.image ??= absoluteUrl(product['featured_image'] ?? asList(product['images'])[0], base);
    for (const raw of asList(product['images']).slice(0, MAX_IMAGES)) {
      const image = absoluteUrl(asRecord(raw)?.['src'] ?? raw, base);
      if (image && !finding.images.includes(image)) finding.images.push(image);
    }
    for (const raw of asList(product['variants']).slice(0, 250)) {
      const variant = asRecord(raw);
      if (variant) finding.variants.push(shopifyVariant(variant, source, base));
    }
    finding.signals.push(signal('product', 2, 'shopify product json'));
  } else if (variantList) {
    for (const raw of asList(value).slice(0, 250)) {
      const variant = asRecord(raw);
      if (variant) finding.variants.push(shopifyVariant(variant, source, base));
    }
  }
}

// --- Tealium, state blobs ---

const UTAG_PAGE_TYPES: Record<string, Verdict> = {
  product: 'product', pdp: 'product', 'product detail': 'product', productdetail: 'product',
  category: 'listing', plp: 'listing', search: 'listing', 'search results': 'listing', searchresults: 'listing',
  home: 'home', homepage: 'home', article: 'article', blog: 'article',
};

function readUtag(utag: Json, finding: Finding): void {
  const pageType = cleanText(utag['page_type'] ?? utag['pageType'] ?? utag['page_category']).toLowerCase();
  const verdict = UTAG_PAGE_TYPES[pageType];
  if (verdict) finding.signals.push(signal(verdict, 2, `utag page_type ${pageType}`));
  if (verdict && verdict !== 'product') return;
  const source = `${SOURCE}:utag`;
  const skus = asList(utag['product_sku']);
  const ids = asList(utag['product_id']);
  if (skus.length > 1 || ids.length > 1) return;
  pushId(finding.ids, 'sku', skus[0], source);
  pushId(finding.ids, 'productID', ids[0], source);
  finding.facts.name ??= cleanText(asList(utag['product_name'])[0]) || undefined;
  finding.facts.brand ??= cleanText(asList(utag['product_brand'])[0], 120) || undefined;
}

/** Blobs like `window.__INITIAL_STATE__ = {...}`, `__PRELOADED_STATE__`, `__APOLLO_STATE__`, `__NUXT_DATA__`. */
const STATE_MARKER = /__([A-Z][A-Z0-9_]*(?:STATE|DATA|STORE|PROPS))__\s*=/g;

function readStateBlobs(text: string, finding: Finding): void {
  STATE_MARKER.lastIndex = 0;
  for (let m = STATE_MARKER.exec(text), n = 0; m && n < 3; m = STATE_MARKER.exec(text), n++) {
    const start = valueStart(text, STATE_MARKER.lastIndex);
    if (start >= 0 && readStateText(text, start, finding, m[1] ?? '')) return;
  }
}

// The product object in app state sits under a key like these; the rest of the state is not read.
const PRODUCT_KEY = /^(?:product|productDetail|productData|currentProduct|pdp|productPage|selectedProduct)$/;
// Three needles find every key above, tried in this order.
const NEEDLES = ['"product', 'Product"', '"pdp"'];
/**
 * All three needles in one regular expression (they hold no special characters), for one native
 * pass: in text with non-Latin letters (Cyrillic, Greek ...) that is many times faster than an
 * indexOf per needle, and state blobs run to megabytes.
 */
const ANY_NEEDLE = new RegExp(NEEDLES.join('|'), 'g');
const MAX_STATE_CHARS = 4 * 1024 * 1024;
const MAX_PRODUCT_CHARS = 128 * 1024;
const MAX_KEY_HITS = 40;

/**
 * Reads the product out of a state blob without parsing the whole blob (which can be megabytes):
 * find `"product": {` and friends with native string search, parse only that object.
 */
function readStateText(text: string, start: number, finding: Finding, label: string): boolean {
  const limit = Math.min(text.length, start + MAX_STATE_CHARS);
  // The first hits of each needle.
  const hits: number[][] = NEEDLES.map(() => []);
  let kept = 0;
  ANY_NEEDLE.lastIndex = start;
  for (let m = ANY_NEEDLE.exec(text); m && m.index < limit && kept < NEEDLES.length * MAX_KEY_HITS; m = ANY_NEEDLE.exec(text)) {
    const own = hits[NEEDLES.indexOf(m[0])];
    if (own && own.length < MAX_KEY_HITS) {
      own.push(m.index);
      kept++;
    }
  }
  for (const [n, needle] of NEEDLES.entries()) {
    for (const at of hits[n] ?? []) {
      const key = keyAt(text, at, needle);
      if (!key || !PRODUCT_KEY.test(key)) continue;
      const objectStart = valueStart(text, text.indexOf('"', at + 1) + 1);
      if (objectStart < 0 || text[objectStart] !== '{') continue;
      const value = readLiteral(text, objectStart, MAX_PRODUCT_CHARS)?.value;
      if (value && readState(value, finding, label, key)) return true;
    }
  }
  return false;
}

/** The quoted key a needle hit sits in (`"currentProduct"` for a hit on `Product"`), or ''. */
function keyAt(text: string, at: number, needle: string): string {
  const open = needle.startsWith('"') ? at : text.lastIndexOf('"', at);
  if (open < 0 || at - open > 40) return '';
  const close = text.indexOf('"', open + 1);
  if (close < 0 || close - open > 40) return '';
  return text.slice(open + 1, close);
}

const MAX_STATE_NODES = 400;

/**
 * The product is the object under a `product`-like key that has a `sku` next to a name (possibly
 * one or two levels down, as in `product: { data: {...} }`). The walk is capped.
 */
function readState(state: unknown, finding: Finding, label: string, rootKey: string): boolean {
  const queue: { value: unknown; depth: number }[] = [{ value: state, depth: 0 }];
  for (let head = 0; head < queue.length && head < MAX_STATE_NODES; head++) {
    const { value, depth } = queue[head]!;
    const node = asRecord(value);
    if (!node) continue;
    const sku = node['sku'] ?? node['skuId'] ?? node['productSku'];
    const name = node['name'] ?? node['title'] ?? node['productName'];
    if ((typeof sku === 'string' || typeof sku === 'number') && typeof name === 'string') {
      const source = `${SOURCE}:state`;
      pushId(finding.ids, 'sku', sku, source);
      pushId(finding.ids, 'productID', node['id'] ?? node['productId'], source);
      finding.facts.name ??= cleanText(name) || undefined;
      finding.signals.push(signal('product', 1, `state ${label} ${rootKey}`));
      return true;
    }
    // Only plain objects below the product key: arrays there are variants, images, related items.
    if (depth < 2) for (const v of Object.values(node)) if (asRecord(v)) queue.push({ value: v, depth: depth + 1 });
  }
  return false;
}

// --- helpers ---

function pushIds(out: Candidate[], record: Json, source: string): void {
  pushId(out, 'sku', record['sku'], source);
  pushId(out, 'mpn', record['mpn'], source);
  pushId(out, 'gtin', record['gtin'] ?? record['upc'] ?? record['ean'], source);
}

function pushId(out: Candidate[], kind: string, raw: unknown, source: string, ofVariant = false): void {
  if (typeof raw !== 'string' && typeof raw !== 'number') return;
  const value = normalizeForKind(kind, raw);
  if (value) out.push(ofVariant ? { kind, value, source, ofVariant } : { kind, value, source });
}

function signal(verdict: Verdict, strength: Signal['strength'], reason: string): Signal {
  return { verdict, strength, reason };
}
