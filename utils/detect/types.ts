/**
 * One identifier found on the page, with the kind of id and the part of the page it came from.
 *
 * Kinds:
 * - `sku`: the store's own article number (Schema.org `sku`, "SKU:", "Art.-Nr.", "Артикул", `data-sku`);
 * - `asin`: Amazon's ten-character id (`/dp/B0...`, an `ASIN` form field);
 * - `productID`: the store's internal number for the product (Schema.org `productID`, `product_id`,
 *   `id_product` and `item_id` fields, `data-product-id`, the number in the URL);
 * - `productGroupID`: the id of a product that comes in variants (Schema.org ProductGroup, `item_group_id`);
 * - `variantId`: the platform's id of one variant (Shopify `?variant=`, WooCommerce `variation_id`);
 * - `mpn`: the manufacturer's part or model number;
 * - `gtin`: a barcode number (EAN, UPC, ISBN, GTIN-8/12/13/14);
 * - any other string: the kind a site rule names.
 *
 * Sources: `rule` (the shopper's site rule), `json-ld`, `microdata`, `rdfa`, `meta` (meta tags),
 * `data-layer` (analytics data and store state in scripts; `data-layer:<name>` says which),
 * `form` (the add-to-cart form, and data attributes of the product block and its buttons),
 * `text` (labelled text near the title), `url` (the page address).
 */
export interface ProductId {
  kind: string;
  value: string;
  source: string;
}

/** The product a page is about. `sku` is the one id to send to Aiuta as `sku_id` ('' when none is usable). */
export interface ProductDetection {
  sku: string;
  /** Every usable id, best first (the first one is `sku` when `sku` is not empty). */
  ids: ProductId[];
  name?: string;
  brand?: string;
  /** Absolute http(s) URL of the main product image. */
  image?: string;
  /**
   * The product's own images, best first (the selected variant's, structured data, og:image, then the
   * product gallery on a complete look): absolute http(s) URLs, no repeats, at most 20.
   */
  images?: string[];
  /** The selected variant in the shopper's words, e.g. "Blue / M". */
  variant?: string;
  /** From the matching site rule, sent to Aiuta as `sku_catalog_name`. */
  skuCatalogName?: string;
}

/** An id as an extractor reports it, before ranking. */
export interface Candidate extends ProductId {
  /** True when the page says this id belongs to the variant the shopper has selected. */
  selected?: boolean;
  /** True when the id belongs to a variant other than the product itself (and is not known to be selected). */
  ofVariant?: boolean;
}

export interface ProductFacts {
  name?: string;
  brand?: string;
  image?: string;
  variant?: string;
}

/** One buyable variant of the product, as a source describes it. */
export interface Variant {
  /** Values that identify the variant in URLs and forms: variant id, variation id, its URL. */
  keys: string[];
  ids: Candidate[];
  label?: string;
  image?: string;
  /** Attribute name -> value (lower case), matched against `attribute_*` and similar URL parameters. */
  attributes?: Record<string, string>;
}

export type Verdict = 'product' | 'listing' | 'article' | 'home';

/**
 * Evidence about what kind of page this is. Strength 3 is decisive (the platform says so),
 * 2 is strong (structured data), 1 is a hint (URL shape, a form).
 */
export interface Signal {
  verdict: Verdict;
  strength: 1 | 2 | 3;
  reason: string;
}

/** What one source found. */
export interface Finding {
  source: string;
  ids: Candidate[];
  variants: Variant[];
  facts: ProductFacts;
  signals: Signal[];
  /** Values that name the selected variant (a variant id from the URL or the cart form). */
  selectedKeys: string[];
  /** Attribute name -> value of the selected variant (from `attribute_*` URL parameters or option selects). */
  selectedAttributes: Record<string, string>;
  /** The product's images this source names (absolute http(s) URLs). */
  images: string[];
}

export function emptyFinding(source: string): Finding {
  return { source, ids: [], variants: [], facts: {}, signals: [], selectedKeys: [], selectedAttributes: {}, images: [] };
}

/** The most images a detection reports. */
export const MAX_IMAGES = 20;
