import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchExtension, type LoadedExtension } from './support/extension';
import { servePages, type PageServer } from './support/pages';
import { writeExtensionSettings } from './support/sandbox';
import { waitForContentScriptSettled } from './support/signals';
import { tryOnButton } from './support/try-on';
import type { Settings } from '../../utils/settings/schema';

/**
 * A store page kept in the back/forward cache is frozen while the shopper is elsewhere: it hears
 * nothing the extension says meanwhile (a site switched off, a changed rule), and the browser resets
 * the tab's toolbar icon when it comes back. Restored, it asks for its settings and tells the icon again.
 */

/** The product page records each `pageshow` and whether the page came from the cache (`persisted`). */
const productPage = `<!doctype html><html><head><title>Cached Shirt</title>
<script type="application/ld+json">{"@context":"https://schema.org","@type":"Product","name":"Cached Shirt","sku":"BFCACHE-SKU-1",
"offers":{"@type":"Offer","price":"19.00","priceCurrency":"EUR"}}</script></head>
<body><main><h1>Cached Shirt</h1><p>Price: 19.00 EUR</p><button type="button">Add to cart</button></main>
<script>window.shows = []; addEventListener('pageshow', (event) => window.shows.push(event.persisted));</script></body></html>`;
const otherPage = '<!doctype html><html><head><title>Elsewhere</title></head><body><h1>About us</h1></body></html>';

/** Settings with no connection set up (no sandbox needed): only the switched-off sites matter here. */
const settings = (disabledSites: string[]): Settings => ({
  subscriptionId: '',
  tokenEndpoint: '',
  apiBaseUrl: '',
  apiFlavour: 'digital-try-on-v1',
  siteRules: [],
  disabledSites,
  developerApiKey: '',
  catalogEndpoint: '',
});

describe('a store page restored from the back/forward cache', () => {
  let extension: LoadedExtension;
  let pages: PageServer;
  let page: Page;

  beforeAll(async () => {
    pages = await servePages({ '/products/cached-shirt': productPage, '/about': otherPage });
    extension = await launchExtension({ backForwardCache: true });
    await writeExtensionSettings(extension.worker, settings([]));
    page = await extension.context.newPage();
  });

  afterAll(async () => {
    await extension?.close();
    await pages?.close();
  });

  /** The toolbar icon's tooltip for the tab at the page's address (the tab's own, else every tab's). */
  const iconTitle = () =>
    extension.worker.evaluate(async (href) => {
      const tabs = (await chrome.tabs.query({})).filter((tab) => tab.url === href);
      if (tabs.length !== 1) throw new Error(`Expected one tab at ${href}, found ${tabs.length}.`);
      return chrome.action.getTitle({ tabId: tabs[0]!.id! });
    }, page.url());
  /** Goes Back and waits for the page's own word that it was shown again, and whether from the cache. */
  const goBack = async () => {
    const before = await page.evaluate(() => (window as unknown as { shows?: boolean[] }).shows?.length ?? 0).catch(() => 0);
    await page.goBack({ waitUntil: 'commit' });
    await page.waitForFunction((count) => ((window as unknown as { shows?: boolean[] }).shows?.length ?? 0) > count, before);
    return page.evaluate(() => (window as unknown as { shows: boolean[] }).shows.at(-1));
  };

  it('a page restored from the back/forward cache drops the button of a site switched off meanwhile', async () => {
    const product = `${pages.origin}/products/cached-shirt`;
    await page.goto(product);
    await tryOnButton(page).waitFor();
    await waitForContentScriptSettled(extension.worker, page);
    const productTitle = await iconTitle();

    // Elsewhere and Back, nothing changed: the page comes from the cache, and the icon says "product" again.
    await page.goto(`${pages.origin}/about`);
    await waitForContentScriptSettled(extension.worker, page);
    const otherTitle = await iconTitle();
    expect(otherTitle).not.toBe(productTitle);
    expect(await goBack()).toBe(true);
    await waitForContentScriptSettled(extension.worker, page);
    expect(await tryOnButton(page).count()).toBe(1);
    expect(await iconTitle()).toBe(productTitle);

    // Elsewhere, the shopper switches the store off; Back: the restored page has no button, nor does its icon say "product".
    await page.goto(`${pages.origin}/about`);
    await waitForContentScriptSettled(extension.worker, page);
    await writeExtensionSettings(extension.worker, settings([new URL(pages.origin).hostname]));
    expect(await goBack()).toBe(true);
    expect(page.url()).toBe(product);
    await waitForContentScriptSettled(extension.worker, page);
    expect(await tryOnButton(page).count()).toBe(0);
    expect(await iconTitle()).toBe(otherTitle);
  });
});
