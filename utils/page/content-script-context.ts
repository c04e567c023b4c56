import { browser } from 'wxt/browser';

/** How often a script checks that its extension is still there (an update or reload ends it). */
const ALIVE_CHECK_MS = 2000;

type Listener = (event: never) => void;

/**
 * Stands in for WXT's `ContentScriptContext` (wxt.config.ts points WXT's import here), with the same
 * API. WXT's own announces each start with an event on the page's document, named after the
 * extension's id (any site could tell who has the extension installed), and stops on such an event,
 * which a page can forge. This one talks to nothing the page can see: it ends only when the extension
 * goes away (update, reload, uninstall) or its owner aborts it. SPA navigation is watched by
 * utils/page/location-watch.ts.
 */
export class ContentScriptContext {
  readonly abortController = new AbortController();

  constructor(
    readonly contentScriptName: string,
    readonly options?: { cssInjectionMode?: string },
  ) {
    const timer = setInterval(() => this.isInvalid, ALIVE_CHECK_MS);
    this.onInvalidated(() => clearInterval(timer));
  }

  get signal(): AbortSignal {
    return this.abortController.signal;
  }

  abort(reason?: unknown): void {
    this.abortController.abort(reason);
  }

  /** After an update or reload the old script's `runtime.id` is gone: that ends this context. */
  get isInvalid(): boolean {
    if (!this.signal.aborted && browser.runtime?.id == null) this.notifyInvalidated();
    return this.signal.aborted;
  }

  get isValid(): boolean {
    return !this.isInvalid;
  }

  /** Calls `cb` when the context ends; returns the function that stops listening. */
  onInvalidated(cb: () => void): () => void {
    this.signal.addEventListener('abort', cb);
    return () => this.signal.removeEventListener('abort', cb);
  }

  /** A promise that never settles: for async work that must not go on after the context ended. */
  block<T>(): Promise<T> {
    return new Promise(() => {});
  }

  // The timers register nothing on the context: each checks when it fires that the context is still
  // valid. A remover per timer would stay on the context's signal for every timer the caller clears
  // with the global functions (a debounce does that each time), one more for each, until the page unloads.

  setInterval(handler: () => void, timeout?: number): number {
    const id = setInterval(() => {
      if (this.isValid) handler();
      else clearInterval(id);
    }, timeout) as unknown as number;
    return id;
  }

  setTimeout(handler: () => void, timeout?: number): number {
    return setTimeout(() => {
      if (this.isValid) handler();
    }, timeout) as unknown as number;
  }

  requestAnimationFrame(callback: FrameRequestCallback): number {
    return requestAnimationFrame((time) => {
      if (this.isValid) callback(time);
    });
  }

  requestIdleCallback(callback: IdleRequestCallback, options?: IdleRequestOptions): number {
    return requestIdleCallback((deadline) => {
      if (!this.signal.aborted) callback(deadline);
    }, options);
  }

  /** A listener that goes away with the context, or earlier with the caller's own `signal`. */
  addEventListener(target: EventTarget, type: string, handler: Listener, options?: AddEventListenerOptions): void {
    const signal = options?.signal ? AbortSignal.any([options.signal, this.signal]) : this.signal;
    target.addEventListener(type, handler as EventListener, { ...options, signal });
  }

  notifyInvalidated(): void {
    this.abort('Content script context invalidated');
  }
}
