// @vitest-environment happy-dom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { describe, expect, it, vi } from 'vitest';
import { PhotoSection } from '@/components/photo/PhotoSection';
import { consentItem } from '@/utils/storage';
import { announce, resetMessaging, sendMessage } from '../../support/messaging-events';
import { useRenderRoot } from '../../support/render-root';

vi.mock('@/utils/messaging', () => import('../../support/messaging-events'));

const flush = async () => {
  for (let i = 0; i < 5; i++) await act(() => new Promise((resolve) => setTimeout(resolve, 0)));
};

const dom = useRenderRoot(resetMessaging);

const photo = (id: string) => ({ id, width: 600, height: 900, bytes: 50_000, savedAt: 1, thumbnail: 'data:image/jpeg;base64,AAAA' });

/** The background's photos; `deleteElsewhere` deletes one the way another page would. */
function answer(count: number) {
  let photos = Array.from({ length: count }, (_, index) => photo(`photo-${index + 1}`));
  sendMessage.mockImplementation(async (type: string, data: { id?: string }) => {
    if (type === 'photo.list') return { library: { photos, chosenId: null } };
    if (type === 'models.list') return { categories: [] };
    if (type === 'photo.delete') {
      photos = photos.filter((kept) => kept.id !== data.id);
      return { ok: true };
    }
    throw new Error(`unexpected ${type}`);
  });
  return {
    deleteElsewhere(id: string) {
      photos = photos.filter((kept) => kept.id !== id);
    },
  };
}

const deleteButtons = () => [...dom.root.querySelectorAll<HTMLButtonElement>('.photo-picker__delete')];
const focusedLabel = () => document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.textContent;
const status = () => dom.root.querySelector('[role="status"]')?.textContent;

async function deleteWithKeyboard(button: HTMLButtonElement) {
  button.focus();
  await act(() => button.click());
  await flush();
}

describe('deleting a saved photo keeps the keyboard user’s place', () => {
  it('moves focus to the Delete button of the photo now in its place and says the photo was deleted', async () => {
    await consentItem.setValue({ acceptedAt: 1 });
    answer(3);
    render(<PhotoSection />, dom.root);
    await flush();

    await deleteWithKeyboard(deleteButtons()[1]!);
    expect(sendMessage).toHaveBeenCalledWith('photo.delete', { id: 'photo-2' });
    expect(dom.root.querySelector('[data-photo-id="photo-3"] .photo-picker__delete')).toBe(document.activeElement);
    expect(status()).toBe('My photo 2 deleted.');
    expect(dom.root.querySelectorAll('[role="status"], [aria-live]')).toHaveLength(1);
  });

  it('moves focus to the previous photo’s Delete button when the last one was deleted', async () => {
    await consentItem.setValue({ acceptedAt: 1 });
    answer(2);
    render(<PhotoSection />, dom.root);
    await flush();

    await deleteWithKeyboard(deleteButtons()[1]!);
    expect(focusedLabel()).toBe('Delete my photo 1');
    expect(dom.root.querySelector('[data-photo-id="photo-1"] .photo-picker__delete')).toBe(document.activeElement);
  });

  it('moves focus to the field that adds a photo once none is left', async () => {
    await consentItem.setValue({ acceptedAt: 1 });
    answer(1);
    render(<PhotoSection />, dom.root);
    await flush();

    await deleteWithKeyboard(deleteButtons()[0]!);
    expect(deleteButtons()).toHaveLength(0);
    expect(document.activeElement).toBe(dom.root.querySelector('input[type="file"]'));
    expect(status()).toBe('My photo 1 deleted.');
  });

  it('moves focus to the picker’s title once none is left and the field is closed (no consent)', async () => {
    answer(1);
    render(<PhotoSection />, dom.root);
    await flush();

    await deleteWithKeyboard(deleteButtons()[0]!);
    const title = dom.root.querySelector<HTMLElement>('.photo-picker__title')!;
    expect(document.activeElement).toBe(title);
    expect(title.tabIndex).toBe(-1);
  });

  it('says the photo was deleted through the page’s status region when the page has one', async () => {
    await consentItem.setValue({ acceptedAt: 1 });
    answer(2);
    const said: string[] = [];
    render(<PhotoSection announce={(text) => said.push(text)} />, dom.root);
    await flush();

    await deleteWithKeyboard(deleteButtons()[0]!);
    expect(said).toEqual(['My photo 1 deleted.']);
    expect(dom.root.querySelectorAll('[role="status"], [aria-live]')).toHaveLength(0);
    expect(focusedLabel()).toBe('Delete my photo 1');
  });

  it('takes no focus when a photo is deleted in another page', async () => {
    await consentItem.setValue({ acceptedAt: 1 });
    const background = answer(2);
    render(<PhotoSection />, dom.root);
    await flush();
    const elsewhere = document.createElement('button');
    elsewhere.textContent = 'elsewhere';
    document.body.append(elsewhere);
    deleteButtons()[1]!.focus();
    elsewhere.focus();

    background.deleteElsewhere('photo-1');
    await announce('photos.changed');
    await flush();
    expect(deleteButtons()).toHaveLength(1);
    expect(focusedLabel()).toBe('elsewhere');
    // Then a delete from this page that did have focus moves it on.
    await deleteWithKeyboard(deleteButtons()[0]!);
    expect(document.activeElement).toBe(dom.root.querySelector('input[type="file"]'));
    elsewhere.remove();
  });
});
