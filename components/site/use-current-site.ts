import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import type { TargetTab } from '@/components/site/current-tab';
import type { SiteRule } from '@/utils/detect';
import { sendTabMessage } from '@/utils/messaging';
import type { Product } from '@/utils/product';

export type Detection =
  | { kind: 'loading' }
  /** No store tab, or our content script does not run there (browser pages, web stores, old tabs). */
  | { kind: 'unavailable' }
  | { kind: 'found'; product: Product | null; host?: string };

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

/** The store tab the popup talks about, and what the content script there detected. */
export function useCurrentSite(): { tab: TargetTab | null | undefined; detection: Detection } {
  const [tab, setTab] = useState<TargetTab | null | undefined>(undefined);
  const [detection, setDetection] = useState<Detection>({ kind: 'loading' });
  useEffect(() => {
    let alive = true;
    (async () => {
      const target = await findTargetTab();
      if (!alive) return;
      setTab(target);
      if (!target) return setDetection({ kind: 'unavailable' });
      try {
        const reply = await sendTabMessage(target.id, 'detection.get', {});
        if (alive) setDetection({ kind: 'found', product: reply.product, host: reply.host });
      } catch {
        // tabs.sendMessage fails when no content script listens there: nothing to read, not an error.
        if (alive) setDetection({ kind: 'unavailable' });
      }
    })();
    return () => {
      alive = false;
    };
  }, []);
  return { tab, detection };
}

/** What detection finds on that tab's page with this one site rule (a rule being edited, not saved). */
export async function previewRule(tabId: number, rule: SiteRule): Promise<Product | null> {
  return (await sendTabMessage(tabId, 'detection.preview', { rule })).product;
}
