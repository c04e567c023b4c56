// @vitest-environment happy-dom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { describe, expect, it, vi } from 'vitest';
import { ManualSkuForm } from '@/components/panel/ManualSkuForm';
import { focusables } from '@/components/panel/use-focus-trap';
import { useRenderRoot } from '../../support/render-root';

const dom = useRenderRoot();

describe('ManualSkuForm', () => {
  it('submits a trimmed code and refuses an empty one with a sentence', async () => {
    const onSubmit = vi.fn();
    render(<ManualSkuForm reason="not_found" onSubmit={onSubmit} />, dom.root);
    const form = dom.root.querySelector('form')!;
    await act(() => {
      form.dispatchEvent(new Event('submit', { cancelable: true }));
    });
    expect(onSubmit).not.toHaveBeenCalled();
    expect(dom.root.querySelector('[role="alert"]')?.textContent).toBe('Enter a product code of at most 128 characters.');
    const input = dom.root.querySelector<HTMLInputElement>('input')!;
    input.value = '  SKU-42 ';
    await act(() => {
      input.dispatchEvent(new Event('input', { bubbles: true }));
    });
    await act(() => {
      form.dispatchEvent(new Event('submit', { cancelable: true }));
    });
    expect(onSubmit).toHaveBeenCalledWith('SKU-42');
  });
});

describe('focus trap', () => {
  it('lists what Tab can reach, skipping disabled and hidden controls', () => {
    dom.root.innerHTML = `<button id="a">A</button><button disabled>B</button><div hidden><button>C</button></div>
      <input id="d"><input type="hidden"><a href="#x" id="e">E</a><span tabindex="-1">F</span>`;
    expect(focusables(dom.root).map((element) => element.id)).toEqual(['a', 'd', 'e']);
  });
});
