import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchExtension, type LoadedExtension } from './support/extension';
import { servePages, type PageServer } from './support/pages';

const productPage = `<!doctype html><html><head><title>Linen Shirt</title>
<script type="application/ld+json">{"@context":"https://schema.org","@type":"Product","name":"Linen Shirt","sku":"LS-1001",
"image":"https://cdn.shop.example/ls-1001.jpg","offers":{"@type":"Offer","price":"49.00","priceCurrency":"EUR"}}</script>
</head><body><main><h1>Linen Shirt</h1><button>Add to cart</button></main></body></html>`;

describe('the built extension in Chromium', () => {
  let extension: LoadedExtension;
  let pages: PageServer;

  beforeAll(async () => {
    pages = await servePages({ '/products/linen-shirt': productPage });
    extension = await launchExtension();
  });

  afterAll(async () => {
    await extension?.close();
    await pages?.close();
  });

  it('loads its service worker with the expected manifest', async () => {
    expect(extension.extensionId).toMatch(/^[a-p]{32}$/);
    const manifest = await extension.worker.evaluate(() => chrome.runtime.getManifest());
    expect(manifest.manifest_version).toBe(3);
    expect(manifest.name).toBe('Shop Try-On');
  });

  it('renders the popup, which gets a typed answer from the service worker', async () => {
    const popup = await extension.openPage('popup.html');
    await expect(popup.getByRole('heading', { level: 1 }).textContent()).resolves.toBeTruthy();
    const reply = await popup.evaluate(() =>
      chrome.runtime.sendMessage({ channel: 'shop-try-on', type: 'ping', data: {} }),
    );
    expect(reply).toEqual({ ok: true, data: { version: expect.stringMatching(/^\d+\.\d+\.\d+$/) } });
    const malformed = await popup.evaluate(() =>
      chrome.runtime.sendMessage({ channel: 'shop-try-on', type: 'tryOn.cancel', data: { jobId: 42 } }),
    );
    expect(malformed).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    await popup.close();
  });

  it('runs the content script on a 127.0.0.1 page and reports the product it found', async () => {
    const store = await extension.context.newPage();
    await store.goto(`${pages.origin}/products/linen-shirt`);
    const popup = await extension.openPage('popup.html');
    await expect
      .poll(
        () =>
          popup.evaluate(async () => {
            // Tab URLs are hidden without the "tabs" permission, so ask every tab; only ours answers.
            for (const tab of await chrome.tabs.query({})) {
              const reply = await chrome.tabs
                .sendMessage(tab.id!, { channel: 'shop-try-on', type: 'detection.get', data: {} })
                .catch(() => undefined);
              if (reply) return reply;
            }
            return undefined;
          }),
        { timeout: 10_000 },
      )
      .toMatchObject({ ok: true, data: { product: { sku: 'LS-1001', name: 'Linen Shirt' } } });
    await popup.close();
    await store.close();
  });
});
