import { describe, expect, it } from 'vitest';
import { productPageKey } from '@/utils/background/panel-sessions';

describe('the product page a typed code is kept under', () => {
  it('is the address without its fragment and the parameters that only say where the visit came from', () => {
    const page = 'https://shop.example/p/scarf';
    expect(productPageKey(`${page}#reviews`)).toBe(page);
    expect(productPageKey(`${page}?utm_source=mail&utm_campaign=spring&gclid=1&fbclid=2&msclkid=3&_ga=4`)).toBe(page);
    expect(productPageKey(`${page}?UTM_Medium=social`)).toBe(page);
  });

  it("keeps what may name another product (a variant), in one order", () => {
    const page = 'https://shop.example/p/tee';
    expect(productPageKey(`${page}?variant=2&utm_source=mail`)).toBe(`${page}?variant=2`);
    expect(productPageKey(`${page}?size=m&color=red`)).toBe(productPageKey(`${page}?color=red&size=m`));
    expect(productPageKey(`${page}?variant=2`)).not.toBe(productPageKey(`${page}?variant=3`));
    expect(productPageKey('https://other.example/p/tee')).not.toBe(productPageKey(page));
  });
});
