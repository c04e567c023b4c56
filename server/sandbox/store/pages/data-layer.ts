import { CATALOG } from '../../catalog';
import { html, jsonForScript } from '../html';
import { formatPrice, page, productImageUrl } from '../layout';

/**
 * A page whose product id lives only in an inline analytics data layer
 * (`dataLayer.push({ ecommerce: { detail: { products: [{ id }] } } })`, the Enhanced Ecommerce shape
 * Google Tag Manager setups use). `og:type` is `website`; no microdata, no JSON-LD, no SKU in the text.
 */

export const DATA_LAYER_PATH = '/datalayer/fleece-hoodie';

export function dataLayerProductPage(origin: string): string {
  const item = CATALOG.find((entry) => entry.sku === 'DL-HOODIE-GREY')!;
  const detail = {
    event: 'productDetail',
    ecommerce: {
      currencyCode: item.currency,
      detail: {
        actionField: { list: 'Hoodies' },
        products: [
          { name: item.name, id: item.sku, price: item.price, brand: item.brand, category: 'Hoodies', variant: item.colorName },
        ],
      },
    },
  };
  const head = html`
<meta property="og:type" content="website">
<meta property="og:title" content="${item.name} | Northwind Basics">
<script>window.dataLayer = window.dataLayer || [];
window.dataLayer.push({ 'pageType': 'product', 'siteSection': 'shop' });
window.dataLayer.push(${jsonForScript(detail)});</script>
<script>(function(w,d,s,l,i){w[l]=w[l]||[];w[l].push({'gtm.start':new Date().getTime(),event:'gtm.js'});
/* The container script itself is not loaded: the sandbox has no network. */})(window,document,'script','dataLayer','GTM-SANDBOX');</script>`;
  const body = html`
<main>
<div class="product-layout">
  <img src="${productImageUrl(origin, item.sku)}" alt="${item.name}" width="600" height="600">
  <div>
    <h1>${item.name}</h1>
    <p class="price">${formatPrice(item)}</p>
    <p>${item.description}</p>
    <p><button type="button">Add to cart</button></p>
  </div>
</div>
</main>`;
  return page({ title: `${item.name} | Northwind Basics`, storeName: 'Northwind Basics', head, body });
}
