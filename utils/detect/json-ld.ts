import { parseStrictJson, readAllLenient } from './lenient-json';
import { scriptText, type PageContext } from './page';
import { ARTICLE_TYPES, ID_PROPERTIES, LISTING_TYPES, PRODUCT_TYPES, VARIANT_PROPERTIES, hasType, typeNames } from './schema-org';
import { absoluteUrl, cleanText, normalizeForKind } from './text';
import { emptyFinding, MAX_IMAGES, type Candidate, type Finding, type Variant } from './types';

const SOURCE = 'json-ld';
const MAX_BLOCKS = 40;
const MAX_BLOCK_CHARS = 512 * 1024;
const MAX_TOTAL_CHARS = 2 * 1024 * 1024;
const MAX_NODES = 400;

type Node = Record<string, unknown>;

/** Reads Schema.org JSON-LD: the page's main Product (or ProductGroup and its variants) and page-kind evidence. */
export function readJsonLd(page: PageContext): Finding {
  const finding = emptyFinding(SOURCE);
  const nodes = topLevelNodes(page.jsonLdScripts());
  if (nodes.length === 0) return finding;

  const byId = new Map<string, Node>();
  for (const node of nodes) {
    const id = node['@id'];
    if (typeof id === 'string') byId.set(id, node);
  }
  const resolve = (value: unknown): Node | undefined => {
    const node = asNode(value);
    if (!node) return undefined;
    const id = node['@id'];
    if (typeof id === 'string' && Object.keys(node).length === 1) return byId.get(id) ?? node;
    return node;
  };

  const products: Node[] = [];
  const variantNodes = new Set<Node>();
  let mainEntity: Node | undefined;
  for (const node of nodes) {
    const types = typeNames(node['@type']);
    if (hasType(types, PRODUCT_TYPES)) {
      products.push(node);
      for (const variant of asArray(node['hasVariant'])) {
        const resolved = resolve(variant);
        if (resolved) variantNodes.add(resolved);
      }
    } else if (hasType(types, LISTING_TYPES)) {
      if (!types.includes('itemlist') || asArray(node['itemListElement']).length >= 2) {
        finding.signals.push({ verdict: 'listing', strength: 2, reason: `json-ld ${types.join(',')}` });
      }
      const main = resolve(node['mainEntity']);
      if (main && hasType(typeNames(main['@type']), PRODUCT_TYPES)) mainEntity = main;
    } else if (hasType(types, ARTICLE_TYPES)) {
      finding.signals.push({ verdict: 'article', strength: 2, reason: `json-ld ${types.join(',')}` });
    } else {
      // WebPage / ItemPage pointing at its product.
      const main = resolve(node['mainEntity']);
      if (main && hasType(typeNames(main['@type']), PRODUCT_TYPES)) {
        mainEntity = main;
        if (!products.includes(main)) products.push(main);
      }
    }
  }

  // JSON-LD that names only the site, its breadcrumbs or an article skips the product part, which then never compiles.
  if (products.length > 0 || mainEntity) readProduct(finding, page, products, variantNodes, mainEntity, resolve);
  return finding;
}

type Resolve = (value: unknown) => Node | undefined;

/** The page's own product among the Product nodes: its ids, facts, images and variants, into `finding`. */
function readProduct(finding: Finding, page: PageContext, products: Node[], variantNodes: Set<Node>, mainEntity: Node | undefined, resolve: Resolve): void {
  const standalone = products.filter((p) => !variantNodes.has(p) && !isVariantOfListed(p, products, resolve));
  const groups = groupProducts(standalone);
  let main: Node | undefined;
  if (mainEntity && !variantNodes.has(mainEntity)) main = mainEntity;
  else if (groups.length === 1) main = groups[0]?.[0];
  // Apps add other products' JSON-LD ("complete the look"); the page's own is the one at this URL or with this title.
  else if (groups.length > 1) main = productOfThisPage(groups, page);
  if (groups.length > 1 && !main) {
    finding.signals.push({ verdict: 'listing', strength: 2, reason: `json-ld ${groups.length} products` });
    return;
  }
  if (!main) return;

  const base = page.href;
  const sameProduct = groups.find((g) => g.includes(main)) ?? [main];
  // A Product with only a price range (AggregateOffer) and no id is how listings summarise themselves.
  const offers = offersOf(main);
  const buyable = offers.some((offer) => !typeNames(offer['@type']).includes('aggregateoffer'));
  finding.signals.push({
    verdict: 'product',
    strength: buyable || main['hasVariant'] || hasAnyId(main) ? 2 : 1,
    reason: 'json-ld product',
  });
  finding.ids.push(...idsOf(main));
  finding.facts = {
    name: cleanText(main['name']) || undefined,
    brand: brandOf(main['brand'] ?? main['manufacturer']),
    image: imageOf(main['image'], base),
  };
  finding.images = imagesOf(main['image'], base);

  // Variants: ProductGroup.hasVariant, Products that say isVariantOf the main one, repeated Product
  // nodes of one product, and one Offer per variant.
  const variants: Node[] = [];
  for (const v of asArray(main['hasVariant'])) {
    const resolved = resolve(v);
    if (resolved) variants.push(resolved);
  }
  for (const p of products) if (p !== main && (isVariantOf(p, main, resolve) || (sameProduct.includes(p) && !variants.includes(p)))) variants.push(p);
  for (const node of variants.slice(0, 250)) finding.variants.push(variantOf(node, base));

  if (offers.length === 1) {
    const offer = offers[0];
    if (offer) finding.ids.push(...idsOf(offer));
  } else if (offers.length > 1) {
    for (const offer of offers.slice(0, 250)) {
      const variant = variantOf(offer, base);
      if (variant.ids.length > 0) finding.variants.push(variant);
    }
  }
}

function productOfThisPage(groups: Node[][], page: PageContext): Node | undefined {
  const path = page.url?.pathname.replace(/\/$/, '') ?? '';
  const title = cleanText(page.heading()?.textContent ?? '').toLowerCase();
  const matches = groups.filter((group) =>
    group.some((node) => {
      const url = absoluteUrl(node['url'], page.href);
      const samePath = url !== undefined && path !== '' && new URL(url).pathname.replace(/\/$/, '') === path;
      return samePath || (title !== '' && cleanText(node['name']).toLowerCase() === title);
    }),
  );
  return matches.length === 1 ? matches[0]?.[0] : undefined;
}

function topLevelNodes(blocks: Element[]): Node[] {
  const out: Node[] = [];
  let budget = MAX_TOTAL_CHARS;
  for (let i = 0; i < blocks.length && i < MAX_BLOCKS && budget > 0; i++) {
    const block = blocks[i];
    const text = block ? scriptText(block) : '';
    budget -= text.length;
    for (const value of parseBlock(text)) collectNodes(value, out, 0);
    if (out.length > MAX_NODES) break;
  }
  return out;
}

function parseBlock(raw: string): unknown[] {
  // Raw line breaks and tabs inside strings are the commonest fault in JSON-LD; outside strings they are space anyway.
  const text = /[\u0000-\u001f]/.test(raw) ? raw.replace(/[\u0000-\u001f]+/g, ' ') : raw;
  const strict = text.length <= MAX_BLOCK_CHARS ? parseStrictJson(text) : undefined;
  if (strict) return [strict.value];
  let source = text.length > MAX_BLOCK_CHARS ? text.slice(0, MAX_BLOCK_CHARS) : text;
  if (source.includes('CDATA[')) source = source.replace(/<!\[CDATA\[|\]\]>/g, '');
  // Some templates HTML-escape the whole block.
  if (/&(?:quot|#34|#x22);/i.test(source.slice(0, 4096))) source = source.replace(/&(?:quot|#34|#x22);/gi, '"').replace(/&amp;/gi, '&');
  return readAllLenient(source, MAX_BLOCK_CHARS);
}

function collectNodes(value: unknown, out: Node[], depth: number): void {
  if (depth > 3 || out.length > MAX_NODES) return;
  if (Array.isArray(value)) {
    for (const item of value) collectNodes(item, out, depth + 1);
    return;
  }
  const node = asNode(value);
  if (!node) return;
  const graph = node['@graph'];
  if (graph !== undefined) collectNodes(graph, out, depth + 1);
  if (node['@type'] !== undefined) out.push(node);
}

function asNode(value: unknown): Node | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Node) : undefined;
}

function asArray(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

function hasAnyId(node: Node): boolean {
  for (const key of Object.keys(node)) if (ID_PROPERTIES[key.toLowerCase()]) return true;
  return false;
}

function idsOf(node: Node): Candidate[] {
  const out: Candidate[] = [];
  for (const key of Object.keys(node)) {
    const kind = ID_PROPERTIES[key.toLowerCase()];
    if (!kind) continue;
    for (const raw of asArray(node[key]).slice(0, 3)) {
      const value = normalizeForKind(kind, typeof raw === 'object' && raw ? (raw as Node)['value'] : raw);
      if (value) out.push({ kind, value, source: SOURCE });
    }
  }
  return out;
}

function offersOf(node: Node): Node[] {
  const out: Node[] = [];
  for (const offer of asArray(node['offers'])) {
    const o = asNode(offer);
    if (!o) continue;
    const nested = asArray(o['offers']);
    if (nested.length > 0) for (const n of nested) { const x = asNode(n); if (x) out.push(x); }
    else out.push(o);
  }
  return out;
}

/** Groups product nodes that are one product (same productGroupID, name or URL path). */
function groupProducts(products: Node[]): Node[][] {
  const groups: { key: string; nodes: Node[] }[] = [];
  for (const node of products) {
    const keys = productKeys(node);
    const group = groups.find((g) => keys.includes(g.key));
    if (group) group.nodes.push(node);
    else groups.push({ key: keys[0] ?? `#${groups.length}`, nodes: [node] });
  }
  return groups.map((g) => g.nodes);
}

function productKeys(node: Node): string[] {
  const keys: string[] = [];
  const group = cleanText(node['productGroupID'] ?? asNode(node['isVariantOf'])?.['productGroupID']);
  if (group) keys.push(`g:${group}`);
  const name = cleanText(node['name']).toLowerCase();
  if (name) keys.push(`n:${name}`);
  const url = cleanText(node['url']);
  if (url) keys.push(`u:${url.split(/[?#]/)[0]}`);
  return keys;
}

function isVariantOf(node: Node, main: Node, resolve: Resolve): boolean {
  for (const parent of asArray(node['isVariantOf'])) {
    const resolved = resolve(parent);
    if (resolved === main) return true;
    const id = asNode(parent)?.['@id'];
    if (typeof id === 'string' && id === main['@id']) return true;
  }
  return false;
}

function isVariantOfListed(node: Node, products: Node[], resolve: Resolve): boolean {
  for (const other of products) if (other !== node && isVariantOf(node, other, resolve)) return true;
  return false;
}

function variantOf(node: Node, base: string): Variant {
  const ids = idsOf(node).map((c) => ({ ...c, ofVariant: true }));
  const keys: string[] = [];
  for (const raw of [node['url'], ...offersOf(node).map((offer) => offer['url'])]) {
    const url = absoluteUrl(raw, base);
    if (url && !keys.includes(url)) keys.push(url);
  }
  const id = node['@id'];
  if (typeof id === 'string') keys.push(absoluteUrl(id, base) ?? id);
  const attributes: Record<string, string> = {};
  const labelParts: string[] = [];
  for (const property of VARIANT_PROPERTIES) {
    const value = cleanText(node[property] ?? node[property.replace('suggested', '')], 80);
    if (value) {
      attributes[property] = value.toLowerCase();
      labelParts.push(value);
    }
  }
  const label = labelParts.join(' / ') || cleanText(node['name'], 200) || undefined;
  return { keys, ids, label, image: imageOf(node['image'], base), attributes };
}

function brandOf(value: unknown): string | undefined {
  const first = asArray(value)[0];
  const name = typeof first === 'string' ? first : asNode(first)?.['name'];
  return cleanText(name, 120) || undefined;
}

export function imageOf(value: unknown, base: string): string | undefined {
  for (const item of asArray(value).slice(0, 5)) {
    const url = imageUrl(item, base);
    if (url) return url;
  }
  return undefined;
}

/** Every image a Schema.org `image` value names (a URL, an ImageObject, a list of either). */
export function imagesOf(value: unknown, base: string): string[] {
  const out: string[] = [];
  for (const item of asArray(value).slice(0, MAX_IMAGES)) {
    const url = imageUrl(item, base);
    if (url && !out.includes(url)) out.push(url);
  }
  return out;
}

function imageUrl(item: unknown, base: string): string | undefined {
  const node = asNode(item);
  return absoluteUrl(node ? (node['contentUrl'] ?? node['url']) : item, base);
}
