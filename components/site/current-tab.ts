import type { Product } from '@/utils/product';

/** The store tab the popup talks about. */
export interface TargetTab {
  id: number;
  url?: string;
}

/**
 * The store's host name: from the tab when the browser shows us its URL (it does not without the
 * "tabs" permission), else as the content script reported it.
 */
export function storeHost(tab: TargetTab | null, reportedHost: string | undefined, product: Product | null | undefined): string | undefined {
  for (const candidate of [tab?.url, product?.pageUrl]) {
    if (!candidate) continue;
    try {
      const url = new URL(candidate);
      if (url.protocol === 'http:' || url.protocol === 'https:') return url.hostname;
    } catch {
      // Not a URL: try the next source.
    }
  }
  return reportedHost || undefined;
}

/** Which part of the page the chosen SKU came from ('json-ld', 'rule', ...). */
export function skuSource(product: Product): string | undefined {
  return product.ids.find((id) => id.value === product.sku)?.source;
}
