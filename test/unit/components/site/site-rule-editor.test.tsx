// @vitest-environment happy-dom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { SiteRuleEditor } from '@/components/site/SiteRuleEditor';
import type { SiteRule } from '@/utils/detect/site-rule';
import { useLocale } from '../../support/locale';

vi.mock('@/utils/messaging', () => ({ sendTabMessage: vi.fn() }));

let root: HTMLElement;

beforeEach(() => {
  fakeBrowser.reset();
  useLocale('en');
  root = document.createElement('div');
  document.body.append(root);
});

afterEach(() => {
  render(null, root);
  root.remove();
});

describe('SiteRuleEditor', () => {
  const rule: SiteRule = { host: 'shop.example', skuCatalogName: 'main', selector: '[itemprop=sku]' };
  const selectorField = () => root.querySelector<HTMLInputElement>('input[placeholder="[itemprop=sku]"]')!;

  async function type(input: HTMLInputElement, value: string) {
    await act(() => {
      input.value = value;
      input.dispatchEvent(new Event('input', { bubbles: true }));
    });
  }

  it('keeps unsaved typing when the settings arrive again with the same rule', async () => {
    await act(() => render(<SiteRuleEditor host="shop.example" rule={rule} />, root));
    await type(selectorField(), '.product-code');
    // Any settings change (the site switch, a save elsewhere) hands over an equal but new rule object.
    await act(() => render(<SiteRuleEditor host="shop.example" rule={{ ...rule }} />, root));
    expect(selectorField().value).toBe('.product-code');
  });

  it('shows the rule again when its content really changed', async () => {
    await act(() => render(<SiteRuleEditor host="shop.example" rule={rule} />, root));
    await type(selectorField(), '.product-code');
    await act(() => render(<SiteRuleEditor host="shop.example" rule={{ ...rule, selector: '#sku' }} />, root));
    expect(selectorField().value).toBe('#sku');
  });
});
