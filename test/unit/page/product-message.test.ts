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

  it("carries the product's images: http(s) only, no repeats, at most 20", () => {
    const images = ['https://cdn.example/a.jpg', 'data:image/png;base64,AAAA', 'https://cdn.example/a.jpg', 'javascript:alert(1)', ...Array.from({ length: 30 }, (_, i) => `https://cdn.example/${i}.jpg`)];
    const product = toProductMessage({ sku: 'A', ids: [], images }, 'https://shop.example/p');
    expect(product.images).toHaveLength(20);
    expect(product.images?.slice(0, 3)).toEqual(['https://cdn.example/a.jpg', 'https://cdn.example/0.jpg', 'https://cdn.example/1.jpg']);
    expect(productSchema.safeParse(product).success).toBe(true);
    expect(toProductMessage({ sku: 'A', ids: [], images: ['ftp://x.example/a.jpg'] }, 'https://shop.example/p')).not.toHaveProperty('images');
    // The background refuses more than 20 images or a URL that is not http(s).
    expect(productSchema.safeParse({ ...product, images: [...product.images!, 'https://cdn.example/x.jpg'] }).success).toBe(false);
    expect(productSchema.safeParse({ ...product, images: ['data:image/png;base64,AAAA'] }).success).toBe(false);
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
