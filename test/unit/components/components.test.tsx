// @vitest-environment happy-dom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { ErrorNotice } from '@/components/ErrorNotice';
import { ManualSkuForm } from '@/components/panel/ManualSkuForm';
import { focusables } from '@/components/panel/use-focus-trap';
import { PhotoPicker } from '@/components/photo/PhotoPicker';
import { consentItem } from '@/utils/storage';
import { useLocale } from '../support/locale';

const sendMessage = vi.hoisted(() => vi.fn());
vi.mock('@/utils/messaging', () => ({ sendMessage }));

const flush = async () => {
  for (let i = 0; i < 5; i++) await act(() => new Promise((resolve) => setTimeout(resolve, 0)));
};

let root: HTMLElement;

beforeEach(() => {
  fakeBrowser.reset();
  useLocale('en');
  sendMessage.mockReset();
  root = document.createElement('div');
  document.body.append(root);
});

afterEach(() => {
  render(null, root);
  root.remove();
});

describe('ErrorNotice', () => {
  it('says the translated sentence for the code and offers the action that fixes it', async () => {
    const onAction = vi.fn();
    render(<ErrorNotice error={{ code: 'abort_no_people', message: 'raw' }} onAction={onAction} />, root);
    expect(root.querySelector('[role="alert"]')?.textContent).toContain("We couldn't find a person in this photo.");
    const button = root.querySelector('button')!;
    expect(button.textContent).toBe('Change photo');
    button.click();
    expect(onAction).toHaveBeenCalledWith('change_photo');
  });

  it('falls back to the sentence the error carries when a language lacks the code', () => {
    fakeBrowser.i18n.getMessage = (() => '') as never;
    render(<ErrorNotice error={{ code: 'api_error', message: 'The service said no.' }} />, root);
    expect(root.textContent).toContain('The service said no.');
    expect(root.querySelector('button')).toBeNull();
  });

  it('speaks German when the browser does', () => {
    useLocale('de');
    render(<ErrorNotice error={{ code: 'not_configured', message: 'raw' }} onAction={() => undefined} />, root);
    expect(root.textContent).toContain('Der Anprobe-Dienst ist noch nicht eingerichtet.');
    expect(root.querySelector('button')?.textContent).toBe('Einstellungen öffnen');
  });
});

describe('PhotoPicker', () => {
  const photo = { width: 600, height: 900, bytes: 50_000, savedAt: 1, thumbnail: 'data:image/jpeg;base64,AAAA' };

  function answer(saved: typeof photo | null) {
    sendMessage.mockImplementation(async (type: string) => {
      if (type === 'photo.get') return { photo: saved };
      if (type === 'models.list') return { categories: [{ category: 'woman', models: [{ id: 'model-1', url: 'https://api.example/m1.jpg' }] }] };
      if (type === 'photo.save') return { photo };
      if (type === 'photo.delete') return {};
      throw new Error(`unexpected ${type}`);
    });
  }

  it('keeps the upload closed until the shopper agrees, then records the consent', async () => {
    answer(null);
    render(<PhotoPicker />, root);
    await flush();
    const file = root.querySelector<HTMLInputElement>('input[type="file"]')!;
    const label = root.querySelector(`label[for="${file.id}"]`);
    expect(label?.textContent).toBe('Your photo');
    expect(file.disabled).toBe(true);
    expect(root.textContent).toContain('uploads that photo');

    const checkbox = root.querySelector<HTMLInputElement>('input[type="checkbox"]')!;
    await act(() => checkbox.click());
    await flush();
    expect(await consentItem.getValue()).toEqual({ acceptedAt: expect.any(Number) });
    expect(root.querySelector<HTMLInputElement>('input[type="file"]')!.disabled).toBe(false);
  });

  it('offers the predefined models without consent, and reports the one chosen', async () => {
    answer(null);
    const onChosen = vi.fn();
    render(<PhotoPicker onChosen={onChosen} />, root);
    await flush();
    const radio = root.querySelector<HTMLInputElement>('input[type="radio"]')!;
    expect(radio.closest('label')?.textContent).toBe('Model: woman 1');
    await act(() => radio.click());
    expect(onChosen).toHaveBeenCalledWith({ kind: 'model', imageId: 'model-1', url: 'https://api.example/m1.jpg' });
  });

  it('picks the saved photo by itself when asked to and the shopper agreed before', async () => {
    await consentItem.setValue({ acceptedAt: 1 });
    answer(photo);
    const onChosen = vi.fn();
    render(<PhotoPicker onChosen={onChosen} preferSaved />, root);
    await flush();
    expect(onChosen).toHaveBeenCalledWith({ kind: 'saved' });
    const saved = [...root.querySelectorAll<HTMLInputElement>('input[type="radio"]')].find((input) => input.closest('label')?.textContent === 'My photo');
    expect(saved?.checked).toBe(true);
  });

  it('reports that no photo is chosen any more when the shopper withdraws consent', async () => {
    await consentItem.setValue({ acceptedAt: 1 });
    answer(photo);
    const onChosen = vi.fn();
    render(<PhotoPicker onChosen={onChosen} preferSaved />, root);
    await flush();
    expect(onChosen).toHaveBeenLastCalledWith({ kind: 'saved' });
    await act(() => root.querySelector<HTMLInputElement>('input[type="checkbox"]')!.click());
    await flush();
    expect(onChosen).toHaveBeenLastCalledWith(null);
  });

  it('reports that no photo is chosen any more when the shopper deletes the saved photo', async () => {
    await consentItem.setValue({ acceptedAt: 1 });
    answer(photo);
    const onChosen = vi.fn();
    render(<PhotoPicker onChosen={onChosen} preferSaved />, root);
    await flush();
    expect(onChosen).toHaveBeenLastCalledWith({ kind: 'saved' });
    await act(() => root.querySelector<HTMLButtonElement>('.photo-picker__delete')!.click());
    await flush();
    expect(sendMessage).toHaveBeenCalledWith('photo.delete', {});
    expect(onChosen).toHaveBeenLastCalledWith(null);
  });

  it('refuses a file that is not a photo before reading it', async () => {
    await consentItem.setValue({ acceptedAt: 1 });
    answer(null);
    render(<PhotoPicker />, root);
    await flush();
    const file = root.querySelector<HTMLInputElement>('input[type="file"]')!;
    Object.defineProperty(file, 'files', { value: [new File(['%PDF'], 'cv.pdf', { type: 'application/pdf' })] });
    await act(() => {
      file.dispatchEvent(new Event('change', { bubbles: true }));
    });
    await flush();
    expect(root.querySelector('[role="alert"]')?.textContent).toContain('This file is not a photo.');
    expect(sendMessage).not.toHaveBeenCalledWith('photo.save', expect.anything());
  });
});

describe('ManualSkuForm', () => {
  it('submits a trimmed code and refuses an empty one with a sentence', async () => {
    const onSubmit = vi.fn();
    render(<ManualSkuForm reason="not_found" onSubmit={onSubmit} />, root);
    const form = root.querySelector('form')!;
    await act(() => {
      form.dispatchEvent(new Event('submit', { cancelable: true }));
    });
    expect(onSubmit).not.toHaveBeenCalled();
    expect(root.querySelector('[role="alert"]')?.textContent).toBe('Enter a product code of at most 128 characters.');
    const input = root.querySelector<HTMLInputElement>('input')!;
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
    root.innerHTML = `<button id="a">A</button><button disabled>B</button><div hidden><button>C</button></div>
      <input id="d"><input type="hidden"><a href="#x" id="e">E</a><span tabindex="-1">F</span>`;
    expect(focusables(root).map((element) => element.id)).toEqual(['a', 'd', 'e']);
  });
});
