import { detect } from './detect';
import type { SiteRule } from './site-rule';
import type { ProductDetection } from './types';

export type { ProductDetection, ProductId } from './types';
export type { SiteRule } from './site-rule';
export { matchRule } from './site-rule';
export { watchTargets } from './watch';

export interface LookOptions {
  /**
   * Read every source and the product gallery too: every candidate id and image, for the moment
   * the shopper asks for a try-on. Without it, detection stops once structured data has named the
   * product and its SKU, which keeps the look on every page load cheap.
   */
  complete?: boolean;
}

/**
 * Finds the product a store page is about and the best id to send to Aiuta as `sku_id`, with the
 * other candidates ranked after it. Returns null on pages that are not one product's page
 * (categories, search, articles, reviews, home pages, listings). A product page without a usable
 * id gives `sku: ''`.
 *
 * Pure: reads only `doc` and `url`; works with any DOM implementation; never throws.
 */
export function detectProduct(doc: Document, url: string, rules?: SiteRule[], options: LookOptions = {}): ProductDetection | null {
  try {
    return detect(doc, url, rules, { complete: options.complete === true });
  } catch {
    // A page that defeats every guard is not worth breaking the content script for.
    return null;
  }
}
