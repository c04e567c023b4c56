import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dialog, Frame, Page } from 'playwright-core';
import { startSandbox, type Sandbox } from '../../server/sandbox/index';
import { launchExtension, type LoadedExtension } from './support/extension';
import { servePages, type PageServer } from './support/pages';
import { sandboxSettings, writeExtensionSettings } from './support/sandbox';
import { injectedMarkup, savePhotoWithConsent, startButton, tabIdOf, waitForOutcome } from './support/shopper';
import { clickArmed, inButtonShadow, openPanel, resultImage, tryOnButton } from './support/try-on';

/**
 * Product data comes from the store page, so a hostile or compromised store can put markup in it.
 * Whatever the page's structured data says, the panel and the popup show it as plain text: no
 * element is planted, no handler runs, no dialog opens.
 */

const SKU = 'LD-DENIM-JKT-M';
const NAME = `<img id="xss-planted" src=x onerror="alert('name')"><script>alert('name')</script>Jacket`;
const BRAND = `<svg id="xss-planted" onload="alert('brand')"></svg>"><b onmouseover=alert('brand')>Brand</b>`;
const MPN = `MPN-1"><img id=xss-planted src=x onerror=alert('mpn')>`;
const VARIANT = `Blue / M<img id="xss-planted" src=x onerror="alert('variant')">`;
const PLANTED = '#xss-planted, [src="x"]';

/** JSON-LD as a page serves it: valid JSON, with "</" escaped so the payload cannot end the script element. */
function productPage(imageUrl: string): string {
  const data = {
    '@context': 'https://schema.org',
    '@type': 'Product',
    name: NAME,
    brand: { '@type': 'Brand', name: BRAND },
    sku: SKU,
    mpn: MPN,
    color: `</p><iframe id="xss-planted" src="javascript:alert('color')"></iframe>`,
    image: imageUrl,
    offers: { '@type': 'Offer', price: '89.00', priceCurrency: 'EUR' },
  };
  const json = (value: unknown) => JSON.stringify(value).replaceAll('</', '<\\/');
  // The store's analytics say the same, with the variant the shopper picked.
  const dataLayer = { event: 'view_item', ecommerce: { items: [{ item_id: SKU, item_name: NAME, item_brand: BRAND, item_variant: VARIANT }] } };
  return `<!doctype html><html><head><title>Store</title><script type="application/ld+json">${json(data)}</script>
<script>window.dataLayer = window.dataLayer || []; window.dataLayer.push(${json(dataLayer)});</script></head>
<body><main><h1>A jacket</h1><p>Plain page text.</p></main></body></html>`;
}

describe('markup in product data from a store page', () => {
  let extension: LoadedExtension;
  let sandbox: Sandbox;
  let pages: PageServer;
  let page: Page;
  const served: Record<string, string> = {};
  const dialogs: string[] = [];
  const recordDialogs = (target: Page) =>
    target.on('dialog', (dialog: Dialog) => {
      dialogs.push(`${target.url()}: ${dialog.message()}`);
      void dialog.dismiss();
    });

  beforeAll(async () => {
    extension = await launchExtension();
    sandbox = await startSandbox({ generationMs: 500 });
    await writeExtensionSettings(extension.worker, sandboxSettings(sandbox));
    await savePhotoWithConsent(extension, sandbox);
    pages = await servePages(served);
    // The image URL is the page server's own (no request leaves the machine), with markup in its query.
    served['/product'] = productPage(`${pages.origin}/jacket.jpg?"><img id="xss-planted" src=x onerror=alert('image')>`);
    page = await extension.context.newPage();
    recordDialogs(page);
  });

  afterAll(async () => {
    await extension?.close();
    await sandbox?.close();
    await pages?.close();
  });

  it('leaves the store page itself untouched', async () => {
    await page.goto(`${pages.origin}/product`);
    await tryOnButton(page).waitFor();
    await expect(page.evaluate(injectedMarkup, { planted: PLANTED, ownScripts: true })).resolves.toEqual([]);
    await expect(inButtonShadow(page, injectedMarkup, { planted: PLANTED })).resolves.toEqual([]);
    await expect(page.title()).resolves.toBe('Store');
  });

  it('shows the name in the panel as text, before and after a try-on', async () => {
    await page.goto(`${pages.origin}/product`);
    const panel: Frame = await openPanel(page);
    await expect(panel.locator('.product__name').textContent()).resolves.toBe(NAME);
    await expect(panel.locator('.product__variant').textContent()).resolves.toBe(VARIANT);
    await expect(panel.getByText(`Product code: ${SKU}`).count()).resolves.toBe(1);
    // The image URL went through URL parsing: its markup is percent-encoded and it stays on the page's host.
    const image = await panel.locator('.product__image').getAttribute('src');
    expect(image).toMatch(new RegExp(`^${pages.origin}/jacket\\.jpg\\?`));
    expect(image).not.toMatch(/[<>"]/);
    await expect(panel.evaluate(injectedMarkup, { planted: PLANTED })).resolves.toEqual([]);

    await expect.poll(() => startButton(panel).isEnabled(), { timeout: 15_000 }).toBe(true);
    await clickArmed(startButton(panel));
    expect((await waitForOutcome(panel)).kind).toBe('result');
    await expect(resultImage(panel).getAttribute('alt')).resolves.toBe(`Try-on result: ${NAME}`);
    await expect(panel.evaluate(injectedMarkup, { planted: PLANTED })).resolves.toEqual([]);
    await expect(panel.evaluate(() => document.title)).resolves.toBe('Virtual try-on');
    expect(dialogs).toEqual([]);
  });

  it('shows the detected product and the history entry in the popup as text', async () => {
    // Its own try-on, so History holds this product's one result whatever ran before.
    await extension.worker.evaluate(() => chrome.storage.local.remove('history'));
    await page.goto(`${pages.origin}/product`);
    const panel = await openPanel(page);
    await expect.poll(() => startButton(panel).isEnabled(), { timeout: 15_000 }).toBe(true);
    await clickArmed(startButton(panel));
    expect((await waitForOutcome(panel)).kind).toBe('result');
    await page.goto(`${pages.origin}/product`);
    await tryOnButton(page).waitFor();
    const helper = await extension.openPage('options.html');
    const tabId = await tabIdOf(helper, SKU);
    await helper.close();

    const popup = await extension.openPage(`popup.html?tab=try-on&tabId=${tabId}`);
    recordDialogs(popup);
    await popup.getByTestId('detected-name').waitFor();
    await expect(popup.getByTestId('detected-name').textContent()).resolves.toBe(NAME);
    await expect(popup.getByTestId('detected-sku').textContent()).resolves.toBe(SKU);
    await expect(popup.evaluate(injectedMarkup, { planted: PLANTED })).resolves.toEqual([]);

    await popup.getByRole('tab', { name: 'History', exact: true }).click();
    const entry = popup.getByTestId('history-item').first();
    await entry.waitFor();
    await expect(entry.textContent()).resolves.toContain(NAME);
    await expect(popup.getByRole('img', { name: `Try-on result: ${NAME}`, exact: true }).count()).resolves.toBe(1);
    await expect(popup.evaluate(injectedMarkup, { planted: PLANTED })).resolves.toEqual([]);
    expect(dialogs).toEqual([]);
    await popup.close();
  });
});
