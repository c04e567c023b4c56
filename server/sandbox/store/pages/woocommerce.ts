import { CATALOG } from '../../catalog';
import { html } from '../html';
import { formatPrice, page, productImageUrl } from '../layout';

/**
 * A WooCommerce-like single product page with schema.org microdata (`itemscope` Product, `itemprop`
 * name/sku/offers), WordPress body classes, `add-to-cart` button value = post id, and a "Related
 * products" list below (plain links, as Woo renders them).
 */

export const WOO_PATH = '/woo/product/linen-summer-dress/';

export function wooProductPage(origin: string): string {
  const item = CATALOG.find((entry) => entry.sku === 'WC-LINEN-DRESS-SAGE')!;
  const related = CATALOG.filter((entry) => ['CAT-KNIT-SWEATER-CREAM', 'SPA-PLEAT-SKIRT-ROSE', 'CAT-OXFORD-SHIRT-BLUE'].includes(entry.sku));
  const head = html`
<link rel="canonical" href="${origin}${WOO_PATH}">
<meta name="generator" content="WooCommerce 8.9.1">
<link rel="stylesheet" id="woocommerce-general-css" href="data:text/css," media="all">`;
  const body = html`
<div id="page" class="site"><div id="content" class="site-content"><div id="primary" class="content-area"><main id="main" class="site-main" role="main">
<nav class="woocommerce-breadcrumb"><a href="/">Home</a> / <a href="/category/all">Dresses</a> / ${item.name}</nav>
<div class="woocommerce-notices-wrapper"></div>
<div id="product-${item.productId}" class="product type-product post-${item.productId} status-publish first instock product_cat-dresses has-post-thumbnail shipping-taxable purchasable product-type-simple" itemscope itemtype="https://schema.org/Product">
<div class="product-layout">
  <div class="woocommerce-product-gallery woocommerce-product-gallery--with-images images" data-columns="4">
    <figure class="woocommerce-product-gallery__wrapper"><div class="woocommerce-product-gallery__image"><a href="${productImageUrl(origin, item.sku)}"><img itemprop="image" src="${productImageUrl(origin, item.sku)}" class="wp-post-image" alt="${item.name}" width="600" height="600"></a></div></figure>
  </div>
  <div class="summary entry-summary">
    <h1 class="product_title entry-title" itemprop="name">${item.name}</h1>
    <div itemprop="offers" itemscope itemtype="https://schema.org/Offer">
      <p class="price"><span class="woocommerce-Price-amount amount"><bdi><span class="woocommerce-Price-currencySymbol">€</span>${item.price}</bdi></span></p>
      <meta itemprop="price" content="${item.price}"><meta itemprop="priceCurrency" content="${item.currency}">
      <link itemprop="availability" href="https://schema.org/InStock">
    </div>
    <div class="woocommerce-product-details__short-description" itemprop="description"><p>${item.description}</p></div>
    <form class="cart" action="${WOO_PATH}" method="post" enctype="multipart/form-data">
      <div class="quantity"><label class="screen-reader-text" for="quantity_1">${item.name} quantity</label><input type="number" id="quantity_1" class="input-text qty text" name="quantity" value="1" min="1" step="1"></div>
      <button type="submit" name="add-to-cart" value="${item.productId}" class="single_add_to_cart_button button alt">Add to cart</button>
    </form>
    <div class="product_meta">
      <span class="sku_wrapper">SKU: <span class="sku" itemprop="sku">${item.sku}</span></span>
      <span class="posted_in">Category: <a href="/category/all" rel="tag">Dresses</a></span>
      <span itemprop="brand" itemscope itemtype="https://schema.org/Brand"><meta itemprop="name" content="${item.brand}"></span>
    </div>
  </div>
</div>
</div>
<section class="related products">
  <h2>Related products</h2>
  <ul class="products columns-3 grid">
    ${related.map(
      (entry, i) => html`<li class="product type-product post-${3000 + i} status-publish instock"><a href="${entry.page}" class="woocommerce-LoopProduct-link woocommerce-loop-product__link"><img src="${productImageUrl(origin, entry.sku)}" alt="" width="300" height="300"><h2 class="woocommerce-loop-product__title">${entry.name}</h2><span class="price">${formatPrice(entry)}</span></a><a href="?add-to-cart=${3000 + i}" data-quantity="1" class="button product_type_simple add_to_cart_button ajax_add_to_cart" rel="nofollow">Add to cart</a></li>`,
    )}
  </ul>
</section>
</main></div></div></div>`;
  return page({
    title: `${item.name} – Atelier Linnea`,
    storeName: 'Atelier Linnea',
    head,
    bodyAttributes: html`class="product-template-default single single-product postid-${item.productId} theme-storefront woocommerce woocommerce-page woocommerce-js"`,
    body,
  });
}
