import { CATALOG } from '../../catalog';
import { html } from '../html';
import { formatPrice, page, productImageUrl } from '../layout';

/**
 * A page whose only product data is Open Graph / Facebook catalog meta (`og:type=product`,
 * `product:retailer_item_id`, `product:price:*`): no microdata, no JSON-LD, no SKU in the text.
 */

export const OPENGRAPH_PATH = '/og/camel-wool-overcoat';

export function openGraphProductPage(origin: string): string {
  const item = CATALOG.find((entry) => entry.sku === 'OG-COAT-CAMEL')!;
  const image = productImageUrl(origin, item.sku);
  const head = html`
<meta property="og:type" content="product">
<meta property="og:title" content="${item.name}">
<meta property="og:description" content="${item.description}">
<meta property="og:url" content="${origin}${OPENGRAPH_PATH}">
<meta property="og:image" content="${image}">
<meta property="og:site_name" content="Lindqvist">
<meta property="product:brand" content="${item.brand}">
<meta property="product:availability" content="in stock">
<meta property="product:condition" content="new">
<meta property="product:price:amount" content="${item.price}">
<meta property="product:price:currency" content="${item.currency}">
<meta property="product:retailer_item_id" content="${item.sku}">`;
  const body = html`
<main>
<div class="product-layout">
  <img src="${image}" alt="${item.name}" width="600" height="600">
  <div>
    <h1>${item.name}</h1>
    <p class="price">${formatPrice(item)}</p>
    <p>${item.description}</p>
    <p><button type="button">Add to bag</button></p>
  </div>
</div>
</main>`;
  return page({ title: `${item.name} | Lindqvist`, storeName: 'Lindqvist', head, body });
}
