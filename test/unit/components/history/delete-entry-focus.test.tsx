// @vitest-environment happy-dom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { describe, expect, it, vi } from 'vitest';
import { HistorySection } from '@/components/history/HistorySection';
import type { HistoryEntry } from '@/utils/history/schema';
import { useRenderRoot } from '../../support/render-root';

const sendMessage = vi.hoisted(() => vi.fn());
vi.mock('@/utils/messaging', () => ({ sendMessage, onEvent: () => () => undefined }));

const flush = async () => {
  for (let i = 0; i < 5; i++) await act(() => new Promise((resolve) => setTimeout(resolve, 0)));
};

const dom = useRenderRoot(() => sendMessage.mockReset());

const entry = (id: string, name: string): HistoryEntry => ({
  id,
  jobId: `job-${id}`,
  items: [{ skuId: `SKU-${id}`, name }],
  createdAt: Date.UTC(2025, 0, 31, 12),
  images: [{ id: `g-${id}`, url: `https://cdn.example/${id}.jpg`, expiresAt: Number.MAX_SAFE_INTEGER }],
});

/** The background's history: `history.delete` removes the entry, or, while `failing`, fails without removing it. */
function answer(names: string[]) {
  const background = { failing: false };
  let entries = names.map((name, index) => entry(`h${index + 1}`, name));
  sendMessage.mockImplementation(async (type: string, data: { id?: string }) => {
    if (type === 'history.list') return { entries };
    if (type === 'history.delete') {
      if (background.failing) throw new Error('storage unavailable');
      entries = entries.filter((kept) => kept.id !== data.id);
      return { ok: true };
    }
    throw new Error(`unexpected ${type}`);
  });
  return background;
}

const deleteButton = (name: string) => dom.root.querySelector<HTMLButtonElement>(`button[aria-label="Delete the try-on of ${name}"]`);
const focusedLabel = () => document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.textContent;
const status = () => dom.root.querySelector('[role="status"]')?.textContent;

async function deleteWithKeyboard(name: string) {
  deleteButton(name)!.focus();
  await act(() => deleteButton(name)!.click());
  await flush();
}

describe('deleting one try-on from the history keeps the keyboard user’s place', () => {
  it('moves focus to the next try-on’s Delete button and says which try-on was deleted', async () => {
    answer(['Linen Shirt', 'Jeans', 'Scarf']);
    render(<HistorySection />, dom.root);
    await flush();

    await deleteWithKeyboard('Jeans');
    expect(deleteButton('Jeans')).toBeNull();
    expect(focusedLabel()).toBe('Delete the try-on of Scarf');
    expect(status()).toBe('Deleted the try-on of Jeans.');
    // The page has one polite status region, that of "Delete all my data".
    expect(dom.root.querySelectorAll('[role="status"], [aria-live]')).toHaveLength(1);
  });

  it('moves focus to the previous try-on’s Delete button when the last one was deleted', async () => {
    answer(['Linen Shirt', 'Jeans']);
    render(<HistorySection />, dom.root);
    await flush();

    await deleteWithKeyboard('Jeans');
    expect(focusedLabel()).toBe('Delete the try-on of Linen Shirt');
  });

  it('moves focus to the note that the list is empty once the only try-on is deleted', async () => {
    answer(['Linen Shirt']);
    render(<HistorySection />, dom.root);
    await flush();

    await deleteWithKeyboard('Linen Shirt');
    const empty = dom.root.querySelector<HTMLElement>('[data-testid="history-empty"]')!;
    expect(document.activeElement).toBe(empty);
    expect(empty.tabIndex).toBe(-1);
    expect(status()).toBe('Deleted the try-on of Linen Shirt.');
  });

  it('leaves focus where it is when it was not on the deleted try-on, and still says it was deleted', async () => {
    answer(['Linen Shirt', 'Jeans']);
    render(<HistorySection />, dom.root);
    await flush();
    const elsewhere = document.createElement('button');
    elsewhere.textContent = 'elsewhere';
    document.body.append(elsewhere);
    elsewhere.focus();

    // A click that does not move focus (a pointer on some platforms, an assistive technology).
    await act(() => deleteButton('Jeans')!.click());
    await flush();
    expect(deleteButton('Jeans')).toBeNull();
    expect(focusedLabel()).toBe('elsewhere');
    expect(status()).toBe('Deleted the try-on of Jeans.');
    elsewhere.remove();
  });

  it('keeps focus on the Delete button while the try-on could not be deleted, and moves it on once it is', async () => {
    const background = answer(['Linen Shirt', 'Jeans', 'Scarf']);
    background.failing = true;
    render(<HistorySection />, dom.root);
    await flush();

    await deleteWithKeyboard('Jeans');
    expect(deleteButton('Jeans')!.disabled).toBe(false);
    expect(focusedLabel()).toBe('Delete the try-on of Jeans');
    expect(status()).toBe('');

    background.failing = false;
    await act(() => deleteButton('Jeans')!.click());
    await flush();
    expect(focusedLabel()).toBe('Delete the try-on of Scarf');
  });
});
