import { describe, expect, it } from 'vitest';
import { productSchema } from '@/utils/product';
import { sameProduct, toProductMessage } from '@/utils/page/product-message';

describe('the product the content script sends', () => {
  it('passes a normal detection through and adds the page URL', () => {
    const product = toProductMessage(
      { sku: 'LS-1001', ids: [{ kind: 'sku', value: 'LS-1001', source: 'json-ld' }], name: 'Linen Shirt', image: 'https://cdn.example/ls.jpg' },
      'https://shop.example/p/ls',
    );
    expect(product).toEqual({
      sku: 'LS-1001',
      ids: [{ kind: 'sku', value: 'LS-1001', source: 'json-ld' }],
      name: 'Linen Shirt',
      image: 'https://cdn.example/ls.jpg',
      pageUrl: 'https://shop.example/p/ls',
    });
    expect(productSchema.safeParse(product).success).toBe(true);
  });

  it('fits whatever an odd page yields into the protocol bounds, so the background accepts it', () => {
    const product = toProductMessage(
      {
        sku: 'X'.repeat(300),
        ids: Array.from({ length: 80 }, (_, index) => ({ kind: 'sku'.repeat(20), value: `id-${index}`, source: 's'.repeat(100) })),
        name: 'N'.repeat(1000),
        brand: '  ',
        image: 'data:image/png;base64,AAAA',
        variant: 'V'.repeat(500),
      },
      'javascript:alert(1)',
    );
    const parsed = productSchema.safeParse(product);
    expect(parsed.success).toBe(true);
    expect(product.sku).toBe('');
    expect(product.ids).toHaveLength(50);
    expect(product.name).toHaveLength(300);
    expect(product).not.toHaveProperty('brand');
    expect(product).not.toHaveProperty('image');
    expect(product).not.toHaveProperty('pageUrl');
  });

  it('tells a variant change from a re-detection of the same thing', () => {
    const a = toProductMessage({ sku: 'A', ids: [], variant: 'Blue / M' }, 'https://s.example/p');
    expect(sameProduct(a, { ...a })).toBe(true);
    expect(sameProduct(a, { ...a, sku: 'B' })).toBe(false);
    expect(sameProduct(a, { ...a, variant: 'Red / M' })).toBe(false);
    expect(sameProduct(a, null)).toBe(false);
    expect(sameProduct(null, null)).toBe(true);
  });
});
