import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Frame, Page } from 'playwright-core';
import { CATALOG_CHECK_PRODUCTS, type Sandbox } from '../../server/sandbox/index';
import { launchExtension, type LoadedExtension } from './support/extension';
import { servePages, type PageServer } from './support/pages';
import { sandboxSettings, shopperPhoto, startSandboxForExtension, writeExtensionSettings } from './support/sandbox';
import { acceptedCreates, lastSeq } from './support/shopper';
import { waitForContentScriptSettled } from './support/signals';
import { buttonHasFocus, checkArmed, clickArmed, closePanel, inButtonShadow, openPanel, panelFrame, reportPanelOnFailure, resultImage, screenshot, tryOnButton, waitForPanel, waitForPanelClosed } from './support/try-on';

/** A product page that names its product but gives no id the extension can use. */
const noSkuPage = `<!doctype html><html><head><title>Mystery Scarf</title>
<meta property="og:type" content="product"><meta property="og:title" content="Mystery Scarf">
<script type="application/ld+json">{"@context":"https://schema.org","@type":"Product","name":"Mystery Scarf",
"offers":{"@type":"Offer","price":"19.00","priceCurrency":"EUR"}}</script></head>
<body><main><h1>Mystery Scarf</h1><p>A soft scarf.</p><button type="button">Add to cart</button></main></body></html>`;

/** Another product page without a usable id, for a try-on of its own. */
const noSkuHatPage = noSkuPage.replaceAll('Mystery Scarf', 'Mystery Hat').replace('A soft scarf.', 'A warm hat.');

/** A store whose CSS is hostile to anything it did not make (short of hiding its own page). */
const hostileCss = `
  button, shop-try-on-button { display: none !important; visibility: hidden !important; }
  * { font-size: 2px !important; color: transparent !important; letter-spacing: 30px !important; }
  span, svg { display: none !important; }
  body > * { position: static !important; z-index: 0 !important; }`;

describe('the Try on button on store pages', () => {
  let extension: LoadedExtension;
  let sandbox: Sandbox;
  let pages: PageServer;
  let page: Page;

  /** What the content script in the page's tab reports (proves it ran, whatever it found). */
  async function detected(url: string): Promise<unknown> {
    return extension.worker.evaluate(async (pattern) => {
      const [tab] = await chrome.tabs.query({ url: pattern });
      const reply = await chrome.tabs.sendMessage(tab!.id!, { channel: 'shop-try-on', type: 'detection.get', data: {} });
      return reply.data.product;
    }, url);
  }

  async function panelSessions(): Promise<unknown[]> {
    const stored = await extension.worker.evaluate(() => chrome.storage.session.get('panelSessions'));
    return (stored.panelSessions as unknown[] | undefined) ?? [];
  }

  beforeAll(async () => {
    extension = await launchExtension();
    extension.context.setDefaultTimeout(20_000);
    sandbox = await startSandboxForExtension(extension.worker, { generationMs: 800 });
    pages = await servePages({ '/products/mystery-scarf': noSkuPage, '/products/mystery-hat': noSkuHatPage });
    page = await extension.context.newPage();
    await page.setViewportSize({ width: 1280, height: 860 });
    // The shopper agreed and saved a photo earlier (through the panel, as a shopper would).
    await page.goto(`${sandbox.storeUrl}/jsonld/classic-denim-jacket`);
    const panel = await openPanel(page);
    await checkArmed(panel.getByRole('checkbox', { name: /I agree/ }));
    await panel.getByLabel('Your photo').setInputFiles(await shopperPhoto(sandbox));
    await panel.getByRole('radio', { name: 'My photo', checked: true }).waitFor({ state: 'attached' });
    await panel.getByRole('button', { name: 'Close' }).click();
    await waitForPanelClosed(page);
  });

  afterAll(async () => {
    await extension?.close();
    await sandbox?.close();
    await pages?.close();
  });

  beforeEach(() => {
    reportPanelOnFailure(() => page);
  });

  it.each([
    ['the category page', '/category/all'],
    ['the article', '/blog/what-to-wear-this-spring'],
  ])('shows no button on %s', async (_name, path) => {
    await page.goto(`${sandbox.storeUrl}${path}`);
    // The content script looks again a few times after load (client-rendered pages): its last word counts.
    await expect(waitForContentScriptSettled(extension.worker, page)).resolves.toMatchObject({ product: null });
    await expect(tryOnButton(page).count()).resolves.toBe(0);
    await expect(page.locator('shop-try-on-button').count()).resolves.toBe(0);
  });

  it('moves the button to the new product after SPA navigation and removes it on the listing', async () => {
    await page.goto(`${sandbox.storeUrl}/spa/products/yellow-rain-jacket`);
    await tryOnButton(page).waitFor();
    await page.getByRole('navigation').getByRole('link', { name: 'Pleated Midi Skirt' }).click();
    await page.getByRole('heading', { name: 'Pleated Midi Skirt' }).waitFor();
    await expect.poll(() => detected(`${sandbox.storeUrl}/spa/*`), { timeout: 10_000 }).toMatchObject({ sku: 'SPA-PLEAT-SKIRT-ROSE' });
    await expect(tryOnButton(page).count()).resolves.toBe(1);
    const panel = await openPanel(page);
    await expect(panel.getByText(/Product code: /).textContent()).resolves.toBe('Product code: SPA-PLEAT-SKIRT-ROSE');
    await panel.getByRole('button', { name: 'Close' }).click();
    await waitForPanelClosed(page);

    await page.getByRole('navigation').getByRole('link', { name: 'All Fjordline' }).click();
    await page.getByRole('heading', { name: 'All Fjordline' }).waitFor();
    await expect.poll(() => tryOnButton(page).count(), { timeout: 10_000 }).toBe(0);
  });

  it('shows the button when an SPA that opened on its listing navigates to a product', async () => {
    await page.goto(`${sandbox.storeUrl}/spa/`);
    await page.getByRole('heading', { name: 'All Fjordline' }).waitFor();
    await expect(waitForContentScriptSettled(extension.worker, page)).resolves.toMatchObject({ product: null });
    await expect(tryOnButton(page).count()).resolves.toBe(0);
    await page.getByRole('navigation').getByRole('link', { name: 'Breton Striped Shirt' }).click();
    await tryOnButton(page).waitFor({ timeout: 15_000 });
    const panel = await openPanel(page);
    await expect(panel.getByText(/Product code: /).textContent()).resolves.toBe('Product code: SPA-BRETON-SHIRT');
    await panel.getByRole('button', { name: 'Close' }).click();
    await waitForPanelClosed(page);
  });

  it("shows the button on the demo store's second host (localhost), which Chromium reaches without flags", async () => {
    const { onboardable, notOnboardable } = CATALOG_CHECK_PRODUCTS;
    for (const [origin, product] of [
      [sandbox.onboardingStoreUrl, onboardable],
      [sandbox.storeUrl, notOnboardable],
    ] as const) {
      // Each product lives on one host; asking for it on the other one is redirected there.
      const other = origin === sandbox.storeUrl ? sandbox.onboardingStoreUrl : sandbox.storeUrl;
      await page.goto(`${other}${product.page}`);
      expect(page.url()).toBe(`${origin}${product.page}`);
      await tryOnButton(page).waitFor();
      await expect.poll(() => detected(`${origin}${product.page}`), { timeout: 10_000 }).toMatchObject({ sku: product.sku });
      const picture = page.locator('.product-layout img');
      await expect.poll(() => picture.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBeGreaterThan(0);
      expect(await picture.getAttribute('src')).toBe(`${origin}/assets/products/${product.sku}.png`);
    }
  });

  it('follows a variant change on the page without a reload', async () => {
    await page.goto(`${sandbox.storeUrl}/shopify/products/classic-crew-tee?variant=43110000000011`);
    await tryOnButton(page).waitFor();
    await page.getByLabel('Variant').selectOption('43110000000013');
    await expect.poll(() => detected(`${sandbox.storeUrl}/shopify/*`), { timeout: 10_000 }).toMatchObject({ sku: expect.stringMatching(/^(NWB-TEE-WHITE-M|43110000000013)$/) });
    const panel = await openPanel(page);
    await expect(panel.getByText(/Product code: /).textContent()).resolves.toMatch(/NWB-TEE-WHITE-M|43110000000013/);
    await panel.getByRole('button', { name: 'Close' }).click();
    await waitForPanelClosed(page);
  });

  it('ignores clicks a page script makes, and opens on the shopper\'s own click', async () => {
    await page.goto(`${sandbox.storeUrl}/magento/slim-chino-trousers.html`);
    await tryOnButton(page).waitFor();
    const sessionsBefore = (await panelSessions()).length;
    // The shadow root is closed to the page; DevTools hands this script the button regardless.
    await inButtonShadow(page, (_arg, root) => {
      const button = root.querySelector('button')!;
      button.click();
      button.dispatchEvent(new MouseEvent('click', { bubbles: true, composed: true }));
      button.focus();
      button.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    });
    // Settled includes "no panel being opened": had a click counted, the panel would be open by then.
    await waitForContentScriptSettled(extension.worker, page);
    expect(panelFrame(page)).toBeUndefined();
    expect(await panelSessions()).toHaveLength(sessionsBefore);

    await tryOnButton(page).click();
    await waitForPanel(page);
    expect((await panelSessions()).length).toBeGreaterThan(0);
    await panelFrame(page)!.getByRole('button', { name: 'Close' }).click();
    await waitForPanelClosed(page);
  });

  it('stays visible and usable under hostile page CSS', async () => {
    await page.goto(`${sandbox.storeUrl}/og/camel-wool-overcoat`);
    await page.addStyleTag({ content: hostileCss });
    const button = tryOnButton(page);
    await expect.poll(() => button.isVisible(), { timeout: 10_000 }).toBe(true);
    const box = await button.boundingBox();
    expect(box!.width).toBeGreaterThan(60);
    expect(box!.height).toBeGreaterThan(28);
    // Inside the shadow root the button keeps its own type: the page's rules do not reach it.
    const own = await inButtonShadow(page, (_arg, root) => {
      const label = root.querySelector('button span')!;
      return { font: getComputedStyle(label).fontSize, color: getComputedStyle(label).color, hidden: getComputedStyle(label).display === 'none' };
    });
    expect(own).toEqual({ font: '14px', color: 'rgb(255, 255, 255)', hidden: false });
    await screenshot(page, 'button-hostile-css');
    const panel = await openPanel(page);
    await expect(panel.getByRole('dialog').isVisible()).resolves.toBe(true);
    await panel.getByRole('button', { name: 'Close' }).click();
    await waitForPanelClosed(page);
  });

  it('disappears when the shopper switches the site off, and comes back when switched on', async () => {
    await page.goto(`${sandbox.storeUrl}/datalayer/fleece-hoodie`);
    await tryOnButton(page).waitFor();
    await writeExtensionSettings(extension.worker, sandboxSettings(sandbox, { disabledSites: ['127.0.0.1'] }));
    try {
      await expect.poll(() => tryOnButton(page).count(), { timeout: 5_000 }).toBe(0);
      await page.reload();
      await waitForContentScriptSettled(extension.worker, page);
      await expect(tryOnButton(page).count()).resolves.toBe(0);
    } finally {
      // Switched on again even when a check above failed: the next tests need the site.
      await writeExtensionSettings(extension.worker, sandboxSettings(sandbox));
    }
    await expect.poll(() => tryOnButton(page).count(), { timeout: 5_000 }).toBe(1);
  });

  it('says when it finds no product code and lets the shopper type it', async () => {
    await page.goto(`${pages.origin}/products/mystery-scarf`);
    const panel = await openPanel(page);
    await panel.getByText(/could not find this product's code/).waitFor();
    await screenshot(page, 'panel-no-sku');
    await panel.getByLabel('Product code (SKU)').fill('CAT-KNIT-SWEATER-CREAM');
    await panel.getByRole('button', { name: 'Use this code' }).click();
    await expect.poll(() => panel.getByRole('radio', { name: 'My photo' }).isChecked()).toBe(true);
    await clickArmed(panel.getByRole('button', { name: 'Start try-on' }));
    await resultImage(panel).waitFor({ timeout: 30_000 });
    const created = sandbox.log().filter((entry) => entry.route === 'create').at(-1);
    expect(created?.requestBody).toMatchObject({ sku_id: 'CAT-KNIT-SWEATER-CREAM' });
    await panel.getByRole('button', { name: 'Close' }).click();
    await waitForPanelClosed(page);
  });

  it('opened again on a page without a code, shows the try-on of the code typed there, and starts no second one', async () => {
    const code = 'CAT-WIDE-TROUSERS-BLACK';
    const since = lastSeq(sandbox);
    const creates = () => acceptedCreates(sandbox, since);
    const progress = (panel: Frame) => panel.getByRole('heading', { name: 'Creating your try-on' });
    await page.goto(`${pages.origin}/products/mystery-hat?utm_source=newsletter`);
    let panel = await openPanel(page);
    await panel.getByLabel('Product code (SKU)').fill(code);
    await panel.getByRole('button', { name: 'Use this code' }).click();
    await expect.poll(() => panel.getByRole('radio', { name: 'My photo' }).isChecked()).toBe(true);
    sandbox.holdGenerations(true);
    try {
      await clickArmed(panel.getByRole('button', { name: 'Start try-on' }));
      await progress(panel).waitFor();
      await expect.poll(() => creates().length).toBe(1);
      // Closed by navigation (another link to the page), opened again while the generation runs.
      await page.goto(`${pages.origin}/products/mystery-hat`);
      panel = await openPanel(page);
      await progress(panel).waitFor();
      await expect(panel.getByText(/Product code: /).textContent()).resolves.toBe(`Product code: ${code}`);
      await expect(panel.getByLabel('Product code (SKU)').count()).resolves.toBe(0);
      await panel.getByRole('button', { name: 'Close' }).click();
      await waitForPanelClosed(page);

      // Without the code kept for the page (a panel of the version before), the code typed again finds it too.
      await extension.worker.evaluate(() => chrome.storage.session.remove('enteredSkus'));
      panel = await openPanel(page);
      await expect(panel.getByLabel('Product code (SKU)').inputValue()).resolves.toBe('');
      await panel.getByLabel('Product code (SKU)').fill(code);
      await panel.getByRole('button', { name: 'Use this code' }).click();
      await progress(panel).waitFor();
      await expect(panel.getByRole('button', { name: 'Start try-on' }).count()).resolves.toBe(0);
    } finally {
      sandbox.holdGenerations(false);
    }
    await resultImage(panel).waitFor({ timeout: 30_000 });
    await panel.getByRole('button', { name: 'Close' }).click();
    await waitForPanelClosed(page);

    // Finished: opened again, the result comes first; Try again leads to the choice for the typed code.
    panel = await openPanel(page, { earlier: 'show' });
    const earlier = panel.locator('.result[data-earlier]');
    await earlier.waitFor();
    await earlier.getByRole('button', { name: 'Try again', exact: true }).click();
    await panel.getByRole('button', { name: 'Start try-on' }).waitFor();
    await expect(panel.getByText(/Product code: /).textContent()).resolves.toBe(`Product code: ${code}`);
    expect(creates()).toHaveLength(1);
    expect(creates()[0]?.requestBody).toMatchObject({ sku_id: code });
    await panel.getByRole('button', { name: 'Close' }).click();
    await waitForPanelClosed(page);
  });

  it('works from the keyboard: Tab to the button, Enter opens, Tab stays in the panel, Esc closes and returns focus', async () => {
    await page.goto(`${sandbox.storeUrl}/woo/product/linen-summer-dress/`);
    await tryOnButton(page).waitFor();
    // Tab through the page until the button has focus (it sits after the add-to-cart button).
    for (let i = 0; i < 40 && !(await buttonHasFocus(page)); i++) await page.keyboard.press('Tab');
    expect(await buttonHasFocus(page)).toBe(true);
    await page.keyboard.press('Enter');
    const panel = await waitForPanel(page);
    await expect.poll(() => panel.evaluate(() => document.activeElement?.getAttribute('role'))).toBe('dialog');
    for (let i = 0; i < 25; i++) {
      await page.keyboard.press(i % 5 === 4 ? 'Shift+Tab' : 'Tab');
      const inside = await panel.evaluate(() => Boolean(document.activeElement?.closest('[role="dialog"]')));
      const pageFocus = await page.evaluate(() => document.activeElement?.tagName);
      expect({ inside, pageFocus }).toEqual({ inside: true, pageFocus: 'SHOP-TRY-ON-PANEL' });
    }
    await closePanel(page);
    expect(await buttonHasFocus(page)).toBe(true);
  });

  it('fills a narrow window and follows a dark colour scheme', async () => {
    await page.setViewportSize({ width: 380, height: 720 });
    await page.emulateMedia({ colorScheme: 'dark' });
    try {
      await page.goto(`${sandbox.storeUrl}/jsonld/wide-leg-trousers`);
      const panel = await openPanel(page);
      await panel.getByRole('button', { name: 'Start try-on' }).waitFor();
      const width = await panel.evaluate(() => [document.querySelector('[role="dialog"]')!.getBoundingClientRect().width, innerWidth]);
      expect(width[0]).toBe(width[1]);
      await screenshot(page, 'panel-narrow-dark');
      await panel.getByRole('button', { name: 'Close' }).click();
      await waitForPanelClosed(page);
      await screenshot(page, 'button-narrow-dark');
    } finally {
      await page.emulateMedia({ colorScheme: 'light' });
      await page.setViewportSize({ width: 1280, height: 860 });
    }
  });
});
