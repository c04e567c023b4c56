import { describe, expect, it } from 'vitest';
import { chooseIds } from '@/utils/detect/candidates';
import { detectProduct, matchRule, type SiteRule } from '@/utils/detect';
import { siteRuleSchema } from '@/utils/detect/site-rule-schema';
import { judgePage } from '@/utils/detect/page-kind';
import { emptyFinding, type Candidate, type Finding, type Variant } from '@/utils/detect/types';
import { page, parseHtml, readFixture } from './dom';

function finding(source: string, ids: Candidate[], extra: Partial<Finding> = {}): Finding {
  return { ...emptyFinding(source), ids, ...extra };
}

describe('choosing the sku', () => {
  it("prefers the retailer's SKU over GTIN and MPN, whatever the source order", () => {
    const choice = chooseIds(
      [
        finding('json-ld', [{ kind: 'gtin', value: '4006381333931', source: 'json-ld' }, { kind: 'mpn', value: 'M-1', source: 'json-ld' }]),
        finding('text', [{ kind: 'sku', value: 'S-1', source: 'text' }]),
      ],
      'https://shop.example/p',
    );
    expect(choice.sku).toBe('S-1');
    expect(choice.ids.map((i) => i.value)).toEqual(['S-1', 'M-1', '4006381333931']);
  });

  it('lets the selected variant win, matched by a URL variant id against a variant URL', () => {
    const variants: Variant[] = [
      { keys: ['https://shop.example/p?variant=1'], ids: [{ kind: 'sku', value: 'V-1', source: 'json-ld', ofVariant: true }] },
      { keys: ['https://shop.example/p?variant=2'], ids: [{ kind: 'sku', value: 'V-2', source: 'json-ld', ofVariant: true }], label: 'Blue' },
    ];
    const findings = [finding('json-ld', [{ kind: 'sku', value: 'PARENT', source: 'json-ld' }], { variants }), finding('url', [], { selectedKeys: ['2'] })];
    const choice = chooseIds(findings, 'https://shop.example/p?variant=2');
    expect(choice.sku).toBe('V-2');
    expect(choice.selected?.label).toBe('Blue');
    // Without a selection the product's own SKU beats any one variant's.
    expect(chooseIds([findings[0]!], 'https://shop.example/p').sku).toBe('PARENT');
  });

  it('gives an empty sku when there is no id', () => {
    expect(chooseIds([emptyFinding('json-ld')], 'https://shop.example/p')).toEqual({ sku: '', ids: [], selected: undefined });
  });
});

describe('judging the page', () => {
  const s = (verdict: 'product' | 'listing' | 'article' | 'home', strength: 1 | 2 | 3) => ({ verdict, strength, reason: '' });
  it.each([
    [[s('product', 2), s('product', 2), s('listing', 2)], 'product'],
    [[s('product', 2), s('listing', 3)], 'listing'],
    [[s('product', 1), s('article', 2)], 'article'],
    [[s('product', 1), s('listing', 1)], 'listing'],
    [[s('product', 3), s('home', 3), s('product', 1)], 'product'],
    [[], 'unknown'],
  ] as const)('%j -> %s', (signals, verdict) => {
    expect(judgePage([...signals]).verdict).toBe(verdict);
  });
});

describe('site rules', () => {
  const html = readFixture('custom-labelled.html');
  const url = 'https://www.modehaus-beispiel.de/damen/regenjacke-nova';

  it('validates rules with zod, rejecting a broken regex', () => {
    expect(siteRuleSchema.safeParse({ host: 'shop.example', regex: '(\\d+)' }).success).toBe(true);
    expect(siteRuleSchema.safeParse({ host: 'shop.example', regex: '([' }).success).toBe(false);
    expect(siteRuleSchema.safeParse({ host: '' }).success).toBe(false);
  });

  it('matches the hostname or a parent domain, the most specific rule first', () => {
    const rules: SiteRule[] = [{ host: 'example.de' }, { host: 'https://modehaus-beispiel.de/' }, { host: 'other.de' }];
    expect(matchRule(rules, 'www.modehaus-beispiel.de')).toBe(rules[1]);
    expect(matchRule(rules, 'notmodehaus-beispiel.de')).toBeUndefined();
  });

  it('reads the id with a selector and regex, and returns the catalog name', () => {
    const rule: SiteRule = { host: 'modehaus-beispiel.de', selector: '.artikel-daten li:nth-child(3) .wert', idKind: 'gtin', skuCatalogName: 'modehaus' };
    const result = detectProduct(parseHtml(html), url, [rule]);
    expect(result).toMatchObject({ sku: '4006381333931', skuCatalogName: 'modehaus' });
    expect(result?.ids[0]).toEqual({ kind: 'gtin', value: '4006381333931', source: 'rule' });
  });

  it('applies a regex to the URL when there is no selector', () => {
    const result = detectProduct(parseHtml(html), url, [{ host: 'modehaus-beispiel.de', regex: '/damen/([a-z-]+)$' }]);
    expect(result?.sku).toBe('regenjacke-nova');
  });

  it('prefers the kind a rule names among the ids found', () => {
    const result = detectProduct(parseHtml(html), url, [{ host: 'modehaus-beispiel.de', idKind: 'gtin' }]);
    expect(result?.sku).toBe('4006381333931');
  });

  it('reads nothing from a broken selector and falls back to detection', () => {
    const result = detectProduct(parseHtml(html), url, [{ host: 'modehaus-beispiel.de', selector: '[[nope' }]);
    expect(result?.sku).toBe('4711-0815');
  });
});

describe('detectProduct', () => {
  it('follows a BigCommerce option change: the shown SKU beats the SKU the page loaded with', () => {
    const doc = parseHtml(readFixture('bigcommerce-product.html'));
    const url = 'https://halyard.example/oxford-shirt/';
    expect(detectProduct(doc, url)?.sku).toBe('BC-OXF-42');
    const shown = doc.querySelector('[data-product-sku]');
    if (shown) shown.textContent = 'BC-OXF-42-BLU-L';
    expect(detectProduct(doc, url)?.sku).toBe('BC-OXF-42-BLU-L');
  });

  it('is pure: the document is left as it was', () => {
    const doc = parseHtml(readFixture('shopify-dawn-product.html'));
    const before = doc.documentElement.outerHTML;
    detectProduct(doc, 'https://aurora-apparel.example/products/linen-shirt');
    expect(doc.documentElement.outerHTML).toBe(before);
  });

  it('returns null on an empty page and a bad URL instead of throwing', () => {
    expect(detectProduct(page(''), '')).toBeNull();
    expect(detectProduct(page('<h1>x</h1>'), '::not a url::')).toBeNull();
  });
});
