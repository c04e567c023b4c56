// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { browserSelectorCheck, validateSiteRuleForm, type SiteRuleFormInput } from '@/utils/settings/site-rule-form';

describe('browserSelectorCheck', () => {
  const isSelector = browserSelectorCheck(document);

  it('accepts what the DOM accepts and refuses what it throws on', () => {
    expect(isSelector('[itemprop=sku]')).toBe(true);
    expect(isSelector('.product .sku > span:first-child')).toBe(true);
    expect(isSelector('[[broken')).toBe(false);
    expect(isSelector('div >')).toBe(false);
  });

  it('drives the site rule validation in the popup', () => {
    // A selector not checked above: happy-dom caches parsed selectors and throws only the first time.
    const input = { host: 'shop.example', skuCatalogName: '', idKind: '', selector: 'ul >>> li', regex: '' };
    expect(validateSiteRuleForm(input, isSelector)).toEqual({ ok: false, errors: { selector: 'site_error_selector' } });
  });
});

describe('validateSiteRuleForm', () => {
  const acceptAll = () => true;
  const input = (patch: Partial<SiteRuleFormInput>): SiteRuleFormInput => ({
    host: 'shop.example',
    skuCatalogName: '',
    idKind: '',
    selector: '',
    regex: '',
    ...patch,
  });

  it('keeps only the fields that were filled in, trimmed', () => {
    expect(validateSiteRuleForm(input({ host: ' Shop.Example ', skuCatalogName: ' main ', idKind: 'gtin' }), acceptAll)).toEqual({
      ok: true,
      rule: { host: 'shop.example', skuCatalogName: 'main', idKind: 'gtin' },
    });
  });

  it('takes a pasted URL as its host name', () => {
    expect(validateSiteRuleForm(input({ host: 'https://shop.example/p/1', regex: '/p/(\\d+)' }), acceptAll)).toEqual({
      ok: true,
      rule: { host: 'shop.example', regex: '/p/(\\d+)' },
    });
  });

  it('takes "*.shop.example" as the site it means', () => {
    expect(validateSiteRuleForm(input({ host: '*.Shop.example', idKind: 'gtin' }), acceptAll)).toEqual({ ok: true, rule: { host: 'shop.example', idKind: 'gtin' } });
  });

  it('refuses a rule that changes nothing', () => {
    expect(validateSiteRuleForm(input({}), acceptAll)).toEqual({ ok: false, errors: { selector: 'site_error_empty_rule' } });
  });

  it('explains each bad field', () => {
    const result = validateSiteRuleForm(
      input({ host: 'not a host!', skuCatalogName: 'has space', idKind: 'x'.repeat(33), regex: '(unclosed' }),
      acceptAll,
    );
    expect(result).toEqual({
      ok: false,
      errors: { host: 'site_error_host', skuCatalogName: 'site_error_catalog_name', idKind: 'site_error_id_kind', regex: 'site_error_regex' },
    });
  });

  it('asks the injected check whether the selector is valid', () => {
    const seen: string[] = [];
    const check = (selector: string) => {
      seen.push(selector);
      return !selector.includes('[[');
    };
    expect(validateSiteRuleForm(input({ selector: '[[bad' }), check)).toEqual({ ok: false, errors: { selector: 'site_error_selector' } });
    expect(validateSiteRuleForm(input({ selector: '  [itemprop=sku] ' }), check)).toEqual({ ok: true, rule: { host: 'shop.example', selector: '[itemprop=sku]' } });
    expect(seen).toEqual(['[[bad', '[itemprop=sku]']);
  });
});
