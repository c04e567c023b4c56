// @vitest-environment happy-dom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { describe, expect, it } from 'vitest';
import { DeleteAllData } from '@/components/history/DeleteAllData';
import { useRenderRoot } from '../../support/render-root';

const dom = useRenderRoot();

const button = (name: string) => [...dom.root.querySelectorAll('button')].find((element) => element.textContent === name)!;
const focused = () => document.activeElement?.textContent;

describe('"Delete all my data" with the keyboard', () => {
  it('moves focus to Cancel when it asks, and back to its button after Cancel or the delete', async () => {
    let deleted = 0;
    await act(() => render(<DeleteAllData onDelete={async () => void deleted++} />, dom.root));
    // A press of Enter on the focused button: the button is replaced by the question.
    button('Delete all my data').focus();
    await act(() => button('Delete all my data').click());
    expect(focused()).toBe('Cancel');

    await act(() => button('Cancel').click());
    expect(focused()).toBe('Delete all my data');

    await act(() => button('Delete all my data').click());
    await act(() => button('Yes, delete everything').click());
    await act(() => new Promise((resolve) => setTimeout(resolve, 0)));
    expect(deleted).toBe(1);
    expect(dom.root.textContent).toContain('All your data was deleted.');
    expect(focused()).toBe('Delete all my data');
  });

  it('takes no focus until the shopper uses it', async () => {
    const outside = document.createElement('button');
    outside.textContent = 'elsewhere';
    document.body.append(outside);
    outside.focus();
    await act(() => render(<DeleteAllData onDelete={async () => undefined} />, dom.root));
    expect(focused()).toBe('elsewhere');
    outside.remove();
  });
});
