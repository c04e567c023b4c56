import { afterAll, describe, expect, it } from 'vitest';
import { detect } from '@/utils/detect/detect';
import { productSchema } from '@/utils/product';
import { parseHtml, readFixture } from './dom';

interface Row {
  file: string;
  url: string;
  /** The expected `sku`, or null when the page is not a product page. */
  sku: string | null;
  name?: string;
  variant?: string;
  brand?: string;
  image?: string;
}

const table: Row[] = [
  // Product pages
  { file: 'shopify-dawn-product.html', url: 'https://aurora-apparel.example/products/linen-shirt', sku: 'LS-WHT-S', name: 'Linen Shirt', variant: 'White / S', brand: 'Aurora' },
  { file: 'shopify-dawn-product.html', url: 'https://aurora-apparel.example/products/linen-shirt?variant=44003', sku: 'LS-BLU-S', variant: 'Blue / S' },
  { file: 'shopify-dawn-product.html', url: 'https://aurora-apparel.example/collections/shirts/products/linen-shirt?variant=44002', sku: 'LS-WHT-M', variant: 'White / M' },
  { file: 'shopify-legacy-product.html', url: 'https://northfield.example/products/wool-beanie', sku: 'NF-BEANIE-RST', name: 'Wool Beanie & Scarf Set', variant: 'Rust', image: 'https://cdn.shopify.example/s/files/1/0001/products/beanie-rust.jpg' },
  { file: 'shopify-legacy-product.html', url: 'https://northfield.example/products/wool-beanie?variant=31001', sku: 'NF-BEANIE-CHR', variant: 'Charcoal' },
  { file: 'woocommerce-simple.html', url: 'https://mapleandpine.example/product/hooded-sweatshirt/', sku: 'WOO-HOOD-001', name: 'Hooded Sweatshirt', brand: 'Maple & Pine' },
  { file: 'woocommerce-variable.html', url: 'https://fernhill.example/product/organic-tee/', sku: 'TEE-ORG', name: 'Organic Tee' },
  { file: 'woocommerce-variable.html', url: 'https://fernhill.example/product/organic-tee/?attribute_pa_color=blue&attribute_pa_size=l', sku: 'TEE-ORG-BLU-L', variant: 'Blue / L' },
  { file: 'magento2-product.html', url: 'https://luma.example/chaz-kangeroo-hoodie.html', sku: 'MH01', name: 'Chaz Kangeroo Hoodie' },
  { file: 'sfcc-product.html', url: 'https://www.harborco.example/en-us/relaxed-denim-jacket/25519318M.html', sku: '25519318M', name: 'Relaxed Denim Jacket' },
  { file: 'bigcommerce-product.html', url: 'https://halyard.example/oxford-shirt/', sku: 'BC-OXF-42', name: 'Oxford Shirt' },
  { file: 'amazon-product.html', url: 'https://www.amazon.com/Summit-Trail-Runner-Running-Slate/dp/B0C7XYZ123/ref=sr_1_3?keywords=trail+runner', sku: 'B0C7XYZ123', name: "Summit Trail Runner Men's Running Shoe", image: 'https://m.media-amazon.example/images/I/71abcDEF12L._AC_SL1500_.jpg' },
  { file: 'custom-labelled.html', url: 'https://www.modehaus-beispiel.de/damen/regenjacke-nova', sku: '4711-0815', name: 'Regenjacke Nova' },
  { file: 'custom-jsonld-messy.html', url: 'https://peakgear.example/packs/trail-backpack-28', sku: 'PG-TB28-OLV', brand: 'Peak Gear', image: 'https://peakgear.example/media/packs/trail-28.jpg' },
  { file: 'next-state.html', url: 'https://woolly.example/p/merino-crew-sock', sku: 'WC-MCS-GRY-M', name: 'Merino Crew Sock' },
  { file: 'ga4-datalayer.html', url: 'https://seaside.example/tote-bag', sku: 'SM-TOTE-NAT', name: 'Canvas Tote Bag', variant: 'Natural' },
  { file: 'productgroup.html', url: 'https://ridgerowe.example/coat', sku: 'COAT-01', name: 'Wool Coat' },
  { file: 'productgroup.html', url: 'https://ridgerowe.example/coat?color=green&size=small', sku: 'COAT-01-S-GRN', variant: 'Green / small' },
  { file: 'placeholder-ids.html', url: 'https://kilnhouse.example/products/pour-over-set', sku: '5012345678900' },
  { file: 'no-id-product.html', url: 'https://littlepottery.example/shop/handmade-mug', sku: '', name: 'Hand-thrown Mug' },
  { file: 'rdfa-product.html', url: 'https://hearthtools.example/skillet-26', sku: 'HT-CIS-26', brand: 'Hearth Tools' },
  { file: 'utag-product.html', url: 'https://maisonlior.example/en-us/silk-scarf-ochre', sku: 'UT-SCF-OCH', brand: 'Maison Lior' },
  { file: 'shopify-related-jsonld.html', url: 'https://fjord-knitwear.example/products/merino-cardigan', sku: 'FJ-CAR-NVY-M', name: 'Merino Cardigan', variant: 'Navy / M', brand: 'Fjord' },
  { file: 'microdata-related.html', url: 'https://tannerrow.example/leather-belt', sku: 'TR-BELT-BRN-34', name: 'Leather Belt' },
  // Not product pages
  { file: 'shopify-collection.html', url: 'https://aurora-apparel.example/collections/shirts', sku: null },
  { file: 'woocommerce-shop.html', url: 'https://mapleandpine.example/product-category/hoodies/', sku: null },
  { file: 'magento2-category.html', url: 'https://luma.example/men/tops-men/hoodies-and-sweatshirts-men.html', sku: null },
  { file: 'search-results.html', url: 'https://bluelantern.example/search?q=linen+dress', sku: null },
  { file: 'blog-article.html', url: 'https://outdoorjournal.example/2024/10/rain-jackets', sku: null },
  { file: 'review-page.html', url: 'https://gearlab.example/summit-trail-runner', sku: null },
  { file: 'home.html', url: 'https://aurora-apparel.example/', sku: null },
  { file: 'itemlist-jsonld.html', url: 'https://bluelantern.example/dresses', sku: null },
  { file: 'ga4-list.html', url: 'https://seaside.example/bags', sku: null },
  { file: 'listing-microdata.html', url: 'https://tannerrow.example/new-in', sku: null },
  { file: 'amazon-search.html', url: 'https://www.amazon.com/s?k=trail+running+shoes', sku: null },
];

let hits = 0;
const misses: string[] = [];

describe('detectProduct on store pages', () => {
  it.each(table)('$file at $url -> $sku', (row) => {
    const result = detect(parseHtml(readFixture(row.file)), row.url, undefined, { strict: true });
    const got = result === null ? null : result.sku;
    if (got === row.sku) hits++;
    else misses.push(`${row.file} ${row.url}: expected ${String(row.sku)}, got ${String(got)}`);
    expect(got).toBe(row.sku);
    if (!result) return;
    // What the content script forwards must fit the shared product schema.
    expect(productSchema.safeParse({ ...result, pageUrl: row.url }).success).toBe(true);
    if (result.sku) expect(result.ids[0]?.value).toBe(result.sku);
    if (row.name) expect(result.name).toBe(row.name);
    if (row.variant) expect(result.variant).toBe(row.variant);
    if (row.brand) expect(result.brand).toBe(row.brand);
    if (row.image) expect(result.image).toBe(row.image);
  });

  afterAll(() => {
    const products = table.filter((r) => r.sku !== null).length;
    console.log(
      `detect hit rate: ${hits}/${table.length} pages (${((100 * hits) / table.length).toFixed(1)}%); ` +
        `${products} product pages, ${table.length - products} non-product pages` +
        (misses.length ? `\nmisses:\n  ${misses.join('\n  ')}` : ''),
    );
  });
});
