import { CATALOG, CATALOG_CHECK_PRODUCTS } from '../../catalog';
import { ABORT_REASONS } from '../../faults';
import { html } from '../html';
import { page } from '../layout';
import { ARTICLE_PATH } from './article';
import { CATEGORY_PATH } from './category';
import { DATA_LAYER_PATH } from './data-layer';
import { jsonLdItems } from './json-ld';
import { LAB_PATH } from './lab';
import { MAGENTO_PATH } from './magento';
import { OPENGRAPH_PATH } from './opengraph';
import { SHOPIFY_PATH } from './shopify';
import { spaItems } from './spa';
import { WOO_PATH } from './woocommerce';

/** The demo store's home: every page, what it imitates, and whether a try-on button belongs there. */

export interface SandboxInfo {
  apiUrl: string;
  tokenUrl: string;
  subscriptionId: string;
  /** The main host's origin; the store is reachable on it and on the onboarding host. */
  storeUrl?: string;
}

const CATALOG_CHECK_NOTES: Record<keyof typeof CATALOG_CHECK_PRODUCTS, string> = {
  registeredByGtin: 'its SKU (first on the page) is not in the catalog, its GTIN (second) is',
  onboardable: 'not in the catalog; on the store host a backend may onboard products from',
  notOnboardable: 'not in the catalog; on a store host a backend may not onboard products from',
};

export function indexPage(info: SandboxInfo | undefined, origins: Record<'main' | 'onboarding', string>): string {
  const shopifyVariants = CATALOG.filter((item) => item.page.startsWith(SHOPIFY_PATH));
  const productPages: [string, string, string][] = [
    [SHOPIFY_PATH, 'Shopify-like', 'variants in ProductJson and ShopifyAnalytics.meta; the variant picker rewrites ?variant='],
    [WOO_PATH, 'WooCommerce-like', 'schema.org microdata (itemprop="sku"), related products below'],
    [MAGENTO_PATH, 'Magento-like', 'Luma markup: itemscope on body, .product.attribute.sku, data-product-sku, x-magento-init'],
    [OPENGRAPH_PATH, 'Open Graph only', 'og:type=product and product:retailer_item_id; nothing else'],
    ...jsonLdItems().map((item): [string, string, string] => [item.page, 'JSON-LD', `${item.name} (schema.org Product in @graph)`]),
    [spaItems()[0]!.page, 'Single-page app', 'pushState navigation between products, JSON-LD swapped on each render'],
    [DATA_LAYER_PATH, 'Data layer only', 'the id only in dataLayer ecommerce.detail.products'],
  ];
  const notProductPages: [string, string][] = [
    [CATEGORY_PATH, 'Category page with many products (microdata per tile, ItemList, impressions)'],
    [ARTICLE_PATH, 'Journal article that mentions products (BlogPosting with mentions)'],
    ['/spa/', 'Single-page app listing'],
  ];
  const body = html`
<main>
<h1>Try-on sandbox store</h1>
${info
  ? html`<p class="muted">Aiuta emulator: <code>${info.apiUrl}</code> · token endpoint: <code>${info.tokenUrl}</code> · subscription ID: <code>${info.subscriptionId}</code></p>`
  : ''}
<h2>Product pages (a "Try on" button belongs here)</h2>
<ul>
  ${productPages.map(([path, kind, note]) => html`<li><a href="${path}">${kind}</a>: <span class="muted">${note}</span></li>`)}
  <li>Shopify variants: ${shopifyVariants.map((item, i) => html`${i ? ', ' : ''}<a href="${item.page}">${item.variant}</a>`)}</li>
</ul>
<h2>Catalog check: products whose first id Aiuta does not know</h2>
<ul>
  ${(Object.keys(CATALOG_CHECK_NOTES) as (keyof typeof CATALOG_CHECK_NOTES)[]).map((key) => {
    const item = CATALOG_CHECK_PRODUCTS[key];
    const url = `${origins[item.host ?? 'main']}${item.page}`;
    return html`<li><a href="${url}">${item.name}</a>: <span class="muted">${CATALOG_CHECK_NOTES[key]} (<code>${new URL(url).host}</code>)</span></li>`;
  })}
</ul>
<h2>Not product pages (no button)</h2>
<ul>${notProductPages.map(([path, note]) => html`<li><a href="${path}">${note}</a></li>`)}</ul>
<h2>Lab: choose how the try-on ends</h2>
<ul>
  <li><a href="${LAB_PATH}?sku=SANDBOX-FAIL">SANDBOX-FAIL</a> ends FAILED</li>
  ${ABORT_REASONS.map((reason) => html`<li><a href="${LAB_PATH}?sku=SANDBOX-ABORT-${reason}">SANDBOX-ABORT-${reason}</a> ends ABORTED (${reason})</li>`)}
  <li><a href="${LAB_PATH}?sku=NOT-IN-CATALOG-1">NOT-IN-CATALOG-1</a>: a SKU the catalog does not have (404 SKU item does not exist)</li>
</ul>
<h2>Test assets</h2>
<ul>
  <li><a href="/assets/shopper.jpg">/assets/shopper.jpg</a>: sample shopper photo (720×960 JPEG)</li>
  <li><a href="/assets/shopper.png">/assets/shopper.png</a>: the same as PNG</li>
  <li><a href="/assets/too-small.jpg">/assets/too-small.jpg</a>: 120×160 JPEG the emulator refuses as too small</li>
  <li><a href="/assets/not-a-photo.jpg">/assets/not-a-photo.jpg</a>: text with a .jpg name, refused as not an image</li>
</ul>
</main>`;
  return page({ title: 'Try-on sandbox store', storeName: 'Sandbox Store', body });
}
