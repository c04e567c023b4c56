import { browser } from 'wxt/browser';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { createIframeUi } from 'wxt/utils/content-script-ui/iframe';

export interface PanelFrame {
  close(): void;
  /** False once closed, and as soon as the page took the frame out of the document. */
  readonly isOpen: boolean;
}

export interface PanelFrameOptions {
  sessionId: string;
  /** Called after the panel closed (by Esc, its close button through the extension, or the page taking its frame away). */
  onClosed(): void;
}

const FRAME_STYLE = `
:host { all: initial !important; position: fixed !important; inset: 0 !important; z-index: 2147483647 !important;
  display: block !important; visibility: visible !important; opacity: 1 !important; }
div { all: initial; }
iframe { all: initial; position: fixed; inset: 0; width: 100%; height: 100%; border: 0; margin: 0; padding: 0;
  /* Same scheme as the panel page, so Chrome keeps the frame transparent over any page. */
  color-scheme: normal; background: transparent; }`;

/**
 * The panel, an extension page in an iframe over the store page: the page can see that a frame
 * exists, never what is in it (photo, result). The frame sits in a closed shadow root so page CSS
 * cannot hide, resize or restyle it. While it is open, focus that wanders onto the page is sent back.
 */
export function openPanelFrame(ctx: ContentScriptContext, { sessionId, onClosed }: PanelFrameOptions): PanelFrame {
  const host = document.createElement('shop-try-on-panel');
  const shadow = host.attachShadow({ mode: 'closed' });
  const style = document.createElement('style');
  style.textContent = FRAME_STYLE;
  shadow.append(style);
  let open = true;
  /** Ends what this panel registered: its listeners, and its frame with them. */
  const listeners = new AbortController();
  // createIframeUi takes the frame away when the context it is given ends, and stays registered on
  // that context until then: given `ctx`, every panel ever opened would be kept, frame and all, until
  // the page unloads. It gets this panel's own lifetime instead (onInvalidated is all it uses).
  const lifetime = AbortSignal.any([ctx.signal, listeners.signal]);
  const panelScope: Pick<ContentScriptContext, 'onInvalidated'> = {
    onInvalidated(cb) {
      lifetime.addEventListener('abort', cb, { once: true });
      return () => lifetime.removeEventListener('abort', cb);
    },
  };

  const ui = createIframeUi(panelScope as ContentScriptContext, {
    page: `/panel.html#${encodeURIComponent(sessionId)}` as '/panel.html',
    position: 'inline',
    anchor: () => document.body ?? document.documentElement,
    append: (anchor, wrapper) => {
      shadow.append(wrapper);
      anchor.append(host);
    },
    // Before the frame is in the document, where it starts loading: a policy set later applies
    // only to the next load. The result's Share button needs the share sheet or the clipboard.
    // `*`, not the default (the src's origin): Chrome's per-session URL of the page is not the
    // origin the panel runs in, so the default would allow nothing.
    onBeforeMount: (_wrapper, iframe) => {
      iframe.allow = 'clipboard-write *; web-share *';
    },
    onMount: (_wrapper, iframe) => {
      iframe.title = browser.i18n.getMessage('panel_frame_title') || 'Try on';
      iframe.tabIndex = 0;
    },
    onRemove: () => host.remove(),
  });

  const close = () => {
    if (!open) return;
    open = false;
    listeners.abort();
    ui.remove();
    onClosed();
  };

  const signal = listeners.signal;
  // Focus trap at the page level: the panel traps Tab inside itself; this catches focus that reaches
  // the page some other way (e.g. a page script or a click outside the frame).
  ctx.addEventListener(document, 'focusin', (event) => {
    if (event.target !== host) ui.iframe.focus();
  }, { capture: true, signal });
  ctx.addEventListener(
    document,
    'keydown',
    (event) => {
      if (event.key === 'Escape' && event.isTrusted) close();
    },
    { capture: true, signal },
  );

  ui.mount();
  ui.iframe.focus();

  // A page that re-renders its body (or removes the frame on purpose) takes the panel with it: that
  // closes it, so the button comes back and opens a new one. Only the frame's ancestors are watched,
  // childList only, and again wherever the page moved it.
  const removal = new MutationObserver(() => {
    if (!host.isConnected) close();
    else watchAncestors();
  });
  const watchAncestors = () => {
    removal.disconnect();
    for (let node = host.parentNode; node; node = node.parentNode) removal.observe(node, { childList: true });
  };
  watchAncestors();
  lifetime.addEventListener('abort', () => removal.disconnect(), { once: true });

  return {
    close,
    get isOpen() {
      return open && host.isConnected;
    },
  };
}
