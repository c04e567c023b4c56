import { describe, expect, it } from 'vitest';
import { readMeta } from '@/utils/detect/meta';
import { PageContext } from '@/utils/detect/page';
import { comparableUrl, readUrl } from '@/utils/detect/url';
import { page } from './dom';

describe('meta reader', () => {
  it('reads og:type product, product ids and facts from the head', () => {
    const doc = page('', `<meta property="og:type" content="product"><meta property="product:retailer_item_id" content="R-1">
      <meta name="sku" content="sku: R-1"><meta property="product:mfr_part_no" content="MPN-1"><meta property="product:upc" content="012345678905">
      <meta property="og:title" content="Cap"><meta property="og:image" content="/cap.jpg"><meta property="product:brand" content="Acme">`);
    const f = readMeta(new PageContext(doc, 'https://shop.example/cap'));
    expect(f.ids.map((c) => `${c.kind}:${c.value}`)).toEqual(['sku:R-1', 'sku:R-1', 'mpn:MPN-1', 'gtin:012345678905']);
    expect(f.facts).toEqual({ name: 'Cap', image: 'https://shop.example/cap.jpg', brand: 'Acme' });
    expect(f.signals).toEqual([expect.objectContaining({ verdict: 'product', strength: 2 })]);
  });

  it('reads og:type article as an article', () => {
    const f = readMeta(new PageContext(page('', '<meta property="og:type" content="article">'), 'https://blog.example/x'));
    expect(f.signals[0]?.verdict).toBe('article');
  });
});

describe('URL reader', () => {
  const read = (url: string) => readUrl(new PageContext(page(''), url));

  it('reads ASINs from detail paths by their shape, not by the host', () => {
    expect(read('https://www.amazon.de/Some-Name/dp/B0C7XYZ123/ref=x').ids).toEqual([{ kind: 'asin', value: 'B0C7XYZ123', source: 'url' }]);
    expect(read('https://www.amazon.com/gp/product/B0C7XYZ123').ids[0]?.value).toBe('B0C7XYZ123');
    expect(read('https://marketplace.example/dp/B0C7XYZ123').ids[0]).toEqual({ kind: 'asin', value: 'B0C7XYZ123', source: 'url' });
    // Ten characters after /dp/ that are not an ASIN (no B0 prefix, not an ISBN) are not one.
    expect(read('https://shop.example/dp/WINTERCOAT').ids.some((c) => c.kind === 'asin')).toBe(false);
  });

  it('reads the selected Shopify variant and WooCommerce attributes', () => {
    const f = read('https://shop.example/products/tee?variant=44003&attribute_pa_color=Blue');
    expect(f.selectedKeys).toEqual(['44003']);
    expect(f.selectedAttributes).toEqual({ color: 'blue' });
  });

  it.each([
    ['https://shop.example/p/12345', '12345'],
    ['https://shop.example/some-dress-p-998877.html', '998877'],
    ['https://shop.example/women/dress/123456.html', '123456'],
  ])('reads a product id from %s', (url, id) => {
    expect(read(url).ids).toContainEqual({ kind: 'productID', value: id, source: 'url' });
  });

  it.each([
    ['https://shop.example/', 'home', 3],
    ['https://shop.example/en-gb/?utm_source=x', 'home', 3],
    ['https://shop.example/search?q=hat', 'listing', 1],
    ['https://shop.example/collections/hats', 'listing', 1],
    ['https://shop.example/collections/hats/products/cap', 'product', 1],
    ['https://shop.example/blogs/news/summer', 'article', 1],
    ['https://www.amazon.com/s?k=hat', 'listing', 1],
  ])('%s looks like a %s page', (url, verdict, strength) => {
    expect(read(url).signals[0]).toMatchObject({ verdict, strength });
  });

  it('compares URLs regardless of parameter order and tracking parameters', () => {
    expect(comparableUrl('https://Shop.example/coat/?size=s&color=green&utm_source=x')).toBe(comparableUrl('https://shop.example/coat?color=green&size=s'));
  });

  it('copes with URLs that are not URLs', () => {
    expect(read('not a url').ids).toEqual([]);
  });
});
