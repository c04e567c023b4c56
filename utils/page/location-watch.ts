import type { ContentScriptContext } from 'wxt/utils/content-script-context';

/** Where the Navigation API is missing: how often the address is compared. */
const POLL_MS = 1000;

interface NavigationLike extends EventTarget {
  currentEntry: unknown;
}

/**
 * Calls `onChange` after an SPA navigation (pushState, replaceState, back/forward) changed the
 * address. Watched from the content script's own world, with nothing dispatched into the page and no
 * change to the page's `history`: the Navigation API's `currententrychange` where the browser has it,
 * else a comparison on `popstate`, after clicks and every second. Ends with `ctx`.
 */
export function watchLocation(ctx: ContentScriptContext, onChange: () => void): void {
  let last = location.href;
  const check = () => {
    if (location.href === last) return;
    last = location.href;
    onChange();
  };
  const navigation = (globalThis as { navigation?: NavigationLike }).navigation;
  if (navigation && typeof navigation.addEventListener === 'function') {
    navigation.addEventListener('currententrychange', check, { signal: ctx.signal });
    return;
  }
  window.addEventListener('popstate', check, { signal: ctx.signal });
  document.addEventListener('click', () => ctx.setTimeout(check, 0), { capture: true, signal: ctx.signal });
  ctx.setInterval(check, POLL_MS);
}
