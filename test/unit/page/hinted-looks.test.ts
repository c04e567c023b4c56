// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { ContentScriptContext } from 'wxt/utils/content-script-context';
import { lookOnHints } from '@/utils/page/hinted-looks';

describe('looks on a hint', () => {
  let ctx: ContentScriptContext;
  let wanted: boolean;
  let looks: number;
  const start = (perAddress = 3) => lookOnHints(ctx, perAddress, () => wanted, () => (looks += 1));
  const scroll = () => window.dispatchEvent(new Event('scroll'));
  const scrollEachSecond = (seconds: number) => {
    for (let second = 0; second < seconds; second++) {
      scroll();
      vi.advanceTimersByTime(1000);
    }
  };
  const showTab = (state: DocumentVisibilityState) => {
    vi.spyOn(document, 'visibilityState', 'get').mockReturnValue(state);
    document.dispatchEvent(new Event('visibilitychange'));
  };

  beforeEach(() => {
    fakeBrowser.reset();
    vi.useFakeTimers();
    ctx = new ContentScriptContext('test');
    wanted = true;
    looks = 0;
  });

  afterEach(() => {
    ctx.abort();
    vi.restoreAllMocks();
    vi.useRealTimers();
  });

  it('looks a second after the shopper scrolls, presses or types, once however many hints came that second', () => {
    start();
    scroll();
    window.dispatchEvent(new Event('pointerdown'));
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'j' }));
    vi.advanceTimersByTime(999);
    expect(looks).toBe(0);
    vi.advanceTimersByTime(1);
    expect(looks).toBe(1);
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'k' }));
    vi.advanceTimersByTime(1000);
    expect(looks).toBe(2);
  });

  it('hears a scroll anywhere in the page (in the capture phase: an element\'s scroll does not bubble), and the caller\'s own hints', () => {
    const hints = start();
    document.body.dispatchEvent(new Event('scroll'));
    vi.advanceTimersByTime(1000);
    expect(looks).toBe(1);
    hints.hint();
    vi.advanceTimersByTime(1000);
    expect(looks).toBe(2);
  });

  it('registers its listeners passive (a scroll never waits for them), to go away with the context', () => {
    const spies = [vi.spyOn(window, 'addEventListener'), vi.spyOn(document, 'addEventListener')];
    start();
    const options = (type: string) => spies.flatMap((spy) => spy.mock.calls).find(([heard]) => heard === type)?.[2];
    for (const type of ['scroll', 'pointerdown', 'keydown', 'visibilitychange']) {
      expect(options(type)).toEqual({ capture: true, passive: true, signal: ctx.signal });
    }
  });

  it('looks on the tab shown again, not on it being hidden', () => {
    start();
    showTab('hidden');
    vi.advanceTimersByTime(5000);
    expect(looks).toBe(0);
    showTab('visible');
    vi.advanceTimersByTime(1000);
    expect(looks).toBe(1);
  });

  it('looks at most as often as allowed per address, and as often again after a reset for a new address', () => {
    const hints = start(3);
    scrollEachSecond(6);
    expect(looks).toBe(3);
    hints.reset();
    scrollEachSecond(6);
    expect(looks).toBe(6);
  });

  it('does not look while none is wanted, at the hint or when the look is due, and such a hint costs no look', () => {
    start(2);
    wanted = false;
    scroll();
    vi.advanceTimersByTime(500);
    // Wanted again: a hint heard while none was wanted did not schedule one.
    wanted = true;
    vi.advanceTimersByTime(5000);
    expect(looks).toBe(0);
    scroll();
    wanted = false;
    vi.advanceTimersByTime(1000);
    expect(looks).toBe(0);
    wanted = true;
    scrollEachSecond(4);
    expect(looks).toBe(2);
  });

  it('ends with the context: no look due runs, no hint is heard', () => {
    start();
    scroll();
    ctx.abort();
    vi.advanceTimersByTime(1000);
    scroll();
    showTab('visible');
    vi.advanceTimersByTime(5000);
    expect(looks).toBe(0);
  });
});
