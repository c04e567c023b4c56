// @vitest-environment happy-dom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { describe, expect, it, vi } from 'vitest';
import { SiteRuleEditor } from '@/components/site/SiteRuleEditor';
import type { SiteRule } from '@/utils/detect/site-rule';
import type { Product } from '@/utils/product';
import { useRenderRoot } from '../../support/render-root';

const dom = useRenderRoot();

describe('SiteRuleEditor', () => {
  const save = async () => undefined;
  const editor = (props: { rule: SiteRule; preview?: (rule: SiteRule) => Promise<Product | null> }) => (
    <SiteRuleEditor host="shop.example" onSave={save} onRemove={save} {...props} />
  );
  const rule: SiteRule = { host: 'shop.example', skuCatalogName: 'main', selector: '[itemprop=sku]' };
  const selectorField = () => dom.root.querySelector<HTMLInputElement>('input[placeholder="[itemprop=sku]"]')!;

  async function type(input: HTMLInputElement, value: string) {
    await act(() => {
      input.value = value;
      input.dispatchEvent(new Event('input', { bubbles: true }));
    });
  }

  it('keeps unsaved typing when the settings arrive again with the same rule', async () => {
    await act(() => render(editor({ rule }), dom.root));
    await type(selectorField(), '.product-code');
    // Any settings change (the site switch, a save elsewhere) hands over an equal but new rule object.
    await act(() => render(editor({ rule: { ...rule } }), dom.root));
    expect(selectorField().value).toBe('.product-code');
  });

  it('shows the rule again when its content really changed', async () => {
    await act(() => render(editor({ rule }), dom.root));
    await type(selectorField(), '.product-code');
    await act(() => render(editor({ rule: { ...rule, selector: '#sku' } }), dom.root));
    expect(selectorField().value).toBe('#sku');
  });

  it('previews what the page yields with the rule being typed, and saves it through its caller', async () => {
    const asked: SiteRule[] = [];
    const saved: SiteRule[] = [];
    const preview = async (edited: SiteRule) => {
      asked.push(edited);
      return { sku: 'FROM-RULE', ids: [{ kind: 'sku', value: 'FROM-RULE', source: 'rule' }] };
    };
    await act(() => render(<SiteRuleEditor host="shop.example" rule={rule} preview={preview} onSave={async (edited) => void saved.push(edited)} onRemove={save} />, dom.root));
    await type(selectorField(), '.product-code');
    await vi.waitFor(() => expect(dom.root.querySelector('[data-testid="preview-sku"]')?.textContent).toBe('FROM-RULE'));
    expect(asked.at(-1)).toEqual({ ...rule, selector: '.product-code' });
    await act(() => dom.root.querySelector<HTMLFormElement>('form')!.requestSubmit());
    await vi.waitFor(() => expect(saved).toEqual([{ ...rule, selector: '.product-code' }]));
  });
});
