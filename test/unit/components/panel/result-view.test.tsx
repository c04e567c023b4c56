// @vitest-environment happy-dom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { describe, expect, it, vi } from 'vitest';
import { ResultView, type ResultViewProps } from '@/components/panel/ResultView';
import { useRenderRoot } from '../../support/render-root';

const dom = useRenderRoot();

const props = (overrides: Partial<ResultViewProps> = {}): ResultViewProps => ({
  images: [{ id: 'g1', url: 'https://x.test/g1.jpg' }],
  itemNames: ['Linen shirt'],
  canAddToOutfit: true,
  onTryAgain: vi.fn(),
  onAddToOutfit: vi.fn(),
  onDownload: vi.fn(),
  onShare: vi.fn(async () => 'copied' as const),
  ...overrides,
});
const button = (name: string) => [...dom.root.querySelectorAll('button')].find((b) => b.textContent === name)!;
const flush = () => act(async () => new Promise((resolve) => setTimeout(resolve, 0)));

describe('ResultView', () => {
  it('says under the picture that it shows style, not size or fit', () => {
    render(<ResultView {...props()} />, dom.root);
    const image = dom.root.querySelector('img.result__image')!;
    expect(image.getAttribute('alt')).toBe('Try-on result: Linen shirt');
    expect(image.nextElementSibling?.textContent).toMatch(/shows the style, not the size or fit/);
  });

  it('shares the shown picture and confirms a copy in words', async () => {
    const onShare = vi.fn(async () => 'copied' as const);
    render(<ResultView {...props({ onShare })} />, dom.root);
    await act(() => button('Share').click());
    await flush();
    expect(onShare).toHaveBeenCalledWith({ id: 'g1', url: 'https://x.test/g1.jpg' });
    expect(dom.root.querySelector('[role="status"]')?.textContent).toBe('Picture copied: paste it into a message or a post.');
  });

  it('says nothing after the share sheet took it, and says so when sharing failed', async () => {
    render(<ResultView {...props({ onShare: async () => 'shared' })} />, dom.root);
    await act(() => button('Share').click());
    await flush();
    expect(dom.root.querySelector('[role="status"]')).toBeNull();
    render(<ResultView {...props({ onShare: async () => Promise.reject(new Error('no')) })} />, dom.root);
    await act(() => button('Share').click());
    await flush();
    expect(dom.root.querySelector('[role="status"]')?.textContent).toMatch(/could not be shared or copied/);
  });

  it('opens the full-size view from the picture with Enter and from its button; Esc closes it without closing the panel, focus returns', async () => {
    render(<ResultView {...props()} />, dom.root);
    const documentKeys = vi.fn();
    const image = dom.root.querySelector<HTMLElement>('img.result__image')!;
    image.focus();
    await act(() => void image.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true })));
    const dialog = dom.root.querySelector('dialog')!;
    document.addEventListener('keydown', documentKeys);
    expect(dialog.getAttribute('aria-label')).toBe('Try-on at full size');
    expect(dialog.querySelector('img')!.getAttribute('alt')).toBe('Full-size try-on result: Linen shirt');
    const zoom = [...dialog.querySelectorAll('button')].find((b) => b.textContent === 'Zoom in')!;
    await act(() => zoom.click());
    expect(zoom.getAttribute('aria-pressed')).toBe('true');
    expect(zoom.textContent).toBe('Zoom out');
    await act(() => void dialog.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true })));
    await flush();
    expect(dom.root.querySelector('dialog')).toBeNull();
    expect(documentKeys).not.toHaveBeenCalled();
    expect(document.activeElement).toBe(image);
    document.removeEventListener('keydown', documentKeys);

    const full = button('Full size');
    full.focus();
    await act(() => full.click());
    expect(dom.root.querySelector('dialog')).not.toBeNull();
    await act(() => dom.root.querySelector<HTMLButtonElement>('.viewer__close')!.click());
    await flush();
    expect(dom.root.querySelector('dialog')).toBeNull();
    expect(document.activeElement).toBe(full);
  });
});
