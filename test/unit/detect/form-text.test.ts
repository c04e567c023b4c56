import { describe, expect, it } from 'vitest';
import { readFormFields } from '@/utils/detect/form-fields';
import { readLabelledText } from '@/utils/detect/labelled-text';
import { PageContext } from '@/utils/detect/page';
import { page } from './dom';

const ctx = (body: string) => new PageContext(page(body), 'https://shop.example/p');
const ids = (f: ReturnType<typeof readFormFields>) => f.ids.map((c) => `${c.kind}:${c.value}`);

describe('form fields reader', () => {
  it('reads the main form next to the title, not quick-add forms in cards', () => {
    const f = readFormFields(
      ctx(`<div class="related"><div class="product-card"><form action="/cart/add"><input type="hidden" name="product_id" value="999"><input name="sku" value="OTHER"></form></div></div>
        <div class="product" data-product-id="123"><h1>Shirt</h1><form action="/cart/add" method="post">
        <input type="hidden" name="id" value="44002"><input type="hidden" name="product_id" value="123"><input type="hidden" name="sku" value="SH-1"></form></div>`),
    );
    expect(ids(f)).toEqual(['variantId:44002', 'productID:123', 'sku:SH-1', 'productID:123']);
    expect(f.selectedKeys).toEqual(['44002']);
  });

  it('reads the selected option of a select named id', () => {
    const f = readFormFields(ctx(`<h1>Beanie</h1><form action="/cart/add"><select name="id"><option value="1">A</option><option value="2" selected>B</option></select></form>`));
    expect(f.selectedKeys).toEqual(['2']);
  });

  it('reads WooCommerce variations and the chosen options', () => {
    const variations = JSON.stringify([{ variation_id: 7, sku: 'T-BLU', attributes: { attribute_pa_color: 'blue' } }]).replace(/"/g, '&quot;');
    const f = readFormFields(
      ctx(`<h1>Tee</h1><form class="variations_form cart" data-product_variations="${variations}"><select name="attribute_pa_color"><option value="">Choose</option><option value="blue" selected>Blue</option></select>
        <input type="hidden" name="variation_id" value="0"><input type="hidden" name="add-to-cart" value="5"></form>`),
    );
    expect(f.variants).toEqual([{ keys: ['7'], ids: [{ kind: 'sku', value: 'T-BLU', source: 'form', ofVariant: true }, { kind: 'variantId', value: '7', source: 'form', ofVariant: true }], attributes: { color: 'blue' }, label: 'Blue', image: undefined }]);
    expect(f.selectedAttributes).toEqual({ color: 'blue' });
    expect(f.selectedKeys).toEqual([]);
    expect(ids(f)).toEqual(['productID:5']);
  });

  it('finds nothing on a page without an add-to-cart form', () => {
    const f = readFormFields(ctx(`<h1>About us</h1><form action="/newsletter"><input name="sku" value="X-1"></form>`));
    expect(f.ids).toEqual([]);
    expect(f.signals).toEqual([]);
  });
});

describe('labelled text reader', () => {
  it.each([
    ['<li><strong>SKU:</strong> AB-123</li>', 'sku:AB-123'],
    ['<dl><dt>Item #</dt><dd>99-100</dd></dl>', 'sku:99-100'],
    ['<p>Art.-Nr.: 4711-0815</p>', 'sku:4711-0815'],
    ['<span>Style No. ST2024</span>', 'sku:ST2024'],
    ['<table><tr><th>Model number</th><td>MX-5</td></tr></table>', 'mpn:MX-5'],
    ['<span class="sku">WOO-1</span>', 'sku:WOO-1'],
  ])('reads %s', (markup, expected) => {
    const f = readLabelledText(ctx(`<div class="product"><h1>Thing</h1>${markup}<form class="add-to-cart" action="/cart/add"></form></div>`));
    expect(f.ids.map((c) => `${c.kind}:${c.value}`)).toContain(expected);
  });

  it('ignores labels without an id and text outside the product block', () => {
    const f = readLabelledText(
      ctx(`<div class="product"><h1>Thing</h1><p>SKU: SKU</p><p>Style: Casual</p><p>Item #: N/A</p><form class="add-to-cart" action="/cart/add"></form></div>
        <footer><p>SKU: FOOT-1</p></footer>`),
    );
    expect(f.ids).toEqual([]);
  });
});
