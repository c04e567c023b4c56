import type { SiteRule } from './site-rule';
import type { Candidate, Finding, ProductId, Variant } from './types';
import { comparableUrl } from './url';

// Retailer ids first: the store's SKU, Amazon's ASIN, the store's product id; manufacturer and
// barcode ids after; platform-internal variant ids last.
const KIND_WEIGHT: Record<string, number> = {
  sku: 300,
  asin: 280,
  productID: 200,
  productGroupID: 190,
  mpn: 100,
  gtin: 90,
  variantId: 60,
};
const UNKNOWN_KIND_WEIGHT = 150;

// Structured data is written for machines and is the most reliable; text and URLs are guesses.
const SOURCE_WEIGHT: Record<string, number> = {
  rule: 10_000,
  'json-ld': 50,
  microdata: 48,
  rdfa: 46,
  meta: 40,
  'data-layer': 35,
  form: 30,
  text: 25,
  url: 10,
};

const SELECTED_BONUS = 250;
const OTHER_VARIANT_PENALTY = 150;
const PREFERRED_KIND_BONUS = 5_000;
const AGREEMENT_BONUS = 8;
const MAX_IDS = 50;

export interface Choice {
  sku: string;
  ids: ProductId[];
  /** The variant the page says is selected, merged across sources. */
  selected?: { label?: string; image?: string };
}

/** Picks the selected variant (if the page says which), ranks every id and returns the best one as `sku`. */
export function chooseIds(findings: Finding[], pageUrl: string, rule?: SiteRule): Choice {
  const selected = selectedVariants(findings, pageUrl);
  const selectedIds = new Set<string>();
  for (const variant of selected) for (const id of variant.ids) selectedIds.add(`${id.kind}\u0000${id.value}`);

  const candidates: Candidate[] = [];
  for (const finding of findings) {
    candidates.push(...finding.ids);
    for (const variant of finding.variants) candidates.push(...variant.ids);
  }

  const ranked = new Map<string, { id: ProductId; score: number; sources: Set<string> }>();
  for (const candidate of candidates) {
    const isSelected = candidate.selected === true || selectedIds.has(`${candidate.kind}\u0000${candidate.value}`);
    const score = scoreOf(candidate, isSelected, rule);
    const entry = ranked.get(candidate.value);
    if (!entry) {
      ranked.set(candidate.value, { id: { kind: candidate.kind, value: candidate.value, source: candidate.source }, score, sources: new Set([baseSource(candidate.source)]) });
      continue;
    }
    entry.sources.add(baseSource(candidate.source));
    if (score > entry.score) {
      entry.score = score;
      entry.id = { kind: candidate.kind, value: candidate.value, source: candidate.source };
    }
  }

  const ordered = [...ranked.values()]
    .map((entry) => ({ ...entry, score: entry.score + AGREEMENT_BONUS * (entry.sources.size - 1) }))
    .sort((a, b) => b.score - a.score)
    .slice(0, MAX_IDS)
    .map((entry) => entry.id);
  const first = selected[0];
  return {
    sku: ordered[0]?.value ?? '',
    ids: ordered,
    selected: first ? { label: selected.find((v) => v.label)?.label, image: selected.find((v) => v.image)?.image } : undefined,
  };
}

function baseSource(source: string): string {
  const colon = source.indexOf(':');
  return colon < 0 ? source : source.slice(0, colon);
}

function scoreOf(candidate: Candidate, isSelected: boolean, rule: SiteRule | undefined): number {
  let score = (KIND_WEIGHT[candidate.kind] ?? UNKNOWN_KIND_WEIGHT) + (SOURCE_WEIGHT[baseSource(candidate.source)] ?? 0);
  if (isSelected) score += SELECTED_BONUS;
  else if (candidate.ofVariant) score -= OTHER_VARIANT_PENALTY;
  if (rule?.idKind && rule.idKind.toLowerCase() === candidate.kind.toLowerCase()) score += PREFERRED_KIND_BONUS;
  return score;
}

/**
 * The variants the page says are selected, across sources: by a variant id in the URL or the cart
 * form, by the page URL itself (Schema.org ProductGroup variants have their own URLs), or by the
 * selected options (`attribute_*` URL parameters, WooCommerce option selects).
 */
export function selectedVariants(findings: Finding[], pageUrl: string): Variant[] {
  const variants: Variant[] = [];
  const keys: string[] = [];
  const attributes: Record<string, string> = {};
  // The URL speaks first (it is what the shopper navigated to), then the form.
  const ordered = [...findings].sort((a, b) => (a.source === 'url' ? -1 : b.source === 'url' ? 1 : 0));
  for (const finding of ordered) {
    variants.push(...finding.variants);
    keys.push(...finding.selectedKeys);
    for (const [name, value] of Object.entries(finding.selectedAttributes)) attributes[name] ??= value;
  }
  const wanted = Object.entries(attributes);
  // Nothing names a variant: no need to look at the variants' URLs at all.
  if (variants.length === 0 || (keys.length === 0 && wanted.length === 0 && !pageUrl.includes('?'))) return [];
  const index = new Map<string, Variant[]>();
  for (const variant of variants) {
    for (const key of expandKeys(variant.keys)) {
      const list = index.get(key);
      if (list) list.push(variant);
      else index.set(key, [variant]);
    }
  }
  for (const key of keys) {
    const found = index.get(key);
    if (found) return withSameIds(found, variants);
  }
  const byUrl = index.get(comparableUrl(pageUrl));
  if (byUrl && pageUrl.includes('?')) return withSameIds(byUrl, variants);
  if (wanted.length > 0) {
    const matching = variants.filter((v) => matchesAttributes(v, attributes));
    if (matching.length > 0) return withSameIds(matching.slice(0, 1), variants);
  }
  return [];
}

/** A variant's keys plus the forms other sources use: comparable URL, the `variant` parameter of a URL. */
function expandKeys(keys: string[]): string[] {
  const out: string[] = [];
  for (const key of keys) {
    out.push(key);
    if (key.includes('://')) {
      out.push(comparableUrl(key));
      try {
        const variant = new URL(key).searchParams.get('variant');
        if (variant) out.push(variant);
      } catch {
        // not a URL after all
      }
    }
  }
  return out;
}

/** Other sources' descriptions of the same variant (same sku or variant id), so their ids count as selected too. */
function withSameIds(found: Variant[], all: Variant[]): Variant[] {
  const values = new Set<string>();
  for (const v of found) for (const id of v.ids) if (id.kind === 'sku' || id.kind === 'variantId') values.add(id.value);
  const out = [...found];
  for (const v of all) if (!out.includes(v) && v.ids.some((id) => values.has(id.value))) out.push(v);
  return out;
}

function matchesAttributes(variant: Variant, wanted: Record<string, string>): boolean {
  const own = variant.attributes;
  if (!own) return false;
  let overlap = 0;
  for (const [name, value] of Object.entries(own)) {
    if (!value) continue;
    // Every option of the variant must be chosen, as WooCommerce itself requires.
    if (wanted[name] !== value) return false;
    overlap++;
  }
  return overlap > 0;
}
