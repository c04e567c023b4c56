// @vitest-environment happy-dom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { describe, expect, it, vi } from 'vitest';
import { PhotoSection } from '@/components/photo/PhotoSection';
import { consentItem, modelCategoryItem } from '@/utils/storage';
import { announce, resetMessaging, sendMessage } from '../../support/messaging-events';
import { useRenderRoot } from '../../support/render-root';

vi.mock('@/utils/messaging', () => import('../../support/messaging-events'));

const flush = async () => {
  for (let i = 0; i < 5; i++) await act(() => new Promise((resolve) => setTimeout(resolve, 0)));
};

const dom = useRenderRoot(resetMessaging);

describe('PhotoSection', () => {
  const photo = { id: 'photo-1', width: 600, height: 900, bytes: 50_000, savedAt: 1, thumbnail: 'data:image/jpeg;base64,AAAA' };

  function answer(saved: typeof photo | null, { models = [{ category: 'woman', models: [{ id: 'model-1', url: 'https://api.example/m1.jpg' }] }], many = 0 } = {}) {
    let photos = saved ? [saved, ...Array.from({ length: many }, (_, i) => ({ ...saved, id: `more-${i}` }))] : [];
    let chosenId = saved?.id ?? null;
    sendMessage.mockImplementation(async (type: string, data: { accepted?: boolean; id?: string }) => {
      if (type === 'photo.list') return { library: { photos, chosenId } };
      if (type === 'photo.choose') return { library: { photos, chosenId: (chosenId = data.id!) } };
      if (type === 'models.list') return { categories: models };
      if (type === 'models.setCategory') return { ok: true };
      if (type === 'photo.save') {
        const added = { ...photo, id: `added-${photos.length}` };
        photos = [...photos, added];
        chosenId = added.id;
        return { photo: added };
      }
      if (type === 'photo.delete') {
        photos = photos.filter((kept) => kept.id !== data.id);
        chosenId = photos.at(-1)?.id ?? null;
        return { ok: true };
      }
      if (type === 'consent.set') return { consent: data.accepted ? { acceptedAt: 7 } : null };
      throw new Error(`unexpected ${type}`);
    });
  }

  /** The shopper agreed before and has one saved photo; the section is asked to prefer it. */
  async function renderWithSavedPhoto() {
    await consentItem.setValue({ acceptedAt: 1 });
    answer(photo);
    const onChosen = vi.fn();
    render(<PhotoSection onChosen={onChosen} preferSaved />, dom.root);
    await flush();
    return onChosen;
  }

  it('keeps the upload closed until the shopper agrees, then records the consent', async () => {
    answer(null);
    render(<PhotoSection />, dom.root);
    await flush();
    const file = dom.root.querySelector<HTMLInputElement>('input[type="file"]')!;
    const label = dom.root.querySelector(`label[for="${file.id}"]`);
    expect(label?.textContent).toBe('Your photo');
    expect(file.disabled).toBe(true);
    expect(dom.root.textContent).toContain('uploads that photo');

    const checkbox = dom.root.querySelector<HTMLInputElement>('input[type="checkbox"]')!;
    await act(() => checkbox.click());
    await flush();
    // Pages ask the background to write; it answers with the consent it stored.
    expect(sendMessage).toHaveBeenCalledWith('consent.set', { accepted: true });
    expect(dom.root.querySelector<HTMLInputElement>('input[type="file"]')!.disabled).toBe(false);
  });

  it('offers the predefined models without consent, and reports the one chosen', async () => {
    answer(null);
    const onChosen = vi.fn();
    render(<PhotoSection onChosen={onChosen} />, dom.root);
    await flush();
    const radio = dom.root.querySelector<HTMLInputElement>('input[type="radio"]')!;
    expect(radio.closest('label')?.textContent).toBe('Model: woman 1');
    await act(() => radio.click());
    expect(onChosen).toHaveBeenCalledWith({ kind: 'model', imageId: 'model-1', url: 'https://api.example/m1.jpg' });
  });

  it('picks the saved photo by itself when asked to and the shopper agreed before', async () => {
    const onChosen = await renderWithSavedPhoto();
    expect(onChosen).toHaveBeenCalledWith({ kind: 'saved', photoId: 'photo-1' });
    const saved = [...dom.root.querySelectorAll<HTMLInputElement>('input[type="radio"]')].find((input) => input.closest('label')?.textContent === 'My photo 1');
    expect(saved?.checked).toBe(true);
  });

  it('reports that no photo is chosen any more when the shopper withdraws consent', async () => {
    const onChosen = await renderWithSavedPhoto();
    expect(onChosen).toHaveBeenLastCalledWith({ kind: 'saved', photoId: 'photo-1' });
    await act(() => dom.root.querySelector<HTMLInputElement>('input[type="checkbox"]')!.click());
    await flush();
    expect(sendMessage).toHaveBeenCalledWith('consent.set', { accepted: false });
    expect(onChosen).toHaveBeenLastCalledWith(null);
  });

  it('reports that no photo is chosen any more when the shopper deletes the saved photo', async () => {
    const onChosen = await renderWithSavedPhoto();
    expect(onChosen).toHaveBeenLastCalledWith({ kind: 'saved', photoId: 'photo-1' });
    await act(() => dom.root.querySelector<HTMLButtonElement>('.photo-picker__delete')!.click());
    await flush();
    expect(sendMessage).toHaveBeenCalledWith('photo.delete', { id: 'photo-1' });
    expect(onChosen).toHaveBeenLastCalledWith(null);
  });

  it('follows "Delete all my data" done in another page: the photo goes, and no photo is chosen any more', async () => {
    const onChosen = await renderWithSavedPhoto();
    expect(onChosen).toHaveBeenLastCalledWith({ kind: 'saved', photoId: 'photo-1' });
    // The popup deleted everything: the background cleared the photos and the consent, and says so.
    answer(null);
    await consentItem.removeValue();
    await announce('photos.changed');
    await flush();
    expect(dom.root.querySelectorAll('.saved-photos__card')).toHaveLength(0);
    expect(dom.root.textContent).not.toContain('My photo 1');
    expect(onChosen).toHaveBeenLastCalledWith(null);
  });

  it('shows a photo saved in another page, and lets go of one deleted there', async () => {
    const onChosen = await renderWithSavedPhoto();
    answer(photo, { many: 1 });
    await announce('photos.changed');
    await flush();
    expect(dom.root.querySelectorAll('.saved-photos__card')).toHaveLength(2);
    // The chosen one deleted elsewhere, the consent kept: the other stays, nothing is chosen.
    sendMessage.mockClear();
    answer({ ...photo, id: 'other' });
    await announce('photos.changed');
    await flush();
    expect(sendMessage).toHaveBeenCalledWith('photo.list', {});
    expect(dom.root.querySelectorAll('.saved-photos__card')).toHaveLength(1);
    expect(onChosen).toHaveBeenLastCalledWith(null);
  });

  it('refuses a file that is not a photo before reading it', async () => {
    await consentItem.setValue({ acceptedAt: 1 });
    answer(null);
    render(<PhotoSection />, dom.root);
    await flush();
    const file = dom.root.querySelector<HTMLInputElement>('input[type="file"]')!;
    Object.defineProperty(file, 'files', { value: [new File(['%PDF'], 'cv.pdf', { type: 'application/pdf' })] });
    await act(() => {
      file.dispatchEvent(new Event('change', { bubbles: true }));
    });
    await flush();
    expect(dom.root.querySelector('[role="alert"]')?.textContent).toContain('This file is not a photo.');
    expect(sendMessage).not.toHaveBeenCalledWith('photo.save', expect.anything());
  });

  const twoCategories = [
    { category: 'woman', models: [{ id: 'w-1', url: 'https://api.example/w1.jpg' }] },
    { category: 'man', models: [{ id: 'm-1', url: 'https://api.example/m1.jpg' }, { id: 'm-2', url: 'https://api.example/m2.jpg' }] },
  ];
  const tabs = () => [...dom.root.querySelectorAll<HTMLButtonElement>('[role="tab"]')];
  const modelNames = () => [...dom.root.querySelectorAll('[role="tabpanel"] label')].map((label) => label.textContent);

  it('shows the models by category in ARIA tabs that arrow keys move between, and remembers the category', async () => {
    answer(null, { models: twoCategories });
    render(<PhotoSection />, dom.root);
    await flush();
    expect(tabs().map((tab) => [tab.textContent, tab.getAttribute('aria-selected'), tab.tabIndex])).toEqual([
      ['woman', 'true', 0],
      ['man', 'false', -1],
    ]);
    const panel = dom.root.querySelector('[role="tabpanel"]')!;
    expect(panel.getAttribute('aria-labelledby')).toBe(tabs()[0]!.id);
    expect(tabs()[0]!.getAttribute('aria-controls')).toBe(panel.id);
    expect(modelNames()).toEqual(['Model: woman 1']);

    tabs()[0]!.focus();
    await act(() => {
      tabs()[0]!.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight', bubbles: true }));
    });
    await flush();
    expect(tabs().map((tab) => tab.getAttribute('aria-selected'))).toEqual(['false', 'true']);
    expect(document.activeElement).toBe(tabs()[1]);
    expect(modelNames()).toEqual(['Model: man 1', 'Model: man 2']);
    // Pages ask the background to remember it.
    expect(sendMessage).toHaveBeenCalledWith('models.setCategory', { category: 'man' });
    // Past the last tab, back to the first; End goes to the last.
    await act(() => {
      tabs()[1]!.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight', bubbles: true }));
    });
    expect(tabs()[0]!.getAttribute('aria-selected')).toBe('true');
    await act(() => {
      tabs()[0]!.dispatchEvent(new KeyboardEvent('keydown', { key: 'End', bubbles: true }));
    });
    expect(tabs()[1]!.getAttribute('aria-selected')).toBe('true');
  });

  it('opens on the category the shopper looked at last', async () => {
    await modelCategoryItem.setValue('man');
    answer(null, { models: twoCategories });
    render(<PhotoSection />, dom.root);
    await flush();
    expect(tabs().map((tab) => tab.getAttribute('aria-selected'))).toEqual(['false', 'true']);
    expect(modelNames()).toEqual(['Model: man 1', 'Model: man 2']);
  });

  /** A paste of an image file, as Ctrl+V makes it. */
  function paste(file: File) {
    const event = new Event('paste', { bubbles: true, cancelable: true });
    Object.defineProperty(event, 'clipboardData', { value: { files: [file], types: ['Files'] } });
    document.body.dispatchEvent(event);
  }
  const png = () => new File([new Uint8Array([0x89, 0x50, 0x4e, 0x47])], 'pasted.png', { type: 'image/png' });

  it('adds a pasted or dropped image as a new photo and chooses it, only after consent', async () => {
    answer(photo);
    const onChosen = vi.fn();
    render(<PhotoSection onChosen={onChosen} />, dom.root);
    await flush();
    await act(() => paste(png()));
    await flush();
    expect(sendMessage).not.toHaveBeenCalledWith('photo.save', expect.anything());
    expect(dom.root.querySelector('[role="alert"]')?.textContent).toContain('agree');

    await consentItem.setValue({ acceptedAt: 1 });
    await flush();
    await act(() => paste(png()));
    await flush();
    expect(sendMessage).toHaveBeenCalledWith('photo.save', { dataUrl: expect.stringMatching(/^data:image\/png;base64,/) });
    expect(onChosen).toHaveBeenLastCalledWith({ kind: 'saved', photoId: 'added-1' });
    expect([...dom.root.querySelectorAll('.saved-photos label')].map((label) => label.textContent)).toEqual(['My photo 1', 'My photo 2']);

    const drop = new Event('drop', { bubbles: true, cancelable: true });
    Object.defineProperty(drop, 'dataTransfer', { value: { files: [png()], types: ['Files'] } });
    await act(() => {
      dom.root.querySelector('.photo-picker')!.dispatchEvent(drop);
    });
    await flush();
    expect(onChosen).toHaveBeenLastCalledWith({ kind: 'saved', photoId: 'added-2' });
    expect(dom.root.querySelectorAll('.saved-photos label')).toHaveLength(3);
    // Saving chose the new photo already: no second message to choose it.
    expect(sendMessage).not.toHaveBeenCalledWith('photo.choose', expect.anything());
  });

  it('says to delete a photo first when five are saved, and keeps them all', async () => {
    await consentItem.setValue({ acceptedAt: 1 });
    answer(photo, { many: 4 });
    render(<PhotoSection />, dom.root);
    await flush();
    expect(dom.root.querySelectorAll('.saved-photos label')).toHaveLength(5);
    expect(dom.root.querySelector<HTMLInputElement>('input[type="file"]')!.disabled).toBe(true);
    expect(dom.root.textContent).toContain('Delete one to add another');
    await act(() => paste(png()));
    await flush();
    expect(sendMessage).not.toHaveBeenCalledWith('photo.save', expect.anything());
    expect(dom.root.querySelector('[role="alert"]')?.textContent).toMatch(/already have 5 saved photos/);
    expect(dom.root.querySelectorAll('.saved-photos label')).toHaveLength(5);
  });

  it('chooses and deletes each saved photo by itself', async () => {
    await consentItem.setValue({ acceptedAt: 1 });
    answer(photo, { many: 1 });
    const onChosen = vi.fn();
    render(<PhotoSection onChosen={onChosen} />, dom.root);
    await flush();
    const radios = () => [...dom.root.querySelectorAll<HTMLInputElement>('.saved-photos input[type="radio"]')];
    await act(() => radios()[1]!.click());
    await flush();
    expect(sendMessage).toHaveBeenCalledWith('photo.choose', { id: 'more-0' });
    expect(onChosen).toHaveBeenLastCalledWith({ kind: 'saved', photoId: 'more-0' });
    const deletes = [...dom.root.querySelectorAll<HTMLButtonElement>('.photo-picker__delete')];
    expect(deletes.map((button) => button.getAttribute('aria-label'))).toEqual(['Delete my photo 1', 'Delete my photo 2']);
    await act(() => deletes[0]!.click());
    await flush();
    expect(sendMessage).toHaveBeenCalledWith('photo.delete', { id: 'photo-1' });
    // Another photo was deleted: the choice stands.
    expect(onChosen).toHaveBeenLastCalledWith({ kind: 'saved', photoId: 'more-0' });
    expect(radios()).toHaveLength(1);
    expect(radios()[0]!.checked).toBe(true);
  });
});
