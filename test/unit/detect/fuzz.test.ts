import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { detect } from '@/utils/detect/detect';
import { productSchema } from '@/utils/product';
import { parseHtml, readFixture } from './dom';

/** mulberry32: small, fast, deterministic. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const fixtures = readdirSync(new URL('../../fixtures/detect/', import.meta.url))
  .filter((f) => f.endsWith('.html'))
  .map(readFixture);

const PIECES = [
  '<script type="application/ld+json">', '</script>', '<script>', '{"@type":"Product","sku":', '"@graph":[', ']}', '{', '}', '[', ']',
  '"sku":"', '"gtin13":"123', '"offers":[{"sku":', '"hasVariant":[', '"isVariantOf":{"@id":"#x"}', '"@id":"#x"', ',,', '/*', '*/', '//',
  '&quot;', '&amp;', '&#x27;', '\u0000', '\u2028', '\\u00', '\\', "'", '"', '`', 'var meta = ', 'dataLayer.push(', 'ecommerce:',
  '{items:[{item_id:', 'utag_data = {', 'window.__INITIAL_STATE__ = ', 'BCData = {"product_attributes":', 'function(){', ')', '(',
  '<div itemscope itemtype="https://schema.org/Product">', '<span itemprop="sku">', '<meta itemprop="gtin" content="', '</div>', '</span>',
  '<div typeof="Product">', '<span property="sku">', '<form action="/cart/add">', '<input type="hidden" name="id" value="', '</form>',
  '<select name="id"><option selected value="1">', '</select>', '<h1>', '</h1>', 'SKU: ', 'Art.-Nr. ', 'Item #', '<meta property="og:type" content="product">',
  '<body class="template-collection">', '<li class="product-card">', 'N/A', '0000', 'undefined', 'null', 'NaN', '-1e999', '9'.repeat(40),
  '<!--', '-->', '<![CDATA[', ']]>', '<svg><script>', '<template>', '<iframe>', 'data-product_variations="[{&quot;sku&quot;:1}]"',
];
const URLS = [
  'https://shop.example/products/x?variant=1', 'https://www.amazon.com/dp/B000000001', 'https://shop.example/', 'not a url', '',
  'https://shop.example/p/12345?attribute_pa_color=blue', 'https://shop.example/search?q=%E0%A4%A', 'javascript:alert(1)', 'https://x/%%%/p/1',
];

function randomPage(random: () => number): string {
  const pick = <T>(list: T[]): T => list[Math.floor(random() * list.length)] as T;
  const mode = random();
  if (mode < 0.5) {
    // A real fixture, cut and spliced with random pieces.
    let html = pick(fixtures);
    for (let i = 0, n = 1 + Math.floor(random() * 8); i < n; i++) {
      const at = Math.floor(random() * html.length);
      const cut = Math.floor(random() * 200);
      html = html.slice(0, at) + (random() < 0.7 ? pick(PIECES) : '') + html.slice(at + (random() < 0.5 ? cut : 0));
    }
    return html;
  }
  if (mode < 0.9) {
    // Random structure from pieces.
    const parts: string[] = [];
    for (let i = 0, n = 5 + Math.floor(random() * 80); i < n; i++) parts.push(pick(PIECES), random() < 0.3 ? String(Math.floor(random() * 1e6)) : '');
    return parts.join('');
  }
  // Random characters.
  let out = '';
  for (let i = 0, n = Math.floor(random() * 2000); i < n; i++) out += String.fromCharCode(Math.floor(random() * 0x2fff));
  return out;
}

describe('detectProduct on random and malformed pages', () => {
  it('never throws, and returns null or a well-formed detection (2000 seeded pages)', () => {
    const random = prng(0x5eed);
    let detections = 0;
    for (let i = 0; i < 2000; i++) {
      const html = randomPage(random);
      const url = URLS[i % URLS.length] ?? '';
      const doc = parseHtml(html);
      let result: ReturnType<typeof detect>;
      try {
        result = detect(doc, url, [{ host: 'shop.example', selector: random() < 0.5 ? 'h1' : '[[[', regex: '(\\d+)' }], { strict: true });
      } catch (error) {
        throw new Error(`page ${i} threw: ${String(error)}\n${html.slice(0, 300)}`);
      }
      if (result === null) continue;
      detections++;
      expect(typeof result.sku).toBe('string');
      expect(Array.isArray(result.ids)).toBe(true);
      if (result.sku) expect(result.ids[0]?.value).toBe(result.sku);
      const parsed = productSchema.safeParse(result);
      if (!parsed.success) throw new Error(`page ${i} gave a malformed detection: ${parsed.error.message}\n${JSON.stringify(result)}`);
    }
    // The generator must exercise the positive path too, or this test proves little.
    expect(detections).toBeGreaterThan(100);
  }, 180_000);
});
