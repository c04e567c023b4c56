import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { serveInContent } from '@/utils/content-channel';
import { detectProduct } from '@/utils/detect';
import type { Product } from '@/utils/product';

/** What the content script knows about the page it runs in. */
function detect(): Product | null {
  const detection = detectProduct(document, location.href);
  return detection ? { ...detection, pageUrl: location.href } : null;
}

/**
 * The content script: finds the product on the page and answers the popup's questions about it.
 * Runs again after SPA navigation; everything it registers ends with `ctx`.
 */
export function startContentScript(ctx: ContentScriptContext): void {
  let product = detect();
  ctx.onInvalidated(serveInContent({ 'detection.get': () => ({ product }) }));
  ctx.addEventListener(window, 'wxt:locationchange', () => {
    product = detect();
  });
}
