import type { Page, Worker } from 'playwright-core';

/**
 * Positive signals to wait on instead of fixed sleeps. Each is read through the extension (its
 * service worker asks the content script), never through the page: a page cannot see or fake them.
 */

export interface ContentScriptReport {
  /** The product the content script found, or null (the probe alone always says null). */
  product: { sku: string; ids: string[] } | null;
  /** Nothing it scheduled is still to run: what the page shows now is its final say. */
  settled: boolean;
}

/** What the content script in the tab showing `page` reports right now. */
export async function contentScriptReport(worker: Worker, page: Page): Promise<ContentScriptReport> {
  const url = new URL(page.url());
  // Match patterns take no query or fragment: match the path and pick the tab by its full address.
  const pattern = `${url.origin}${url.pathname}*`;
  return worker.evaluate(
    async ({ pattern, href }) => {
      const tabs = (await chrome.tabs.query({ url: pattern })).filter((tab) => tab.url === href);
      if (tabs.length !== 1) throw new Error(`Expected one tab at ${href}, found ${tabs.length}.`);
      const reply = await chrome.tabs.sendMessage(tabs[0]!.id!, { channel: 'shop-try-on', type: 'detection.get', data: {} });
      if (!reply?.ok) throw new Error(`The content script did not answer: ${JSON.stringify(reply)}`);
      return { product: reply.data.product, settled: reply.data.settled === true };
    },
    { pattern, href: url.href },
  );
}

/**
 * Waits until the content script in the page's tab has nothing left to do (its looks again after
 * load or navigation, its rendering, a panel it is opening) and returns its final report.
 */
export async function waitForContentScriptSettled(worker: Worker, page: Page, timeout = 15_000): Promise<ContentScriptReport> {
  const deadline = Date.now() + timeout;
  let last: unknown = 'no answer';
  for (;;) {
    try {
      const report = await contentScriptReport(worker, page);
      if (report.settled) return report;
      last = report;
    } catch (error) {
      // Right after a navigation the tab may not answer yet.
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`The content script did not settle: ${last instanceof Error ? last.message : JSON.stringify(last)}`);
    await new Promise((done) => setTimeout(done, 100));
  }
}
