// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { browserSelectorCheck, validateSiteRuleForm } from '@/utils/settings-form';

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
