import { describe, expect, it } from 'vitest';
import { absoluteUrl, cleanText, decodeEntities, normalizeGtin, normalizeId } from '@/utils/detect/text';

describe('id normalisation', () => {
  it.each([
    ['sku:PG-TB28', 'PG-TB28'],
    ['SKU: 12345', '12345'],
    ['Item # 998-1', '998-1'],
    ['Art.-Nr. 4711-0815', '4711-0815'],
    ['Style No. AB12', 'AB12'],
    ['  LS-WHT-S  ', 'LS-WHT-S'],
    ['SKU-123', 'SKU-123'],
    ['#A100', 'A100'],
  ])('%s -> %s', (raw, expected) => {
    expect(normalizeId(raw)).toBe(expected);
  });

  it.each(['', 'N/A', 'n/a', 'SKU', 'Item #', 'none', 'null', 'undefined', '0', '000000', '---', '{{ product.sku }}', '${sku}', 'this is a sentence not an id', 'x'.repeat(65)])(
    'rejects placeholder %j',
    (raw) => {
      expect(normalizeId(raw)).toBe('');
    },
  );

  it('accepts GTINs of GTIN lengths only', () => {
    expect(normalizeGtin('4006381333931')).toBe('4006381333931');
    expect(normalizeGtin('0-85000-12345-6')).toBe('085000123456');
    expect(normalizeGtin('12345')).toBe('');
    expect(normalizeGtin('0000000000000')).toBe('');
    expect(normalizeGtin('40063813339x1')).toBe('');
  });
});

describe('text helpers', () => {
  it('decodes entities', () => {
    expect(decodeEntities('Maple &amp; Pine &#8211; &#x27;tee&#x27; &quot;x&quot; &unknown;')).toBe(`Maple & Pine – 'tee' "x" &unknown;`);
  });

  it('cleans text', () => {
    expect(cleanText('  a \n  b  ')).toBe('a b');
    expect(cleanText(42)).toBe('42');
    expect(cleanText({})).toBe('');
  });

  it('makes http(s) URLs absolute and drops others', () => {
    expect(absoluteUrl('/img/a.jpg', 'https://shop.example/p/1')).toBe('https://shop.example/img/a.jpg');
    expect(absoluteUrl('//cdn.example/a.jpg', 'https://shop.example/')).toBe('https://cdn.example/a.jpg');
    expect(absoluteUrl('javascript:alert(1)', 'https://shop.example/')).toBeUndefined();
    expect(absoluteUrl('data:image/png;base64,AAAA', 'https://shop.example/')).toBeUndefined();
    expect(absoluteUrl('/a.jpg', '')).toBeUndefined();
  });
});
