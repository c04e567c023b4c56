// @vitest-environment happy-dom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { describe, expect, it, vi } from 'vitest';
import { PhotoSection } from '@/components/photo/PhotoSection';
import { consentItem } from '@/utils/storage';
import { useRenderRoot } from '../../support/render-root';

const sendMessage = vi.hoisted(() => vi.fn());
vi.mock('@/utils/messaging', () => ({ sendMessage }));

const flush = async () => {
  for (let i = 0; i < 5; i++) await act(() => new Promise((resolve) => setTimeout(resolve, 0)));
};

const dom = useRenderRoot(() => {
  sendMessage.mockReset();
});

describe('PhotoSection', () => {
  const photo = { width: 600, height: 900, bytes: 50_000, savedAt: 1, thumbnail: 'data:image/jpeg;base64,AAAA' };

  function answer(saved: typeof photo | null) {
    sendMessage.mockImplementation(async (type: string, data: { accepted?: boolean }) => {
      if (type === 'photo.get') return { photo: saved };
      if (type === 'models.list') return { categories: [{ category: 'woman', models: [{ id: 'model-1', url: 'https://api.example/m1.jpg' }] }] };
      if (type === 'photo.save') return { photo };
      if (type === 'photo.delete') return { ok: true };
      if (type === 'consent.set') return { consent: data.accepted ? { acceptedAt: 7 } : null };
      throw new Error(`unexpected ${type}`);
    });
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
    await consentItem.setValue({ acceptedAt: 1 });
    answer(photo);
    const onChosen = vi.fn();
    render(<PhotoSection onChosen={onChosen} preferSaved />, dom.root);
    await flush();
    expect(onChosen).toHaveBeenCalledWith({ kind: 'saved' });
    const saved = [...dom.root.querySelectorAll<HTMLInputElement>('input[type="radio"]')].find((input) => input.closest('label')?.textContent === 'My photo');
    expect(saved?.checked).toBe(true);
  });

  it('reports that no photo is chosen any more when the shopper withdraws consent', async () => {
    await consentItem.setValue({ acceptedAt: 1 });
    answer(photo);
    const onChosen = vi.fn();
    render(<PhotoSection onChosen={onChosen} preferSaved />, dom.root);
    await flush();
    expect(onChosen).toHaveBeenLastCalledWith({ kind: 'saved' });
    await act(() => dom.root.querySelector<HTMLInputElement>('input[type="checkbox"]')!.click());
    await flush();
    expect(sendMessage).toHaveBeenCalledWith('consent.set', { accepted: false });
    expect(onChosen).toHaveBeenLastCalledWith(null);
  });

  it('reports that no photo is chosen any more when the shopper deletes the saved photo', async () => {
    await consentItem.setValue({ acceptedAt: 1 });
    answer(photo);
    const onChosen = vi.fn();
    render(<PhotoSection onChosen={onChosen} preferSaved />, dom.root);
    await flush();
    expect(onChosen).toHaveBeenLastCalledWith({ kind: 'saved' });
    await act(() => dom.root.querySelector<HTMLButtonElement>('.photo-picker__delete')!.click());
    await flush();
    expect(sendMessage).toHaveBeenCalledWith('photo.delete', {});
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
});
