import { CATALOG, type CatalogItem } from '../../catalog';
import { html, jsonForScript, unsafeHtml } from '../html';
import { formatPrice, page, productImageUrl } from '../layout';

/**
 * A Shopify-like product page (Online Store 2.0 theme conventions): variants in `ProductJson` and
 * `ShopifyAnalytics.meta`, a variant `<select name="id">` whose change rewrites `?variant=` with
 * replaceState, Open Graph tags, no JSON-LD. Plus the `/products/<handle>.js` and `.json` endpoints.
 */

const HANDLE = 'classic-crew-tee';
export const SHOPIFY_PATH = `/shopify/products/${HANDLE}`;
const VARIANTS = CATALOG.filter((item) => item.productId === '7482910000001');

function cents(item: CatalogItem): number {
  return Math.round(Number(item.price) * 100);
}

function options(item: CatalogItem): [string, string] {
  const [color = '', size = ''] = (item.variant ?? '').split(' / ');
  return [color, size];
}

/** The product as Shopify's `/products/<handle>.js` returns it (prices in cents). */
export function shopifyProductJs(origin: string) {
  const first = VARIANTS[0]!;
  return {
    id: Number(first.productId),
    title: first.name,
    handle: HANDLE,
    description: `<p>${first.description}</p>`,
    vendor: first.brand,
    type: 'T-Shirts',
    price: cents(first),
    available: true,
    options: [
      { name: 'Color', position: 1, values: [...new Set(VARIANTS.map((v) => options(v)[0]))] },
      { name: 'Size', position: 2, values: [...new Set(VARIANTS.map((v) => options(v)[1]))] },
    ],
    images: VARIANTS.map((v) => productImageUrl(origin, v.sku)),
    featured_image: productImageUrl(origin, first.sku),
    url: `/shopify/products/${HANDLE}`,
    variants: VARIANTS.map((variant) => ({
      id: Number(variant.alsoKnownAs[0]),
      title: variant.variant,
      option1: options(variant)[0],
      option2: options(variant)[1],
      option3: null,
      sku: variant.sku,
      available: true,
      name: `${variant.name} - ${variant.variant}`,
      public_title: variant.variant,
      price: cents(variant),
      featured_image: { src: productImageUrl(origin, variant.sku), alt: `${variant.name} - ${variant.colorName}` },
    })),
  };
}

/** The admin-style `/products/<handle>.json` shape (prices as strings). */
export function shopifyProductJson(origin: string) {
  const js = shopifyProductJs(origin);
  return {
    product: {
      id: js.id,
      title: js.title,
      handle: js.handle,
      vendor: js.vendor,
      product_type: js.type,
      variants: js.variants.map((variant) => ({
        id: variant.id,
        product_id: js.id,
        title: variant.title,
        sku: variant.sku,
        price: (variant.price / 100).toFixed(2),
        option1: variant.option1,
        option2: variant.option2,
      })),
      images: js.images.map((src, position) => ({ id: position + 1, src, position: position + 1 })),
    },
  };
}

export function shopifyProductPage(origin: string, url: URL): string {
  const requested = url.searchParams.get('variant');
  const selected = VARIANTS.find((variant) => variant.alsoKnownAs[0] === requested) ?? VARIANTS[0]!;
  const product = shopifyProductJs(origin);
  const canonical = `${origin}${SHOPIFY_PATH}`;
  const analyticsMeta = {
    product: {
      id: product.id,
      gid: `gid://shopify/Product/${product.id}`,
      vendor: product.vendor,
      type: product.type,
      variants: product.variants.map((variant) => ({
        id: variant.id,
        price: variant.price,
        name: variant.name,
        public_title: variant.public_title,
        sku: variant.sku,
      })),
    },
    page: { pageType: 'product', resourceType: 'product', resourceId: product.id },
  };
  const head = html`
<link rel="canonical" href="${canonical}">
<meta property="og:site_name" content="Northwind Basics">
<meta property="og:url" content="${canonical}">
<meta property="og:title" content="${selected.name}">
<meta property="og:type" content="product">
<meta property="og:description" content="${selected.description}">
<meta property="og:image" content="${productImageUrl(origin, selected.sku)}">
<meta property="og:price:amount" content="${selected.price}">
<meta property="og:price:currency" content="${selected.currency}">
<meta name="twitter:card" content="summary_large_image">
<script>var Shopify = Shopify || {};
Shopify.shop = "northwind-basics.myshopify.com";
Shopify.locale = "en";
Shopify.currency = {"active":"EUR","rate":"1.0"};
Shopify.theme = {"name":"Dawn","id":130000000001,"schema_name":"Dawn","role":"main"};</script>
<script>window.ShopifyAnalytics = window.ShopifyAnalytics || {};
window.ShopifyAnalytics.meta = window.ShopifyAnalytics.meta || {};
window.ShopifyAnalytics.meta.currency = 'EUR';
var meta = ${jsonForScript(analyticsMeta)};
for (var attr in meta) { window.ShopifyAnalytics.meta[attr] = meta[attr]; }</script>`;

  const body = html`
<main id="MainContent" class="content-for-layout" role="main">
<section id="shopify-section-template--main-product" class="shopify-section section">
<div class="product product--large" data-product-id="${product.id}">
<div class="product-layout">
  <div class="product__media-wrapper"><img id="ProductImage" src="${productImageUrl(origin, selected.sku)}" alt="${selected.name} - ${selected.colorName}" width="600" height="600"></div>
  <div class="product__info-container">
    <p class="product__text caption-with-letter-spacing">${selected.brand}</p>
    <h1 class="product__title">${selected.name}</h1>
    <div class="price" id="price-template--main"><span class="price-item price-item--regular">${formatPrice(selected)} EUR</span></div>
    <p class="product__sku muted" id="Sku-template--main">SKU: <span class="variant-sku">${selected.sku}</span></p>
    <form method="post" action="/cart/add" id="product-form-template--main" accept-charset="UTF-8" class="form" enctype="multipart/form-data" novalidate="novalidate" data-type="add-to-cart-form">
      <input type="hidden" name="form_type" value="product"><input type="hidden" name="utf8" value="✓">
      <label for="ProductSelect-template--main">Variant</label>
      <select name="id" id="ProductSelect-template--main" class="product-form__variants">
        ${VARIANTS.map(
          (variant) =>
            html`<option value="${variant.alsoKnownAs[0]}"${variant === selected ? unsafeHtml(' selected="selected"') : ''}>${variant.variant} - ${formatPrice(variant)}</option>`,
        )}
      </select>
      <p><button type="submit" name="add" class="product-form__submit button">Add to cart</button></p>
    </form>
    <div class="product__description rte"><p>${selected.description}</p></div>
  </div>
</div>
<script type="application/json" id="ProductJson-template--main">${jsonForScript(product)}</script>
</div>
</section>
</main>
<script>${unsafeHtml(VARIANT_SCRIPT)}</script>`;

  return page({
    title: `${selected.name} – Northwind Basics`,
    storeName: 'Northwind Basics',
    head,
    bodyAttributes: html`class="gradient template-product"`,
    body,
  });
}

// Mirrors what Shopify themes do on a variant change: new price/image/SKU and ?variant= via replaceState.
const VARIANT_SCRIPT = `
(function () {
  var product = JSON.parse(document.getElementById('ProductJson-template--main').textContent);
  var select = document.getElementById('ProductSelect-template--main');
  select.addEventListener('change', function () {
    var variant = product.variants.find(function (v) { return String(v.id) === select.value; });
    if (!variant) return;
    document.getElementById('ProductImage').src = variant.featured_image.src;
    document.getElementById('ProductImage').alt = variant.featured_image.alt;
    document.querySelector('.price-item').textContent = '€' + (variant.price / 100).toFixed(2) + ' EUR';
    document.querySelector('.variant-sku').textContent = variant.sku;
    var url = new URL(window.location.href);
    url.searchParams.set('variant', variant.id);
    window.history.replaceState({ path: url.toString() }, '', url.toString());
  });
})();
`;
