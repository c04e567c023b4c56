import { describe, expect, it } from 'vitest';
import { findSiteRule, hostCovers, hostMatchPatterns, isSiteDisabled, normaliseHost, removeSiteRule, setSiteDisabled, siteOf, upsertSiteRule } from '@/utils/sites';

describe('normaliseHost', () => {
  it('keeps the bare lower-case host of whatever was typed or pasted', () => {
    expect(normaliseHost('https://www.Shop.example:8443/p/1?x')).toBe('www.shop.example');
    expect(normaliseHost(' Shop.Example. ')).toBe('shop.example');
    expect(normaliseHost('*.shop.example')).toBe('shop.example');
    expect(normaliseHost('.shop.example')).toBe('shop.example');
    expect(normaliseHost('bücher.example')).toBe('xn--bcher-kva.example');
    expect(normaliseHost('[::1]:8787')).toBe('[::1]');
    expect(normaliseHost('')).toBe('');
  });

  it('leaves text no URL can carry as it is, for a form to refuse', () => {
    expect(normaliseHost('not a host!')).toBe('not a host!');
  });
});

describe('hostCovers', () => {
  it('covers the host and its subdomains, never a look-alike', () => {
    expect(hostCovers('shop.example', 'shop.example')).toBe(true);
    expect(hostCovers('shop.example', 'de.shop.example')).toBe(true);
    expect(hostCovers('shop.example', 'SHOP.example.')).toBe(true);
    expect(hostCovers('shop.example', 'notshop.example')).toBe(false);
    expect(hostCovers('shop.example', 'shop.example.evil')).toBe(false);
    expect(hostCovers('', 'shop.example')).toBe(false);
  });
});

describe('site rules', () => {
  it('finds the most specific rule for a page, including subdomains', () => {
    const rules = [
      { host: 'example.com', skuCatalogName: 'parent' },
      { host: 'shop.example.com', skuCatalogName: 'child' },
    ];
    expect(findSiteRule(rules, 'shop.example.com')?.skuCatalogName).toBe('child');
    expect(findSiteRule(rules, 'www.example.com')?.skuCatalogName).toBe('parent');
    expect(findSiteRule(rules, 'notexample.com')).toBeUndefined();
  });

  it('picks the most specific of overlapping rules whichever order they are stored in', () => {
    const parent = { host: 'example.com', skuCatalogName: 'parent' };
    const child = { host: 'shop.example.com', skuCatalogName: 'child' };
    const grandchild = { host: 'eu.shop.example.com', skuCatalogName: 'grandchild' };
    for (const rules of [[parent, child, grandchild], [grandchild, child, parent], [child, grandchild, parent], [child, parent]]) {
      const names = rules.map((rule) => rule.skuCatalogName).join(' > ');
      expect(findSiteRule(rules, 'www.shop.example.com')?.skuCatalogName, names).toBe('child');
      expect(findSiteRule(rules, 'www.example.com')?.skuCatalogName, names).toBe('parent');
      if (rules.includes(grandchild)) expect(findSiteRule(rules, 'a.eu.shop.example.com')?.skuCatalogName, names).toBe('grandchild');
    }
  });

  it('replaces the rule of the same host instead of adding a second one', () => {
    const rules = upsertSiteRule([{ host: 'a.example', idKind: 'sku' }, { host: 'b.example', idKind: 'gtin' }], { host: 'A.example', idKind: 'mpn' });
    expect(rules).toEqual([{ host: 'b.example', idKind: 'gtin' }, { host: 'a.example', idKind: 'mpn' }]);
    expect(removeSiteRule(rules, 'a.example')).toEqual([{ host: 'b.example', idKind: 'gtin' }]);
  });

  it('reads rule hosts however they were written: pasted URLs, "*." prefixes, upper case', () => {
    const rules = [{ host: 'example.de' }, { host: 'https://Modehaus-Beispiel.de/' }, { host: '*.shop.example.de' }, { host: 'other.de' }];
    expect(findSiteRule(rules, 'www.modehaus-beispiel.de')).toBe(rules[1]);
    expect(findSiteRule(rules, 'a.shop.example.de')).toBe(rules[2]);
    expect(findSiteRule(rules, 'shop.example.de')).toBe(rules[2]);
    expect(findSiteRule(rules, 'www.example.de')).toBe(rules[0]);
    expect(findSiteRule(rules, 'notmodehaus-beispiel.de')).toBeUndefined();
    expect(findSiteRule(rules, 'other.de.evil')).toBeUndefined();
  });

  it('skips malformed rules instead of failing', () => {
    const rules = [null, { host: 7 }, { host: 'shop.example', idKind: 'gtin' }] as unknown as { host: string }[];
    expect(findSiteRule(rules, 'shop.example')).toEqual({ host: 'shop.example', idKind: 'gtin' });
    expect(findSiteRule(undefined, 'shop.example')).toBeUndefined();
  });
});

describe('hostMatchPatterns', () => {
  it('covers each host and its subdomains on http and https, once, however the host was written', () => {
    expect(hostMatchPatterns(['shop.example', 'https://Shop.Example/p/1', '*.other.example', 'bücher.example'])).toEqual([
      '*://*.shop.example/*',
      '*://*.other.example/*',
      '*://*.xn--bcher-kva.example/*',
    ]);
  });

  it('gives addresses and single-label names no subdomain wildcard, and leaves out what no match pattern can hold', () => {
    expect(hostMatchPatterns(['127.0.0.1:8789', 'localhost', '[::1]', 'not a host!', '', 'a..b'])).toEqual(['*://127.0.0.1/*', '*://localhost/*']);
  });
});

describe('disabled sites', () => {
  it('turns a site off and on again', () => {
    const off = setSiteDisabled(['other.example'], 'Shop.Example', true);
    expect(off).toEqual(['other.example', 'shop.example']);
    expect(isSiteDisabled(off, 'shop.example')).toBe(true);
    expect(isSiteDisabled(off, 'www.shop.example')).toBe(true);
    const on = setSiteDisabled(off, 'shop.example', false);
    expect(on).toEqual(['other.example']);
    expect(isSiteDisabled(on, 'shop.example')).toBe(false);
  });

  it('turning a subdomain on also lifts the block on its parent domain', () => {
    expect(setSiteDisabled(['example.com'], 'shop.example.com', false)).toEqual([]);
  });

  it('does not add the same site twice', () => {
    expect(setSiteDisabled(['shop.example'], 'shop.example', true)).toEqual(['shop.example']);
  });
});

describe('disabled sites and "www."', () => {
  it('matches the way the content script does, ignoring a leading www.', () => {
    expect(isSiteDisabled(['www.shop.example'], 'shop.example')).toBe(true);
    expect(isSiteDisabled(['shop.example'], 'www.shop.example')).toBe(true);
    expect(setSiteDisabled([], 'www.shop.example', true)).toEqual(['shop.example']);
    expect(setSiteDisabled(['www.shop.example'], 'shop.example', false)).toEqual([]);
  });
});

describe('switched-off sites', () => {
  it('match a site, its www form and its subdomains, but not look-alikes', () => {
    const disabledSites = ['shop.example', 'WWW.Other.example.'];
    expect(isSiteDisabled(disabledSites, 'shop.example')).toBe(true);
    expect(isSiteDisabled(disabledSites, 'www.shop.example')).toBe(true);
    expect(isSiteDisabled(disabledSites, 'de.shop.example')).toBe(true);
    expect(isSiteDisabled(disabledSites, 'other.example')).toBe(true);
    expect(isSiteDisabled(disabledSites, 'notshop.example')).toBe(false);
    expect(isSiteDisabled(disabledSites, 'shop.example.evil')).toBe(false);
    expect(siteOf('https://WWW.Shop.example/p')).toBe('shop.example');
  });
});
