/**
 * Whether a click on the Try on button is one the shopper made on the button as the extension drew
 * it. A page cannot reach into the button's closed shadow root, but it can restyle, move or cover the
 * element that holds it: stretch it invisibly over the page, fade it out, or lay a decoy over it with
 * `pointer-events: none`. Any of these makes the button inert (the click is refused), not a trap.
 */

/** Where IntersectionObserver v2 exists (Chromium), the browser's own judgement of "visible". */
const supportsVisibility = typeof IntersectionObserverEntry !== 'undefined' && 'isVisible' in IntersectionObserverEntry.prototype;
/** The shortest interval IntersectionObserver v2 allows between visibility reports. */
const VISIBILITY_DELAY_MS = 100;

/** The element's own box, as laid out and as shown, may differ by rounding only. */
const SIZE_SLACK_PX = 1;

export interface ClickCheck {
  /** True when this trusted click should count. */
  counts(event: MouseEvent): boolean;
  disconnect(): void;
}

/** The element's parent across shadow boundaries (a page may put our host into its own shadow tree). */
function parentOf(node: Element): Element | null {
  if (node.parentElement) return node.parentElement;
  const root = node.parentNode;
  return root instanceof ShadowRoot ? root.host : null;
}

/** Nothing on the way up makes the element see-through or alters how it is painted. */
function paintedAsIs(host: Element): boolean {
  for (let node: Element | null = host; node; node = parentOf(node)) {
    const style = getComputedStyle(node);
    if (Number(style.opacity) < 1 || (style.filter && style.filter !== 'none') || (style.mixBlendMode && style.mixBlendMode !== 'normal')) return false;
  }
  return true;
}

/** Shown at its own laid-out size (no scaling from an ancestor's transform) and inside the viewport. */
function atOwnSize(host: HTMLElement): boolean {
  const box = host.getBoundingClientRect();
  if (Math.abs(box.width - host.offsetWidth) > SIZE_SLACK_PX || Math.abs(box.height - host.offsetHeight) > SIZE_SLACK_PX) return false;
  return box.width > 0 && box.height > 0 && box.right > 0 && box.bottom > 0 && box.left < innerWidth && box.top < innerHeight;
}

/** The point the shopper clicked hits our host first, inside its box. */
function onTopAt(host: HTMLElement, event: MouseEvent): boolean {
  // A click from the keyboard (Enter or Space on the focused button) has no point.
  if (event.detail === 0) return true;
  const box = host.getBoundingClientRect();
  const inside = event.clientX >= box.left && event.clientX <= box.right && event.clientY >= box.top && event.clientY <= box.bottom;
  return inside && document.elementFromPoint(event.clientX, event.clientY) === host;
}

/**
 * Watches `target` (the button inside the host) for the browser's visibility verdict and judges
 * clicks on it. `inPlace` says whether the host still sits where the extension put it.
 */
export function watchClicks(host: HTMLElement, target: Element, inPlace: () => boolean): ClickCheck {
  let visible = false;
  const observer = supportsVisibility
    ? new IntersectionObserver(
        (entries) => {
          const entry = entries[entries.length - 1] as IntersectionObserverEntry & { isVisible?: boolean };
          visible = entry.isVisible === true;
          // The verdict, readable inside the closed shadow root only (tests and DevTools wait on it).
          target.toggleAttribute('data-visible', visible);
        },
        { threshold: [0, 1], trackVisibility: true, delay: VISIBILITY_DELAY_MS } as IntersectionObserverInit,
      )
    : null;
  observer?.observe(target);

  return {
    counts(event) {
      if (!event.isTrusted || !host.isConnected || !inPlace()) return false;
      if (!host.checkVisibility({ opacityProperty: true, visibilityProperty: true })) return false;
      if (!paintedAsIs(host) || !atOwnSize(host) || !onTopAt(host, event)) return false;
      // Covered by something that lets clicks through (pointer-events: none): only v2 sees that.
      return observer ? visible : true;
    },
    disconnect: () => observer?.disconnect(),
  };
}
