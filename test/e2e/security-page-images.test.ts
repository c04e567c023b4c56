import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Frame, Page } from 'playwright-core';
import { startSandbox, type Sandbox } from '../../server/sandbox/index';
import { launchExtension, type LoadedExtension } from './support/extension';
import { servePages, type PageServer } from './support/pages';
import { remoteHostArgs, startRemoteHost, type RemoteHost } from './support/remote-host';
import { sandboxSettings, writeExtensionSettings } from './support/sandbox';
import { closePanel, openPanel, reportPanelOnFailure } from './support/try-on';

/**
 * The product image the panel shows is an address the store page chose, and the extension may
 * reach every site. A hostile page could name an address on another site where the shopper is
 * signed in (or a router on their network) as its product image. The panel must show the image
 * without lending that site the shopper's cookies.
 *
 * Chrome sends an extension page's requests with the shopper's cookies (SameSite=Strict ones too,
 * `crossorigin` or not) when the extension page is the tab itself; the panel is a frame in the store
 * page, so its requests are third-party to the image's site, like the store page's own images.
 * This test pins that: no Strict or Lax cookie, and no cookie the store page's own image would not get.
 */

/** A 1x1 PNG. */
const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

function productPage(imageUrl: string): string {
  const data = { '@context': 'https://schema.org', '@type': 'Product', name: 'Plain jacket', sku: 'IMG-JACKET-1', image: imageUrl };
  return `<!doctype html><html><head><title>Store</title><script type="application/ld+json">${JSON.stringify(data)}</script></head>
<body><main><h1>A jacket</h1><p>No image element here: only the panel asks for the product image.</p></main></body></html>`;
}

describe('images a store page names, as the panel loads them', () => {
  let extension: LoadedExtension;
  let sandbox: Sandbox;
  let images: Server;
  /** Another site, where the shopper is signed in (https, so it can hold SameSite=None cookies). */
  let signedIn: RemoteHost;
  let pages: PageServer;
  let page: Page;
  const served: Record<string, string> = {};

  beforeAll(async () => {
    extension = await launchExtension({ args: remoteHostArgs });
    sandbox = await startSandbox({ generationMs: 500 });
    await writeExtensionSettings(extension.worker, sandboxSettings(sandbox));
    // An image for every path, with no Access-Control-Allow-Origin (as most sites send).
    images = createServer((_request, response) => response.writeHead(200, { 'content-type': 'image/png', 'cache-control': 'no-store' }).end(png));
    await new Promise<void>((done) => images.listen(0, '127.0.0.1', done));
    signedIn = await startRemoteHost(`http://127.0.0.1:${(images.address() as AddressInfo).port}`);
    await extension.context.addCookies(
      (['Strict', 'Lax', 'None'] as const).map((sameSite) => ({ name: `session_${sameSite.toLowerCase()}`, value: 'secret', url: signedIn.origin, sameSite, secure: true })),
    );
    pages = await servePages(served);
    served['/product'] = productPage(`${signedIn.origin}/account/delete?confirm=1&as=image`);
    // An item set aside on another product page, its image named by that page.
    const outfit = [{ skuId: 'IMG-SCARF-2', name: 'Plain scarf', image: `${signedIn.origin}/account/transfer?to=store`, pageUrl: `${pages.origin}/scarf` }];
    await extension.worker.evaluate((value) => chrome.storage.local.set({ outfit: value, 'outfit$': { v: 1 } }), outfit);
    page = await extension.context.newPage();
  });

  afterAll(async () => {
    await extension?.close();
    await sandbox?.close();
    await pages?.close();
    await signedIn?.close();
    await new Promise((done) => images?.close(done));
  });

  beforeEach(() => {
    reportPanelOnFailure(() => page, () => `Requests to the signed-in site: ${JSON.stringify(signedIn.arrived(), null, 1)}`);
  });

  const loadedWidth = (panel: Frame, selector: string) =>
    panel.locator(selector).evaluate((image: HTMLImageElement) => (image.complete ? image.naturalWidth : -1));

  it('shows the product image and an outfit item\'s image, asked for with no more cookies than the store page\'s own image gets', async () => {
    // The shopper is signed in there: a visit of their own carries all three cookies.
    await page.goto(`${signedIn.origin}/home`);
    const visit = signedIn.arrived().find((request) => request.path === '/home');
    expect(visit?.headers.cookie?.split('; ').sort()).toEqual(['session_lax=secret', 'session_none=secret', 'session_strict=secret']);

    await page.goto(`${pages.origin}/product`);
    const panel = await openPanel(page);
    await expect.poll(() => loadedWidth(panel, '.product__image'), { timeout: 10_000 }).toBeGreaterThan(0);
    await expect.poll(() => loadedWidth(panel, '.outfit__image'), { timeout: 10_000 }).toBeGreaterThan(0);

    const imageRequests = signedIn.arrived().filter((request) => request.path.startsWith('/account/'));
    expect([...new Set(imageRequests.map((request) => request.path))].sort()).toEqual(['/account/delete?confirm=1&as=image', '/account/transfer?to=store']);
    // SameSite=None cookies go wherever the browser allows third-party cookies: the store page's own
    // image gets them then, and the panel's may carry no more than that.
    await page.evaluate(
      (src) => new Promise((done) => Object.assign(document.body.appendChild(new Image()), { onload: done, onerror: done, src })),
      `${signedIn.origin}/by-the-page.png`,
    );
    const byThePage = signedIn.arrived().find((request) => request.path === '/by-the-page.png');
    expect(byThePage).toBeDefined();
    const cookies = (header: string | undefined) => header?.split('; ').sort() ?? [];
    expect(cookies(byThePage?.headers.cookie)).not.toEqual(expect.arrayContaining(['session_lax=secret']));
    expect(cookies(byThePage?.headers.cookie)).not.toEqual(expect.arrayContaining(['session_strict=secret']));
    for (const request of imageRequests) {
      expect({ path: request.path, cookies: cookies(request.headers.cookie), referer: request.headers.referer }).toEqual({
        path: request.path,
        cookies: cookies(byThePage?.headers.cookie),
        referer: undefined,
      });
    }
    await closePanel(page);
  });

  it('would lend them all from an extension page open as a tab, crossorigin or not: why page-chosen images show only in the panel', async () => {
    const tab = await extension.openPage('popup.html');
    for (const [path, crossOrigin] of [['/tab-plain.png', null], ['/tab-anonymous.png', 'anonymous']] as const) {
      const width = await tab.evaluate(
        ({ src, crossOrigin }) =>
          new Promise<number>((done) => {
            const image = new Image();
            image.crossOrigin = crossOrigin;
            image.onload = () => done(image.naturalWidth);
            image.onerror = () => done(-1);
            image.src = src;
          }),
        { src: `${signedIn.origin}${path}`, crossOrigin },
      );
      expect(width, path).toBeGreaterThan(0);
      const request = signedIn.arrived().find((arrived) => arrived.path === path);
      expect(request?.headers.cookie?.split('; ').sort(), path).toEqual(['session_lax=secret', 'session_none=secret', 'session_strict=secret']);
    }
    await tab.close();
  });
});
