import { describe, expect, it } from 'vitest';
import { readAppState, readDataLayers, readPlatformJson } from '@/utils/detect/data-layer';
import { PageContext } from '@/utils/detect/page';
import { page } from './dom';

const read = (scripts: string) => readDataLayers(new PageContext(page(scripts), 'https://shop.example/p'));
const ids = (f: ReturnType<typeof read>) => f.ids.map((c) => `${c.kind}:${c.value}`);

describe('data layer reader', () => {
  it('reads a UA detail push', () => {
    const f = read(`<script>dataLayer.push({'ecommerce': {'detail': {'products': [{'name': 'Cap', 'id': 'C-77', 'brand': 'Acme', 'variant': 'Red'}]}}});</script>`);
    expect(ids(f)).toEqual(['productID:C-77']);
    expect(f.facts).toEqual({ name: 'Cap', brand: 'Acme', variant: 'Red' });
    expect(f.signals[0]).toMatchObject({ verdict: 'product', strength: 2 });
  });

  it('reads GA4 view_item pushes and gtag events, and treats item lists as listings', () => {
    expect(ids(read(`<script>dataLayer.push({event: "view_item", ecommerce: {items: [{item_id: "SKU_1", item_name: "Hat", sku: "H-1"}]}});</script>`))).toEqual(['sku:H-1', 'productID:SKU_1']);
    expect(ids(read(`<script>gtag('event', 'view_item', { currency: 'USD', items: [{ item_id: 'G-9', item_name: 'Bag' }] });</script>`))).toEqual(['productID:G-9']);
    const list = read(`<script>dataLayer.push({event: "view_item_list", ecommerce: {items: [{item_id: "A", item_name: "A"}, {item_id: "B", item_name: "B"}]}});</script>`);
    expect(list.ids).toEqual([]);
    expect(list.signals[0]?.verdict).toBe('listing');
  });

  it('reads Shopify analytics meta: page type, product id, variants', () => {
    const f = read(`<script>var meta = {"product":{"id":9,"vendor":"V","variants":[{"id":11,"sku":"S-11","public_title":"Red"},{"id":12,"sku":"","public_title":"Blue"}]},"page":{"pageType":"product"}};</script>`);
    expect(ids(f)).toEqual(['productID:9']);
    expect(f.variants.map((v) => [v.keys, v.label, v.ids.map((c) => c.value)])).toEqual([
      [['11'], 'Red', ['S-11', '11']],
      [['12'], 'Blue', ['12']],
    ]);
    expect(f.signals[0]).toMatchObject({ verdict: 'product', strength: 3 });
    expect(read(`<script>var meta = {"page":{"pageType":"collection"}};</script>`).signals[0]).toMatchObject({ verdict: 'listing', strength: 3 });
    const assigned = read(`<script>window.ShopifyAnalytics.meta = {"product":{"id":7,"variants":[{"id":71,"sku":"A-71"}]},"page":{"pageType":"product"}};</script>`);
    expect(assigned.variants[0]?.ids[0]?.value).toBe('A-71');
  });

  it('reads inline scripts whatever the case of a JavaScript type, never external scripts or templates', () => {
    const push = (attributes: string, id: string) => `<script${attributes}>dataLayer.push({'ecommerce': {'detail': {'products': [{'id': '${id}'}]}}});</script>`;
    expect(ids(read(push('', 'A')))).toEqual(['productID:A']);
    expect(ids(read(push(' type=""', 'B')))).toEqual(['productID:B']);
    expect(ids(read(push(' type="Text/JavaScript"', 'C')))).toEqual(['productID:C']);
    expect(ids(read(push(' type="module"', 'D')))).toEqual(['productID:D']);
    expect(ids(read(push(' type="text/x-template"', 'E')))).toEqual([]);
    expect(ids(read(push(' src="/analytics.js"', 'F')))).toEqual([]);
  });

  it('reads utag_data, BCData and (only when asked) state blobs', () => {
    expect(ids(read(`<script>var utag_data = { page_type: "product", product_sku: ["U-1"], product_id: ["55"] };</script>`))).toEqual(['sku:U-1', 'productID:55']);
    expect(ids(read(`<script>var BCData = {"product_attributes":{"sku":"B-1","mpn":"M-1","upc":null}};</script>`))).toEqual(['sku:B-1', 'mpn:M-1']);
    const readState = (scripts: string) => readAppState(new PageContext(page(scripts), 'https://shop.example/p'));
    const state = readState(`<script>window.__INITIAL_STATE__ = {"cart":{"items":[{"sku":"CART-1","name":"Other"}]},"pdp":{"product":{"sku":"ST-1","name":"Sock","id":"p1"}}};</script>`);
    expect(ids(state)).toEqual(['sku:ST-1', 'productID:p1']);
    expect(read(`<script>window.__INITIAL_STATE__ = {"product":{"sku":"ST-1","name":"Sock"}};</script>`).ids).toEqual([]);
    const nested = readState(`<script>window.__PRELOADED_STATE__ = {"products":[{"sku":"LIST-1","name":"Tile"}],"view":{"currentProduct":{"data":{"sku":"CP-1","title":"Coat"}}}};</script>`);
    expect(ids(nested)).toEqual(['sku:CP-1']);
    expect(ids(readState(`<script type="application/json" id="__NEXT_DATA__">{"props":{"pageProps":{"product":{"sku":"N-1","name":"Tee"}}}}</script>`))).toEqual(['sku:N-1']);
  });

  it('reads scripts whose text is split over several nodes, skips big bundles, and finds a state blob by its start', () => {
    const doc = page('<script></script><script></script>');
    const [split, blob] = [...doc.getElementsByTagName('script')];
    // Scripts a page builds with DOM calls can hold several text nodes.
    split?.append(doc.createTextNode(`dataLayer.push({event: "view_item", ecommerce: {items: [`), doc.createTextNode(`{item_id: "S-2", item_name: "Scarf"}]}});`));
    blob?.append(doc.createTextNode(`window.__INITIAL_STATE__ = {"filler":"${'x'.repeat(70 * 1024)}",`), doc.createTextNode(`"product":{"sku":"BIG-1","name":"Boot"}};`));
    const context = new PageContext(doc, 'https://shop.example/p');
    expect(ids(readDataLayers(context))).toEqual(['productID:S-2']);
    expect(ids(readAppState(context))).toEqual(['sku:BIG-1']);
    const single = page(`<script>window.__INITIAL_STATE__ = {"filler":"${'x'.repeat(70 * 1024)}","product":{"sku":"BIG-2","name":"Boot"}}; dataLayer.push({ecommerce: {detail: {products: [{id: "HIDDEN"}]}}});</script>`);
    const big = new PageContext(single, 'https://shop.example/p');
    // Past 64 KB a script is a bundle or a blob: the data layer reader leaves it, the state reader finds the blob.
    expect(readDataLayers(big).ids).toEqual([]);
    expect(ids(readAppState(big))).toEqual(['sku:BIG-2']);
  });

  it('finds a state blob\'s product key among non-Latin text, trying product keys before currentProduct and pdp', () => {
    const readState = (blob: string) => ids(readAppState(new PageContext(page(`<script>window.__INITIAL_STATE__ = ${blob};</script>`), 'https://shop.example/p')));
    // Cyrillic text around the keys, as on Russian stores' pages.
    const names = Array.from({ length: 5 }, (_, i) => `"productName${i}":"Сапоги зимние ${i}"`).join(',');
    expect(readState(`{${names},"catalog":{"title":"Обувь"},"product":{"sku":"RU-1","name":"Сапоги"}}`)).toEqual(['sku:RU-1']);
    // Whatever the order in the text: a product... key first, then ...Product, then pdp.
    expect(readState(`{"pdp":{"sku":"D-1","name":"A"},"currentProduct":{"sku":"C-1","name":"B"},"productData":{"sku":"P-1","name":"C"}}`)).toEqual(['sku:P-1']);
    expect(readState(`{"pdp":{"sku":"D-1","name":"A"},"selectedProduct":{"sku":"S-1","name":"B"}}`)).toEqual(['sku:S-1']);
    expect(readState(`{"products":[{"sku":"L-1","name":"Tile"}],"productList":{"sku":"L-2","name":"Tile"},"pdp":{"sku":"D-1","name":"A"}}`)).toEqual(['sku:D-1']);
  });

  it('reads Shopify product JSON scripts', () => {
    const f = readPlatformJson(new PageContext(page(`<script type="application/json" data-product-json>{"id":4,"title":"Beanie","vendor":"NF","variants":[{"id":31,"sku":"B-31","title":"Rust","barcode":"0850001234574"}]}</script>`), 'https://shop.example/products/beanie'));
    expect(ids(f)).toEqual(['productID:4']);
    expect(f.variants[0]?.ids.map((c) => `${c.kind}:${c.value}`)).toEqual(['sku:B-31', 'gtin:0850001234574', 'variantId:31']);
  });

  it('does not run or choke on code', () => {
    const f = read(`<script>var meta = {"product": {"id": (function(){ throw new Error("x") })(), "vendor": window.v || "W"}, "page": {"pageType": "product"}}; alert(1);</script>`);
    expect(f.signals[0]?.verdict).toBe('product');
    expect(read('<script>var meta = {"product": {"id": 1, </script>').ids).toEqual([]);
  });
});
