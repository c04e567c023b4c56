import { CATALOG } from '../../catalog';
import { html, jsonForScript } from '../html';
import { page, productImageUrl } from '../layout';

/**
 * A Magento 2 (Luma) like product page: `itemscope` Product on `<body>`, the SKU in
 * `.product.attribute.sku .value[itemprop=sku]` and `form[data-product-sku]`, the entity id in
 * `input[name=product]` and `data-product-id`, gallery and provider config in `text/x-magento-init`.
 */

export const MAGENTO_PATH = '/magento/slim-chino-trousers.html';

export function magentoProductPage(origin: string): string {
  const item = CATALOG.find((entry) => entry.sku === 'MG-CHINO-KHAKI-32')!;
  const image = productImageUrl(origin, item.sku);
  const gallery = {
    '[data-gallery-role=gallery-placeholder]': {
      'mage/gallery/gallery': {
        mixins: ['magnifier/magnify'],
        data: [{ thumb: image, img: image, full: image, caption: item.name, position: '1', isMain: true, type: 'image', videoUrl: null }],
        options: { nav: 'thumbs', loop: true },
      },
    },
  };
  const provider = {
    '*': {
      'Magento_Catalog/js/product/view/provider': {
        data: {
          items: {
            [item.productId]: {
              add_to_cart_button: { post_data: '', url: `${origin}/checkout/cart/add/product/${item.productId}/` },
              currency_code: item.currency,
              id: Number(item.productId),
              name: item.name,
              type: 'simple',
              is_salable: '1',
              url: `${origin}${MAGENTO_PATH}`,
              price_info: { final_price: Number(item.price), regular_price: Number(item.price) },
              images: [{ url: image, code: 'product_page_image_large', height: 700, width: 700 }],
            },
          },
          store: '1',
          currency: item.currency,
        },
      },
    },
  };
  const head = html`
<meta property="og:type" content="product">
<meta property="og:title" content="${item.name}">
<meta property="og:image" content="${image}">
<meta property="og:description" content="${item.description}">
<meta property="og:url" content="${origin}${MAGENTO_PATH}">
<meta property="product:price:amount" content="${item.price}">
<meta property="product:price:currency" content="${item.currency}">
<script type="text/x-magento-init">{"*":{"Magento_PageCache/js/form-key-provider":{"isPaginationCacheEnabled":0}}}</script>`;
  const body = html`
<div class="page-wrapper"><main id="maincontent" class="page-main">
<div class="columns"><div class="column main">
<div class="product-layout">
<div class="product media">
  <div class="gallery-placeholder _block-content-loading" data-gallery-role="gallery-placeholder"><img alt="main product photo" class="gallery-placeholder__image" src="${image}" width="700" height="700"></div>
  <script type="text/x-magento-init">${jsonForScript(gallery)}</script>
</div>
<div class="product-info-main">
  <div class="page-title-wrapper product"><h1 class="page-title"><span class="base" data-ui-id="page-title-wrapper" itemprop="name">${item.name}</span></h1></div>
  <div class="product-info-price">
    <div class="price-box price-final_price" data-role="priceBox" data-product-id="${item.productId}" data-price-box="product-id-${item.productId}">
      <span class="price-container price-final_price tax weee" itemprop="offers" itemscope itemtype="http://schema.org/Offer">
        <span id="product-price-${item.productId}" data-price-amount="${Number(item.price)}" data-price-type="finalPrice" class="price-wrapper"><span class="price">€${item.price}</span></span>
        <meta itemprop="price" content="${Number(item.price)}"><meta itemprop="priceCurrency" content="${item.currency}">
      </span>
    </div>
    <div class="product-info-stock-sku">
      <div class="stock available" title="Availability"><span>In stock</span></div>
      <div class="product attribute sku"><strong class="type">SKU</strong><div class="value" itemprop="sku">${item.sku}</div></div>
    </div>
  </div>
  <div class="product-add-form">
    <form data-product-sku="${item.sku}" action="${origin}/checkout/cart/add/uenc/aHR0cA,,/product/${item.productId}/" method="post" id="product_addtocart_form">
      <input type="hidden" name="product" value="${item.productId}"><input type="hidden" name="selected_configurable_option" value=""><input type="hidden" name="item" value="${item.productId}">
      <div class="field qty"><label class="label" for="qty"><span>Qty</span></label><input type="number" name="qty" id="qty" min="0" value="1" title="Qty" class="input-text qty"></div>
      <button type="submit" title="Add to Cart" class="action primary tocart" id="product-addtocart-button"><span>Add to Cart</span></button>
    </form>
  </div>
  <div class="product attribute overview"><div class="value" itemprop="description">${item.description}</div></div>
</div>
</div>
<script type="text/x-magento-init">${jsonForScript(provider)}</script>
</div></div>
</main></div>`;
  return page({
    title: item.name,
    storeName: 'Harbor & Co',
    head,
    bodyAttributes: html`data-container="body" data-mage-init='{"loaderAjax": {}, "loader": { "icon": ""}}' id="html-body" itemtype="http://schema.org/Product" itemscope="itemscope" class="catalog-product-view product-slim-chino-trousers page-layout-1column"`,
    body,
  });
}
