import { getEventListeners } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
// The extension's own context (wxt.config.ts puts it in place of WXT's in the build; tests import it by path).
import { ContentScriptContext } from '@/utils/page/content-script-context';

/** How many callbacks wait for the context to end. */
const abortListeners = (ctx: ContentScriptContext) => getEventListeners(ctx.signal, 'abort').length;

describe('the content script context', () => {
  let ctx: ContentScriptContext;

  beforeEach(() => {
    fakeBrowser.reset();
    vi.useFakeTimers();
    // Node has no frames and no idle periods: stand-ins the fake clock drives.
    vi.stubGlobal('requestAnimationFrame', (callback: FrameRequestCallback) => setTimeout(() => callback(performance.now()), 16));
    vi.stubGlobal('cancelAnimationFrame', (id: number) => clearTimeout(id));
    vi.stubGlobal('requestIdleCallback', (callback: IdleRequestCallback) => setTimeout(() => callback({ didTimeout: false, timeRemaining: () => 10 }), 1));
    vi.stubGlobal('cancelIdleCallback', (id: number) => clearTimeout(id));
    ctx = new ContentScriptContext('test');
  });

  afterEach(() => {
    ctx.abort();
    vi.unstubAllGlobals();
    vi.useRealTimers();
  });

  describe('addEventListener', () => {
    it('removes a listener when the signal its caller gave aborts', () => {
      const target = new EventTarget();
      const heard = vi.fn();
      const own = new AbortController();
      ctx.addEventListener(target, 'ping', heard, { signal: own.signal });
      target.dispatchEvent(new Event('ping'));
      own.abort();
      target.dispatchEvent(new Event('ping'));
      expect(heard).toHaveBeenCalledTimes(1);
      expect(getEventListeners(target, 'ping')).toHaveLength(0);
    });

    it('removes it when the context ends, with or without a signal of the caller', () => {
      const target = new EventTarget();
      const heard = vi.fn();
      ctx.addEventListener(target, 'ping', heard, { signal: new AbortController().signal });
      ctx.addEventListener(target, 'ping', () => heard());
      ctx.abort();
      target.dispatchEvent(new Event('ping'));
      expect(heard).not.toHaveBeenCalled();
      expect(getEventListeners(target, 'ping')).toHaveLength(0);
    });

    it('adds nothing for a signal that already aborted', () => {
      const target = new EventTarget();
      ctx.addEventListener(target, 'ping', () => {}, { signal: AbortSignal.abort() });
      expect(getEventListeners(target, 'ping')).toHaveLength(0);
    });

    it('leaves nothing behind after many listeners that their callers removed', () => {
      const target = new EventTarget();
      const before = abortListeners(ctx);
      for (let round = 0; round < 50; round++) {
        const own = new AbortController();
        ctx.addEventListener(target, 'focusin', () => {}, { capture: true, signal: own.signal });
        ctx.addEventListener(target, 'keydown', () => {}, { capture: true, signal: own.signal });
        own.abort();
      }
      expect(getEventListeners(target, 'focusin')).toHaveLength(0);
      expect(getEventListeners(target, 'keydown')).toHaveLength(0);
      expect(abortListeners(ctx)).toBe(before);
    });
  });

  describe('timers', () => {
    it('keep nothing registered on the context once they fired or were cleared', () => {
      const before = abortListeners(ctx);
      const ran = vi.fn();
      for (let round = 0; round < 20; round++) {
        ctx.setTimeout(ran, 10);
        ctx.requestAnimationFrame(ran);
        ctx.requestIdleCallback(ran);
        // A debounce: the page's code clears a timer before it fires, with the global function.
        clearTimeout(ctx.setTimeout(ran, 1000));
        cancelAnimationFrame(ctx.requestAnimationFrame(ran));
        cancelIdleCallback(ctx.requestIdleCallback(ran));
        clearInterval(ctx.setInterval(ran, 1000));
      }
      vi.advanceTimersByTime(2000);
      expect(ran).toHaveBeenCalledTimes(60);
      expect(abortListeners(ctx)).toBe(before);
    });

    it('never call back once the context ended', () => {
      const ran = vi.fn();
      ctx.setTimeout(ran, 10);
      ctx.setInterval(ran, 10);
      ctx.requestAnimationFrame(ran);
      ctx.requestIdleCallback(ran);
      ctx.abort();
      vi.advanceTimersByTime(1000);
      expect(ran).not.toHaveBeenCalled();
    });

    it('end with the context when the extension goes away', () => {
      const ran = vi.fn();
      ctx.setInterval(ran, 100);
      vi.advanceTimersByTime(100);
      expect(ran).toHaveBeenCalledTimes(1);
      // An update or reload takes the old script's runtime.id away.
      vi.spyOn(fakeBrowser.runtime, 'id', 'get').mockReturnValue(undefined as never);
      vi.advanceTimersByTime(5000);
      expect(ran).toHaveBeenCalledTimes(1);
      expect(ctx.isValid).toBe(false);
    });
  });
});
