import type { ContentScriptContext } from 'wxt/utils/content-script-context';

/** A look on a hint comes this long after it, and no sooner after the last one. */
const HINTED_LOOK_GAP_MS = 1000;

export interface HintedLooks {
  /** Something may have changed: look a second from now, unless a look is due, none is left or none is wanted. */
  hint(): void;
  /** A new address: it gets its own looks. */
  reset(): void;
}

/**
 * Looks again on a hint, for an app that renders what a content script looks for long after its timed
 * looks (after a long fetch, or once scrolled to): the shopper scrolling, pressing or typing, the tab
 * shown again, and whatever the caller passes to `hint`. At most one look a second and `perAddress`
 * per address (`reset` on navigation), none while `wanted()` says no, at the hint or when the look is
 * due: a page that never shows anything pays that many looks, then nothing until it moves to another
 * address. The listeners are passive, in the capture phase, in the script's own world, and end with `ctx`.
 */
export function lookOnHints(ctx: ContentScriptContext, perAddress: number, wanted: () => boolean, look: () => void): HintedLooks {
  let left = perAddress;
  let due = false;
  const hint = () => {
    if (due || left <= 0 || !ctx.isValid || !wanted()) return;
    due = true;
    ctx.setTimeout(() => {
      due = false;
      if (!wanted()) return;
      left -= 1;
      look();
    }, HINTED_LOOK_GAP_MS);
  };
  const options = { capture: true, passive: true, signal: ctx.signal };
  for (const type of ['scroll', 'pointerdown', 'keydown'] as const) window.addEventListener(type, hint, options);
  document.addEventListener('visibilitychange', () => document.visibilityState === 'visible' && hint(), options);
  return { hint, reset: () => (left = perAddress) };
}
