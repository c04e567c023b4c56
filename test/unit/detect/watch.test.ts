import { describe, expect, it } from 'vitest';
import { watchTargets } from '@/utils/detect';
import { parseHtml, readFixture } from './dom';

describe('watchTargets', () => {
  it("returns the main form's option inputs, the variant field and the SKU element, not other products", () => {
    const doc = parseHtml(readFixture('woocommerce-variable.html'));
    const targets = watchTargets(doc);
    const names = targets.map((e) => e.getAttribute('name') ?? e.getAttribute('class') ?? e.localName);
    expect(names).toEqual(expect.arrayContaining(['attribute_pa_color', 'attribute_pa_size', 'variation_id', 'sku']));
    expect(targets.length).toBeLessThanOrEqual(60);
  });

  it('skips quick-add forms in product cards', () => {
    const doc = parseHtml(readFixture('shopify-dawn-product.html'));
    const targets = watchTargets(doc);
    const values = targets.map((e) => e.getAttribute('value'));
    expect(values).toContain('44001');
    expect(values).not.toContain('55901');
    expect(values).not.toContain('55902');
  });

  it("watches what the site's rule reads, wherever it is, and ignores a broken selector", () => {
    const doc = parseHtml('<h1>Shirt</h1><footer><span class="code">A-1</span></footer>');
    expect(watchTargets(doc, [{ host: 'shop.example', selector: '.code' }]).map((e) => e.textContent)).toEqual(['A-1']);
    expect(watchTargets(doc, [{ host: 'shop.example', selector: '[[broken' }])).toEqual([]);
  });

  it('returns nothing to watch on a page without a product block', () => {
    expect(watchTargets(parseHtml('<p>hello</p>'))).toEqual([]);
  });
});
