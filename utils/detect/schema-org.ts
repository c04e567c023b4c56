/** Helpers for Schema.org vocabulary shared by the JSON-LD, microdata and RDFa readers. */

export const PRODUCT_TYPES = new Set([
  'product', 'productgroup', 'individualproduct', 'productmodel', 'someproducts', 'vehicle', 'car', 'motorcycle',
]);
export const LISTING_TYPES = new Set(['itemlist', 'collectionpage', 'searchresultspage', 'offercatalog']);
export const ARTICLE_TYPES = new Set([
  'article', 'blogposting', 'newsarticle', 'review', 'criticreview', 'userreview', 'employerreview', 'techarticle',
  'report', 'scholarlyarticle', 'socialmediaposting', 'liveblogposting', 'blog', 'opinionnewsarticle',
  'reviewnewsarticle', 'analysisnewsarticle', 'backgroundnewsarticle', 'advertisercontentarticle',
  // Content that is not a shop's item: recipes, how-tos, events and tickets, job ads, software.
  'recipe', 'howto', 'event', 'musicevent', 'theaterevent', 'sportsevent', 'festival', 'screeningevent', 'jobposting',
  'softwareapplication', 'webapplication', 'mobileapplication',
]);

/** Property names that carry ids, mapped to the kind this module reports. */
export const ID_PROPERTIES: Record<string, string> = {
  sku: 'sku',
  gtin: 'gtin',
  gtin8: 'gtin',
  gtin12: 'gtin',
  gtin13: 'gtin',
  gtin14: 'gtin',
  isbn: 'gtin',
  mpn: 'mpn',
  productid: 'productID',
  productgroupid: 'productGroupID',
};

/** 'https://schema.org/Product' / 'schema:Product' / 'Product' -> 'product'. */
export function typeName(raw: string): string {
  const text = raw.trim();
  const slash = Math.max(text.lastIndexOf('/'), text.lastIndexOf('#'), text.lastIndexOf(':'));
  return (slash >= 0 ? text.slice(slash + 1) : text).toLowerCase();
}

const SPACE = /\s/;

/** Every type name in a space-separated attribute (`itemtype`, `typeof`) or a JSON-LD `@type`. */
export function typeNames(raw: unknown): string[] {
  if (typeof raw === 'string') return SPACE.test(raw.trim()) ? raw.split(/\s+/).filter(Boolean).map(typeName) : raw.trim() ? [typeName(raw)] : [];
  if (Array.isArray(raw)) return raw.filter((t): t is string => typeof t === 'string').map(typeName);
  return [];
}

export function hasType(types: string[], set: Set<string>): boolean {
  for (const t of types) if (set.has(t)) return true;
  return false;
}

/** Variant-defining properties, in the order they read well in a label ("Blue / M"). */
export const VARIANT_PROPERTIES = ['color', 'size', 'material', 'pattern', 'suggestedgender', 'suggestedage'];
