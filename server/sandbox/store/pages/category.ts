import { CATALOG } from '../../catalog';
import { html, jsonForScript } from '../html';
import { formatPrice, page, productImageUrl } from '../layout';

/**
 * A category page with many products: each tile carries Product microdata with its own SKU, the head
 * an ItemList in JSON-LD and the data layer an `impressions` list. Several products, none of them
 * "the" product: a detector must not offer a try-on here.
 */

export const CATEGORY_PATH = '/category/all';

export function categoryPage(origin: string): string {
  const items = CATALOG.filter((item, index, all) => all.findIndex((other) => other.productId === item.productId) === index);
  const itemList = {
    '@context': 'https://schema.org',
    '@type': 'ItemList',
    name: 'Shop all',
    itemListElement: items.map((item, i) => ({ '@type': 'ListItem', position: i + 1, url: `${origin}${item.page}` })),
  };
  const impressions = {
    event: 'productImpressions',
    ecommerce: {
      currencyCode: 'EUR',
      impressions: items.map((item, i) => ({ id: item.sku, name: item.name, price: item.price, list: 'Shop all', position: i + 1 })),
    },
  };
  const head = html`
<meta property="og:type" content="website">
<meta property="og:title" content="Shop all">
<script type="application/ld+json">${jsonForScript(itemList)}</script>
<script>window.dataLayer = window.dataLayer || []; window.dataLayer.push(${jsonForScript(impressions)});</script>`;
  const body = html`
<main>
<h1>Shop all</h1>
<p class="muted">${items.length} products</p>
<ol class="grid products list items product-items">
  ${items.map(
    (item) => html`<li class="item product product-item" itemscope itemtype="https://schema.org/Product">
    <a href="${item.page}" class="product-item-link" itemprop="url"><img itemprop="image" src="${productImageUrl(origin, item.sku)}" alt="${item.name}" width="300" height="300"><span itemprop="name">${item.name}</span></a>
    <meta itemprop="sku" content="${item.sku}">
    <div itemprop="offers" itemscope itemtype="https://schema.org/Offer"><span class="price">${formatPrice(item)}</span><meta itemprop="price" content="${item.price}"><meta itemprop="priceCurrency" content="${item.currency}"></div>
    <form data-role="tocart-form" data-product-sku="${item.sku}" method="post" action="/cart/add"><input type="hidden" name="product" value="${item.productId}"><button type="submit" class="action tocart">Add to cart</button></form>
  </li>`,
  )}
</ol>
</main>`;
  return page({ title: 'Shop all', storeName: 'Demo Store', head, body });
}
