import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { createShadowRootUi, type ShadowRootContentScriptUi } from 'wxt/utils/content-script-ui/shadow-root';
import { watchClicks, type ClickCheck } from '@/utils/page/click-check';
import type { Placement } from '@/utils/page/placement';
import './try-on-button.css';

export interface TryOnButton {
  /** Mounts the button at a placement (moves it when already mounted). */
  place(placement: Placement): void;
  remove(): void;
  focus(): void;
  setExpanded(expanded: boolean): void;
  /** Shows a short problem note beside the button for a few seconds (and tells screen readers). */
  showProblem(sentence: string): void;
  /** The element on the page that holds the shadow root, while mounted. */
  readonly host: HTMLElement | null;
}

export interface TryOnButtonOptions {
  label: string;
  /** Called only for the user's own clicks on the button as drawn (utils/page/click-check.ts). */
  onActivate(): void;
  /** Called for the user's own click on a button the page moved, covered or made see-through. */
  onRefused(): void;
}

const SVG = 'http://www.w3.org/2000/svg';

/** A coat hanger, drawn with DOM calls: nothing here is parsed from a string. */
function hangerIcon(doc: Document): SVGSVGElement {
  const svg = doc.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  const path = doc.createElementNS(SVG, 'path');
  path.setAttribute('d', 'M12 4a2.2 2.2 0 0 0-1 4.2V9.6L2.6 16.1A1.4 1.4 0 0 0 3.5 18.6h17a1.4 1.4 0 0 0 .9-2.5L13 9.6');
  svg.append(path);
  return svg;
}

const PROBLEM_MS = 6000;

function buildButton(doc: Document, { label, onActivate, onRefused }: TryOnButtonOptions, check: () => ClickCheck | undefined): HTMLButtonElement {
  const button = doc.createElement('button');
  button.type = 'button';
  button.className = 'try-on';
  button.setAttribute('aria-haspopup', 'dialog');
  button.setAttribute('aria-expanded', 'false');
  const text = doc.createElement('span');
  text.textContent = label;
  button.append(hangerIcon(doc), text);
  button.addEventListener('click', (event) => {
    // Page scripts can call click() or dispatch events on our button; only a real user's click counts.
    if (!event.isTrusted) return;
    event.preventDefault();
    event.stopPropagation();
    if (check()?.counts(event)) onActivate();
    else onRefused();
  });
  return button;
}

/**
 * The "Try on" button in its own closed shadow root: page scripts and CSS cannot reach inside, and
 * the host resets itself with `all: initial` at the top z-index. Where it goes is decided by
 * utils/page/placement; a click counts only on the button as placed (utils/page/click-check.ts).
 */
export async function createTryOnButton(ctx: ContentScriptContext, options: TryOnButtonOptions): Promise<TryOnButton> {
  let check: ClickCheck | undefined;
  const button = buildButton(document, options, () => check);
  const note = document.createElement('span');
  note.className = 'try-on-note';
  note.setAttribute('role', 'status');
  let noteTimer: number | undefined;
  let placement: Placement | null = null;
  let mounted = false;

  const ui: ShadowRootContentScriptUi<void> = await createShadowRootUi(ctx, {
    name: 'shop-try-on-button',
    mode: 'closed',
    position: 'inline',
    // Keys typed on our button must not trigger the store's own keyboard shortcuts.
    isolateEvents: true,
    anchor: () => (placement?.kind === 'anchored' ? placement.anchor : document.body),
    append: (anchor, host) => {
      if (placement?.kind === 'anchored') anchor.after(host);
      else document.body.append(host);
    },
    onMount: (container, _shadow, host) => {
      host.dataset.placement = placement?.kind === 'anchored' ? placement.near : 'floating';
      if (placement?.kind === 'floating') host.dataset.corner = placement.corner;
      else delete host.dataset.corner;
      container.append(button, note);
    },
  });

  const host = ui.shadowHost as HTMLElement;
  const inPlace = () =>
    placement?.kind === 'anchored' ? host.parentNode === placement.anchor.parentNode : placement?.kind === 'floating' && host.parentNode === document.body;
  check = watchClicks(host, button, inPlace);
  ctx.onInvalidated(() => check?.disconnect());

  return {
    place(next) {
      placement = next;
      ui.mount();
      mounted = true;
    },
    remove() {
      if (!mounted) return;
      mounted = false;
      ui.remove();
    },
    focus: () => button.focus(),
    setExpanded(expanded) {
      button.setAttribute('aria-expanded', String(expanded));
      // Hidden while its panel is open: drawn over the panel's frame, it would make the browser report
      // the whole panel covered, and the panel's action gate would count no click.
      host.toggleAttribute('data-expanded', expanded);
    },
    showProblem(sentence) {
      note.textContent = sentence;
      clearTimeout(noteTimer);
      noteTimer = ctx.setTimeout(() => {
        note.textContent = '';
      }, PROBLEM_MS);
    },
    get host() {
      return mounted && ui.shadowHost.isConnected ? ui.shadowHost : null;
    },
  };
}
