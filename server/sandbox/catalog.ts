import type { Rgb } from './images/raster';

/**
 * The demo store's products, which are also the emulator's SKU catalog (Aiuta only dresses SKUs the
 * customer registered). One entry per SKU; variants of one product share `productId`. `CATALOG`
 * holds the products registered under the id their page puts first; `CATALOG_CHECK_PRODUCTS` are the
 * three whose first id Aiuta does not know, for catalog resolution (`POST /aiuta_sku`).
 */

export type GarmentKind = 'tee' | 'shirt' | 'sweater' | 'hoodie' | 'jacket' | 'coat' | 'dress' | 'skirt' | 'trousers';

export interface CatalogItem {
  sku: string;
  /**
   * Other ids the store prints for the same item (Shopify variant ids). Stores sync either to
   * Aiuta, so the sandbox catalog accepts both.
   */
  alsoKnownAs: string[];
  /** The barcode the page prints after its SKU (schema.org `gtin13`). */
  gtin?: string;
  productId: string;
  name: string;
  variant?: string;
  brand: string;
  price: string;
  currency: 'EUR' | 'USD';
  garment: GarmentKind;
  color: Rgb;
  colorName: string;
  accent: Rgb;
  pattern?: 'stripes';
  /** Store path of the product page. */
  page: string;
  /** Which of the store's two hosts serves the page (see STORE_HOSTS); the main one when absent. */
  host?: StoreHost;
  description: string;
}

/**
 * The demo store answers on one loopback port under two host names, which a backend can tell apart
 * (`AIUTA_ONBOARD_HOSTS`): the main host is the address it listens on (127.0.0.1), the onboarding host
 * is `localhost`. Chromium resolves `localhost` to loopback by itself, without /etc/hosts or flags, and
 * Node resolves it through /etc/hosts; names under `.localhost` would reach Chromium too, but not Node
 * (glibc does not resolve them), and the emulator downloads product pictures from these pages.
 */
export type StoreHost = 'main' | 'onboarding';
export const ONBOARDING_STORE_HOST = 'localhost';

export const CATALOG_NAME = 'main';

const NAVY: Rgb = [31, 42, 84];
const WHITE: Rgb = [240, 240, 236];

function tee(sku: string, variantId: string, colorName: string, color: Rgb, size: string): CatalogItem {
  return {
    sku,
    alsoKnownAs: [variantId],
    productId: '7482910000001',
    name: 'Classic Crew Tee',
    variant: `${colorName} / ${size}`,
    brand: 'Northwind Basics',
    price: '24.00',
    currency: 'EUR',
    garment: 'tee',
    color,
    colorName,
    accent: color === WHITE ? [200, 200, 196] : WHITE,
    page: `/shopify/products/classic-crew-tee?variant=${variantId}`,
    description: 'A heavyweight cotton tee with a ribbed crew neck.',
  };
}

export const CATALOG: readonly CatalogItem[] = [
  tee('NWB-TEE-NAVY-M', '43110000000011', 'Navy', NAVY, 'M'),
  tee('NWB-TEE-NAVY-L', '43110000000012', 'Navy', NAVY, 'L'),
  tee('NWB-TEE-WHITE-M', '43110000000013', 'White', WHITE, 'M'),
  tee('NWB-TEE-OLIVE-M', '43110000000014', 'Olive', [104, 112, 58], 'M'),
  {
    sku: 'WC-LINEN-DRESS-SAGE',
    alsoKnownAs: [],
    productId: '1234',
    name: 'Linen Summer Dress',
    brand: 'Atelier Linnea',
    price: '79.00',
    currency: 'EUR',
    garment: 'dress',
    color: [156, 175, 136],
    colorName: 'Sage',
    accent: [120, 140, 104],
    page: '/woo/product/linen-summer-dress/',
    description: 'A breezy midi dress in washed linen with a fitted waist.',
  },
  {
    sku: 'MG-CHINO-KHAKI-32',
    alsoKnownAs: [],
    productId: '2048',
    name: 'Slim Chino Trousers',
    brand: 'Harbor & Co',
    price: '59.90',
    currency: 'EUR',
    garment: 'trousers',
    color: [189, 168, 120],
    colorName: 'Khaki',
    accent: [150, 130, 90],
    page: '/magento/slim-chino-trousers.html',
    description: 'Slim-fit chinos in stretch cotton twill.',
  },
  {
    sku: 'OG-COAT-CAMEL',
    alsoKnownAs: [],
    productId: 'og-coat-camel',
    name: 'Camel Wool Overcoat',
    brand: 'Lindqvist',
    price: '189.00',
    currency: 'EUR',
    garment: 'coat',
    color: [193, 154, 107],
    colorName: 'Camel',
    accent: [120, 90, 60],
    page: '/og/camel-wool-overcoat',
    description: 'A single-breasted overcoat in a warm wool blend.',
  },
  {
    sku: 'LD-DENIM-JKT-M',
    alsoKnownAs: [],
    gtin: '4006381333931',
    productId: 'ld-denim-jacket',
    name: 'Classic Denim Jacket',
    brand: 'Bluefield',
    price: '89.00',
    currency: 'EUR',
    garment: 'jacket',
    color: [70, 100, 150],
    colorName: 'Mid blue',
    accent: [200, 150, 60],
    page: '/jsonld/classic-denim-jacket',
    description: 'A trucker jacket in rigid mid-blue denim.',
  },
  {
    sku: 'SPA-RAIN-JKT-YLW',
    alsoKnownAs: [],
    productId: 'spa-rain-jacket',
    name: 'Yellow Rain Jacket',
    brand: 'Fjordline',
    price: '99.00',
    currency: 'EUR',
    garment: 'hoodie',
    color: [235, 190, 40],
    colorName: 'Yellow',
    accent: [60, 60, 60],
    page: '/spa/products/yellow-rain-jacket',
    description: 'A hooded, fully taped rain jacket.',
  },
  {
    sku: 'SPA-PLEAT-SKIRT-ROSE',
    alsoKnownAs: [],
    productId: 'spa-pleated-skirt',
    name: 'Pleated Midi Skirt',
    brand: 'Fjordline',
    price: '65.00',
    currency: 'EUR',
    garment: 'skirt',
    color: [205, 120, 140],
    colorName: 'Rose',
    accent: [170, 90, 110],
    page: '/spa/products/pleated-midi-skirt',
    description: 'A sunray-pleated midi skirt with an elastic waist.',
  },
  {
    sku: 'SPA-BRETON-SHIRT',
    alsoKnownAs: [],
    productId: 'spa-breton-shirt',
    name: 'Breton Striped Shirt',
    brand: 'Fjordline',
    price: '45.00',
    currency: 'EUR',
    garment: 'sweater',
    color: WHITE,
    colorName: 'White / navy',
    accent: NAVY,
    pattern: 'stripes',
    page: '/spa/products/breton-striped-shirt',
    description: 'A long-sleeved Breton top in soft cotton jersey.',
  },
  {
    sku: 'DL-HOODIE-GREY',
    alsoKnownAs: [],
    productId: 'dl-hoodie-grey',
    name: 'Fleece Hoodie',
    brand: 'Northwind Basics',
    price: '49.00',
    currency: 'EUR',
    garment: 'hoodie',
    color: [128, 128, 132],
    colorName: 'Heather grey',
    accent: [90, 90, 94],
    page: '/datalayer/fleece-hoodie',
    description: 'A brushed-fleece hoodie with a kangaroo pocket.',
  },
  {
    sku: 'CAT-KNIT-SWEATER-CREAM',
    alsoKnownAs: [],
    productId: 'cat-knit-sweater',
    name: 'Chunky Knit Sweater',
    brand: 'Lindqvist',
    price: '95.00',
    currency: 'EUR',
    garment: 'sweater',
    color: [236, 226, 204],
    colorName: 'Cream',
    accent: [200, 190, 168],
    page: '/jsonld/chunky-knit-sweater',
    description: 'A chunky cable-knit sweater in wool and alpaca.',
  },
  {
    sku: 'CAT-WIDE-TROUSERS-BLACK',
    alsoKnownAs: [],
    productId: 'cat-wide-trousers',
    name: 'Wide-Leg Trousers',
    brand: 'Atelier Linnea',
    price: '85.00',
    currency: 'EUR',
    garment: 'trousers',
    color: [34, 34, 38],
    colorName: 'Black',
    accent: [80, 80, 86],
    page: '/jsonld/wide-leg-trousers',
    description: 'High-waisted wide-leg trousers with pressed creases.',
  },
  {
    sku: 'CAT-OXFORD-SHIRT-BLUE',
    alsoKnownAs: [],
    productId: 'cat-oxford-shirt',
    name: 'Oxford Button-Down Shirt',
    brand: 'Harbor & Co',
    price: '55.00',
    currency: 'EUR',
    garment: 'shirt',
    color: [160, 190, 225],
    colorName: 'Light blue',
    accent: [250, 250, 250],
    page: '/jsonld/oxford-button-down-shirt',
    description: 'A button-down collar shirt in Oxford cotton.',
  },
];

/** Products whose page puts an id first that Aiuta's catalog does not hold. */
export const CATALOG_CHECK_PRODUCTS: {
  registeredByGtin: CatalogItem & { gtin: string };
  onboardable: CatalogItem;
  notOnboardable: CatalogItem;
} = {
  /** Registered with Aiuta under its GTIN; its page puts the store's SKU first and the GTIN second. */
  registeredByGtin: {
    sku: 'LQ-CARDIGAN-OAT-M',
    alsoKnownAs: [],
    gtin: '4006381333948',
    productId: 'lq-ribbed-cardigan',
    name: 'Ribbed Wool Cardigan',
    brand: 'Lindqvist',
    price: '119.00',
    currency: 'EUR',
    garment: 'sweater',
    color: [214, 200, 172],
    colorName: 'Oatmeal',
    accent: [170, 150, 120],
    page: '/jsonld/ribbed-wool-cardigan',
    description: 'A V-neck cardigan in ribbed merino with horn buttons.',
  },
  /** Not in the catalog, on the store host a backend may onboard products from. */
  onboardable: {
    sku: 'HC-OVERSHIRT-RUST-M',
    alsoKnownAs: [],
    productId: 'hc-corduroy-overshirt',
    name: 'Corduroy Overshirt',
    brand: 'Harbor & Co',
    price: '79.00',
    currency: 'EUR',
    garment: 'shirt',
    color: [168, 84, 48],
    colorName: 'Rust',
    accent: [120, 60, 36],
    page: '/jsonld/corduroy-overshirt',
    host: 'onboarding',
    description: 'A roomy overshirt in needlecord with two chest pockets.',
  },
  /** Not in the catalog, on the main store host, which a backend may not onboard from. */
  notOnboardable: {
    sku: 'FJ-FIELD-JKT-OLIVE',
    alsoKnownAs: [],
    productId: 'fj-quilted-field-jacket',
    name: 'Quilted Field Jacket',
    brand: 'Fjordline',
    price: '149.00',
    currency: 'EUR',
    garment: 'jacket',
    color: [96, 104, 64],
    colorName: 'Olive',
    accent: [60, 64, 40],
    page: '/jsonld/quilted-field-jacket',
    description: 'A diamond-quilted field jacket with a corduroy collar.',
  },
};

/** Every product the store sells: the catalog's and the three above. */
export const STORE_PRODUCTS: readonly CatalogItem[] = [...CATALOG, ...Object.values(CATALOG_CHECK_PRODUCTS)];

/**
 * The SKU items the emulator's catalog starts with: each CATALOG product under its SKU and under its
 * other ids (stores sync either to Aiuta), and the cardigan under its GTIN only.
 */
export function catalogSeed(): { skuId: string; product: CatalogItem }[] {
  const seed = CATALOG.flatMap((product) => [product.sku, ...product.alsoKnownAs].map((skuId) => ({ skuId, product })));
  const cardigan = CATALOG_CHECK_PRODUCTS.registeredByGtin;
  seed.push({ skuId: cardigan.gtin, product: cardigan });
  return seed;
}

/** Finds an item by an id it is registered under in the seeded catalog (Aiuta's default catalog is "main"). */
export function findCatalogItem(id: string, catalogName = CATALOG_NAME): CatalogItem | undefined {
  if (catalogName !== CATALOG_NAME) return undefined;
  return catalogSeed().find((entry) => entry.skuId === id)?.product;
}

/** Finds a store product by any id its page prints (SKU, GTIN, variant id), in or out of the catalog. */
export function findStoreProduct(id: string): CatalogItem | undefined {
  return STORE_PRODUCTS.find((item) => item.sku === id || item.gtin === id || item.alsoKnownAs.includes(id));
}
