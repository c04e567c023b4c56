import { browser } from 'wxt/browser';
import type { Product } from '@/utils/product';

/** The store tab the popup talks about. */
export interface TargetTab {
  id: number;
  url?: string;
}

/**
 * The tab the popup was opened over: the active tab of its window. `?tabId=` names one explicitly,
 * for when the popup page is opened in a tab of its own (keyboard shortcut pages, tests).
 */
export async function findTargetTab(search: string = location.search): Promise<TargetTab | null> {
  const requested = Number(new URLSearchParams(search).get('tabId'));
  if (Number.isInteger(requested) && requested > 0) {
    try {
      const tab = await browser.tabs.get(requested);
      return { id: requested, url: tab.url };
    } catch {
      return null;
    }
  }
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  if (tab?.id === undefined) return null;
  // The popup page itself, opened in a tab: there is no store page to talk about.
  if (tab.url?.startsWith(browser.runtime.getURL('/'))) return null;
  return { id: tab.id, url: tab.url };
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
