import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchExtension, type LoadedExtension } from './support/extension';
import { serveApp, type PageServer } from './support/pages';
import { liveObjects, longLivedListeners, worldsOf } from './support/page-worlds';
import { waitForContentScriptSettled } from './support/signals';
import { clickTryOn, closePanel, inButtonShadow, openPanel, panelFrame, reportPanelOnFailure, tryOnButton, waitForPanelClosed } from './support/try-on';

/**
 * The panel belongs to the page it was opened on: it closes when the page takes its frame away or
 * moves to another address, and each panel, once closed, leaves nothing registered in the page.
 */

const PRODUCTS = [
  { sku: 'FRAME-SKU-1', name: 'Frame Shirt' },
  { sku: 'FRAME-SKU-2', name: 'Frame Trousers' },
];

/** A single-page store: `go(path)` moves to another product with pushState, Back returns. */
const app = `<!doctype html><html><head><title>SPA store</title>
<script type="application/ld+json" id="product-data"></script></head>
<body><main id="app"></main>
<script>
const products = ${JSON.stringify(PRODUCTS)};
function render(path) {
  const product = products[Number(/\\/products\\/(\\d+)/.exec(path)?.[1] ?? 0)];
  document.getElementById('product-data').textContent = JSON.stringify({ '@context': 'https://schema.org', '@type': 'Product',
    name: product.name, sku: product.sku, offers: { '@type': 'Offer', price: '19.00', priceCurrency: 'EUR' } });
  const title = document.createElement('h1');
  title.textContent = product.name;
  document.getElementById('app').replaceChildren(title);
}
window.go = (path) => { history.pushState({}, '', path); render(path); };
addEventListener('popstate', () => render(location.pathname));
render(location.pathname);
</script></body></html>`;

const go = (page: Page, path: string) => page.evaluate((to) => (window as unknown as { go(path: string): void }).go(to), path);
const panelHosts = (page: Page) => page.evaluate(() => document.querySelectorAll('shop-try-on-panel').length);
const productCode = async (page: Page) => {
  const panel = await openPanel(page);
  return panel.getByText(/Product code: /).textContent();
};

describe('the panel frame', () => {
  let extension: LoadedExtension;
  let server: PageServer;
  let origin: string;
  let page: Page;

  beforeAll(async () => {
    server = await serveApp(app);
    origin = server.origin;
    extension = await launchExtension();
  });

  afterAll(async () => {
    await extension?.close();
    await server?.close();
  });

  beforeEach(async () => {
    page = await extension.context.newPage();
    await page.goto(`${origin}/shop/products/0`);
    await tryOnButton(page).waitFor();
    reportPanelOnFailure(() => page);
  });

  afterEach(async () => {
    await page.close();
  });

  it('closes when a page script takes its frame away, and Try on opens a new one', async () => {
    await openPanel(page);
    await page.evaluate(() => document.querySelector('shop-try-on-panel')!.remove());
    await waitForPanelClosed(page);

    // The button comes back (it hides while its panel is open) and opens a panel again.
    await expect(productCode(page)).resolves.toBe('Product code: FRAME-SKU-1');
    expect(await panelHosts(page)).toBe(1);
  });

  it('closes when the page moves to another address, by pushState or Back', async () => {
    await openPanel(page);
    await go(page, '/shop/products/1');
    await waitForPanelClosed(page);
    expect(await panelHosts(page)).toBe(0);

    await expect(productCode(page)).resolves.toBe('Product code: FRAME-SKU-2');
    await page.goBack();
    expect(new URL(page.url()).pathname).toBe('/shop/products/0');
    await waitForPanelClosed(page);
    expect(await panelHosts(page)).toBe(0);
    await expect(productCode(page)).resolves.toBe('Product code: FRAME-SKU-1');
  });

  it('does not open over the next page when the address changes while it is being opened', async () => {
    const sessions = () =>
      extension.worker.evaluate(async () => ((await chrome.storage.session.get('panelSessions')).panelSessions as unknown[] | undefined)?.length ?? 0);
    const before = await sessions();
    // The store moves on right after the shopper's click (its own click handler, a task later):
    // the content script is still waiting for the background's answer to "open a panel".
    await page.evaluate(() =>
      document.addEventListener('click', () => setTimeout(() => (window as unknown as { go(path: string): void }).go('/shop/products/1')), { capture: true, once: true }),
    );
    await clickTryOn(page);
    await page.getByRole('heading', { name: 'Frame Trousers' }).waitFor();
    // Settled: the answer came back (a panel being opened counts as unsettled) and the looks after the navigation ran.
    await expect(waitForContentScriptSettled(extension.worker, page)).resolves.toMatchObject({ product: { sku: 'FRAME-SKU-2' } });
    // The click counted (the background kept a session for it), yet no panel opened for the page left behind.
    expect(await sessions()).toBe(before + 1);
    expect(panelFrame(page)).toBeUndefined();
    expect(await panelHosts(page)).toBe(0);
    expect(await inButtonShadow(page, (_arg, root) => root.querySelector('button')!.getAttribute('aria-expanded'))).toBe('false');
    expect(await tryOnButton(page).getAttribute('data-expanded')).toBeNull();

    // Try on on the new page opens its own product's panel.
    await expect(productCode(page)).resolves.toBe('Product code: FRAME-SKU-2');
  });

  it('does not open when the shopper switches the site off while it is being opened', async () => {
    // The background's answer to "open a panel" is held back (its write of the panel's session waits
    // in the worker) until the site is off: the order the shopper can cause with a slow worker.
    await extension.worker.evaluate(() => {
      const area = chrome.storage.session;
      const original = area.set;
      const set = original.bind(area) as (...args: unknown[]) => unknown;
      let release!: () => void;
      const gate = new Promise<void>((done) => (release = done));
      Object.assign(globalThis, { releasePanelWrite: release, restoreSessionSet: () => (area.set = original), panelWriteHeld: false });
      area.set = ((items: Record<string, unknown>, ...rest: unknown[]) => {
        if (!('panelSessions' in items)) return set(items, ...rest);
        Object.assign(globalThis, { panelWriteHeld: true });
        return gate.then(() => set(items, ...rest));
      }) as typeof area.set;
    });
    // Settings as stored (none: every field its default), to put back afterwards.
    const stored = await extension.worker.evaluate(() => chrome.storage.local.get(['settings', 'settings$']));
    const switchOff = (host: string) =>
      extension.worker.evaluate((off) => chrome.storage.local.set({ settings: { ...(off.settings ?? {}), disabledSites: [off.host] }, 'settings$': { v: 2 } }), { settings: stored.settings as object | undefined, host });
    const putBack = () =>
      extension.worker.evaluate(async (before) => {
        await chrome.storage.local.remove(['settings', 'settings$']);
        await chrome.storage.local.set(before);
      }, stored);
    try {
      await clickTryOn(page);
      await expect.poll(() => extension.worker.evaluate(() => (globalThis as unknown as { panelWriteHeld: boolean }).panelWriteHeld)).toBe(true);
      // The popup's "This page" switch: the page hears that the settings changed and takes its button away.
      await switchOff(new URL(origin).hostname);
      await expect.poll(() => tryOnButton(page).count(), { timeout: 5_000 }).toBe(0);
      await extension.worker.evaluate(() => (globalThis as unknown as { releasePanelWrite(): void }).releasePanelWrite());
      // Settled: the answer came back (a panel being opened counts as unsettled).
      await expect(waitForContentScriptSettled(extension.worker, page)).resolves.toMatchObject({ product: { sku: 'FRAME-SKU-1' } });
      expect(panelFrame(page)).toBeUndefined();
      expect(await panelHosts(page)).toBe(0);
    } finally {
      await extension.worker.evaluate(() => (globalThis as unknown as { restoreSessionSet(): void }).restoreSessionSet());
      await putBack();
    }
    // Switched on again, the button comes back, not expanded, and opens the panel.
    await tryOnButton(page).waitFor();
    expect(await inButtonShadow(page, (_arg, root) => root.querySelector('button')!.getAttribute('aria-expanded'))).toBe('false');
    await expect(productCode(page)).resolves.toBe('Product code: FRAME-SKU-1');
  });

  it('leaves no listener and no frame behind once closed, however often it opens', async () => {
    const cdp = await extension.context.newCDPSession(page);
    const worlds = await worldsOf(cdp);
    expect(worlds.map((world) => world.name).sort()).toEqual(['content script', 'page']);
    const contentScript = worlds.find((world) => world.name === 'content script')!;
    const leftBehind = async () => ({
      listeners: await longLivedListeners(cdp, [contentScript]),
      // Frames the content script still holds (after a garbage collection: only ones still in use).
      frames: await liveObjects(cdp, contentScript, 'HTMLIFrameElement.prototype'),
    });

    // Once first: whatever the first panel sets up for good is not a leak.
    await openPanel(page);
    await closePanel(page);
    const warm = await leftBehind();
    for (let round = 0; round < 4; round++) {
      await openPanel(page);
      expect(panelFrame(page)).toBeDefined();
      await closePanel(page);
    }
    const after = await leftBehind();
    console.info(`after 1 panel: ${JSON.stringify(warm)}; after 5: ${JSON.stringify(after)}`);
    expect(after).toEqual(warm);
    await cdp.detach();
  });
});
