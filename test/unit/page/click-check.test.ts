// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { watchClicks, type ClickCheck } from '@/utils/page/click-check';

/**
 * The click check judged on a button laid out as drawn. This DOM lays nothing out, so the geometry a
 * browser would give (its box, what is on top, its style) is stubbed to that of an untouched button:
 * then the only difference between a click that counts and one that does not is the one under test.
 */
const box = { left: 100, top: 100, right: 180, bottom: 132, width: 80, height: 32, x: 100, y: 100 };

function click({ trusted }: { trusted: boolean }): MouseEvent {
  const event = new MouseEvent('click', { bubbles: true, composed: true, cancelable: true, clientX: 140, clientY: 116, detail: 1 });
  Object.defineProperty(event, 'isTrusted', { value: trusted });
  return event;
}

describe('the click check of the Try on button', () => {
  let host: HTMLElement;
  let check: ClickCheck;
  let inPlace: boolean;
  /** What `checkVisibility()` says: false once the page hides the host (`visibility: hidden`). */
  let seen: boolean;

  beforeEach(() => {
    host = document.createElement('shop-try-on-button');
    const button = document.createElement('button');
    host.append(button);
    document.body.append(host);
    inPlace = true;
    seen = true;
    vi.spyOn(host, 'getBoundingClientRect').mockReturnValue({ ...box, toJSON: () => box } as DOMRect);
    Object.defineProperty(host, 'offsetWidth', { value: box.width });
    Object.defineProperty(host, 'offsetHeight', { value: box.height });
    Object.defineProperty(host, 'checkVisibility', { value: () => seen });
    vi.spyOn(document, 'elementFromPoint').mockReturnValue(host);
    vi.spyOn(window, 'getComputedStyle').mockReturnValue({ opacity: '1', filter: 'none', mixBlendMode: 'normal' } as CSSStyleDeclaration);
    check = watchClicks(host, button, () => inPlace);
  });

  afterEach(() => {
    check.disconnect();
    host.remove();
    vi.restoreAllMocks();
  });

  it("counts the shopper's click on the button as drawn", () => {
    expect(check.counts(click({ trusted: true }))).toBe(true);
  });

  it('never counts a click a page script made, even on the button exactly as drawn', () => {
    expect(check.counts(click({ trusted: false }))).toBe(false);
  });

  it('refuses a trusted click once the button is covered, moved out of place, or see-through', () => {
    vi.mocked(document.elementFromPoint).mockReturnValueOnce(document.body);
    expect(check.counts(click({ trusted: true }))).toBe(false);
    inPlace = false;
    expect(check.counts(click({ trusted: true }))).toBe(false);
    inPlace = true;
    vi.mocked(window.getComputedStyle).mockReturnValueOnce({ opacity: '0.01', filter: 'none', mixBlendMode: 'normal' } as CSSStyleDeclaration);
    expect(check.counts(click({ trusted: true }))).toBe(false);
    expect(check.counts(click({ trusted: true }))).toBe(true);
  });

  it('refuses a key press on the focused button once the page has hidden it, though a key press has no point to check', () => {
    // Enter or Space on the focused button is a click with no point (detail 0): only the button's own state can tell.
    const keyPress = () => {
      const event = new MouseEvent('click', { bubbles: true, composed: true, cancelable: true, detail: 0 });
      Object.defineProperty(event, 'isTrusted', { value: true });
      return event;
    };
    expect(check.counts(keyPress())).toBe(true);
    // `visibility: hidden` (or `content-visibility: hidden`) on the host: still focused, no longer seen.
    seen = false;
    expect(check.counts(keyPress())).toBe(false);
  });
});
