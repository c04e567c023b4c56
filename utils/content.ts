import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { serveInContent } from '@/utils/content-channel';
import { detectProduct } from '@/utils/detect';
import type { Product } from '@/utils/product';
import type { SiteRule } from '@/utils/detect/site-rule';

/** What the content script knows about the page it runs in. */
function detect(rules?: SiteRule[]): Product | null {
  const detection = detectProduct(document, location.href, rules);
  return detection ? { ...detection, pageUrl: location.href } : null;
}

/**
 * The content script: finds the product on the page and answers the popup's questions about it.
 * Runs again after SPA navigation; everything it registers ends with `ctx`.
 */
export function startContentScript(ctx: ContentScriptContext): void {
  let product = detect();
  ctx.onInvalidated(
    serveInContent({
      'detection.get': () => ({ product }),
      // Settings preview: what this page yields with the rule being edited (not saved yet).
      'detection.preview': ({ rule }) => ({ product: detect([rule]) }),
    }),
  );
  ctx.addEventListener(window, 'wxt:locationchange', () => {
    product = detect();
  });
}
