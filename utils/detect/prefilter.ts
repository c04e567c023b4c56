/**
 * The cheap first look the content script takes on every page: could this be a product page at all?
 * It must never say no where `detectProduct` would find a product (the tests hold it to that over
 * every fixture and the demo store), so it errs on yes: a wrong yes only costs loading the detector,
 * a wrong no loses the button. Kept apart from the detector so every page pays only for this file and
 * the word list it shares with the data-layer reader.
 */

import { DATA_LAYER_WORDS } from './data-layer-words';

/** Markup any of the detector's sources reads: structured data, product meta, product forms, SKU holders. */
const PRODUCT_MARKUP = [
  'script[type="application/ld+json"]',
  'script#__NEXT_DATA__',
  '[itemtype*="Product" i]',
  '[typeof*="Product"]',
  'meta[property="og:type"]',
  'meta[property^="product:"]',
  'meta[name="sku" i]',
  'meta[itemprop]',
  'form[action*="cart" i]',
  '[name="add-to-cart"]',
  '[name="product_id"]',
  '[name="product"]',
  '[name="sku" i]',
  '[name="ASIN"]',
  '[data-sku]',
  '[data-product-id]',
  '[data-pid]',
  '[data-product-sku]',
  '.sku,.product-sku,.product__sku,.product-id,#sku,#product-sku,.product-code',
  'body[class*="product" i]',
  'body#product',
  '[data-action^="Product-"]',
].join(',');

/** URLs shaped like a product's: Amazon ASINs, Shopify variants, /product(s)/, /p/, long numeric ids, .html pages. */
const PRODUCT_URL = /\/dp\/|\/gp\/product\/|[?&]variant=|\/products?\/|\/p\/|\/item\/|\d{4,}|\.html?(?:$|[?#])/i;

/** Inline data layers and app-state blobs (`__INITIAL_STATE__ = ...`) the detector parses. */
const DATA_LAYER = new RegExp(`${DATA_LAYER_WORDS.source}|__[A-Z][A-Z0-9_]*__`);
const MAX_SCRIPTS = 60;
const MAX_SCRIPT_HEAD = 20_000;

/** Labelled ids ("SKU:", "Art.-Nr.") near the title; the detector reads these as a last resort. */
const ID_LABEL = /(?:sku|item\s*(?:#|no|nr|number|code)|art(?:ikel)?\.?[\s-]*(?:nr|nummer)|artikelnummer|style\s*(?:#|no|number|code)|product\s*(?:#|code|no|number|id)|model\s*(?:#|no|number)|mpn|ean|upc|gtin|réf|ref)/i;

export function mightBeProductPage(doc: Document, url: string): boolean {
  try {
    if (PRODUCT_URL.test(new URL(url).pathname + new URL(url).search)) return true;
  } catch {
    // Not a URL we can read; the page itself may still say it is a product.
  }
  if (doc.querySelector(PRODUCT_MARKUP)) return true;
  const scripts = doc.querySelectorAll('script:not([src])');
  for (let i = 0; i < scripts.length && i < MAX_SCRIPTS; i++) {
    const text = scripts[i]?.textContent ?? '';
    if (DATA_LAYER.test(text.length > MAX_SCRIPT_HEAD ? text.slice(0, MAX_SCRIPT_HEAD) : text)) return true;
  }
  const title = doc.querySelector('h1');
  const block = title?.parentElement?.parentElement ?? title?.parentElement;
  return !!block && ID_LABEL.test((block.textContent ?? '').slice(0, 5_000));
}
