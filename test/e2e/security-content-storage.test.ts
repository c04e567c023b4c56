import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startSandbox, type Sandbox } from '../../server/sandbox/index';
import { launchExtension, type LoadedExtension } from './support/extension';
import { servePages, type PageServer } from './support/pages';
import { sandboxSettings, writeExtensionSettings } from './support/sandbox';
import { waitForContentScriptSettled } from './support/signals';
import { liveWorker, photoRecords, savePhotoWithConsent, stopServiceWorkers, storageArea } from './support/shopper';
import { tryOnButton } from './support/try-on';

/**
 * What the extension's own content scripts could read if a store page got hold of their world (on
 * Firefox, a compromised page process): storage.local holds nothing they may read, and the photo
 * lives in the extension's IndexedDB, which only extension pages and the worker can open.
 */

const SKU = 'STORAGE-SKU-1';
const productPage = `<!doctype html><html><head><title>Wool Coat</title>
<script type="application/ld+json">{"@context":"https://schema.org","@type":"Product","name":"Wool Coat","sku":"${SKU}",
"offers":{"@type":"Offer","price":"189.00","priceCurrency":"EUR"}}</script></head>
<body><main><h1>Wool Coat</h1><p>A coat.</p></main></body></html>`;
// Nothing the probe takes for a product: no structured data, no price, no cart.
const plainPage = `<!doctype html><html><head><title>Notes</title></head><body><main><h1>NOTE-77</h1><p>Opening hours.</p></main></body></html>`;

type ContextDescription = { id: number; origin: string; name: string; auxData?: { type?: string; isDefault?: boolean } };

/** Runs `expression` in the extension's content-script world of the page (its isolated world), through the DevTools protocol. */
async function inContentScriptWorld(page: Page, extensionId: string, expression: string): Promise<unknown> {
  const cdp = await page.context().newCDPSession(page);
  try {
    const contexts: ContextDescription[] = [];
    cdp.on('Runtime.executionContextCreated', ({ context }) => contexts.push(context as ContextDescription));
    await cdp.send('Runtime.enable');
    const world = contexts.find((context) => context.auxData?.type === 'isolated' && context.origin.includes(extensionId));
    if (!world) throw new Error(`No content-script world of the extension in the page: ${JSON.stringify(contexts)}`);
    const { result, exceptionDetails } = await cdp.send('Runtime.evaluate', { contextId: world.id, expression, awaitPromise: true, returnByValue: true });
    if (exceptionDetails) throw new Error(exceptionDetails.exception?.description ?? exceptionDetails.text);
    return result.value;
  } finally {
    await cdp.detach();
  }
}

/** What each storage area gives a content script: its keys and its text, or the error it gets instead. */
const readAllStorage = `Promise.all(['local', 'sync', 'session'].map((area) => {
  const store = chrome.storage && chrome.storage[area];
  if (!store) return { area, error: 'no such area' };
  return store.get(null).then((values) => ({ area, keys: Object.keys(values), text: JSON.stringify(values) }), (error) => ({ area, error: String(error && error.message || error) }));
}))`;

describe('what the content scripts can read', () => {
  let extension: LoadedExtension;
  let sandbox: Sandbox;
  let pages: PageServer;
  let page: Page;

  beforeAll(async () => {
    extension = await launchExtension();
    sandbox = await startSandbox({ generationMs: 200 });
    await writeExtensionSettings(extension.worker, sandboxSettings(sandbox, { siteRules: [{ host: '127.0.0.1', selector: 'h1' }] }));
    await savePhotoWithConsent(extension, sandbox);
    pages = await servePages({ '/product': productPage, '/plain': plainPage });
    page = await extension.context.newPage();
  });

  afterAll(async () => {
    await extension?.close();
    await sandbox?.close();
    await pages?.close();
  });

  it('storage.local, sync and session give the content-script world nothing; the photo is in the extension IndexedDB', async () => {
    await page.goto(`${pages.origin}/product`);
    await tryOnButton(page).waitFor();

    const areas = (await inContentScriptWorld(page, extension.extensionId, readAllStorage)) as { area: string; keys?: string[]; text?: string; error?: string }[];
    const local = await storageArea(await liveWorker(extension.context), 'local');
    const secrets = [sandbox.subscriptionId, sandbox.apiUrl, sandbox.tokenUrl, '127.0.0.1'];
    for (const area of areas) {
      expect(area.keys ?? [], `storage.${area.area} as a content script reads it (${area.error ?? 'no error'})`).toEqual([]);
      for (const secret of secrets) expect(area.text ?? '').not.toContain(secret);
    }
    // The worker still reads its own storage (the dump above would be empty for any other reason too).
    expect(Object.keys(local)).toContain('settings');
    expect(local).not.toHaveProperty('photoData');
    expect(local).not.toHaveProperty('photoMeta');
    const photos = await photoRecords(extension.context);
    expect(photos).toHaveLength(1);
    expect(photos[0]!.thumbnail).toMatch(/^data:image\/jpeg;base64,/);
    // The page's own IndexedDB (which is what a content script opens) has no such database.
    const pageDatabases = await page.evaluate(() => indexedDB.databases().then((all) => all.map((db) => db.name)));
    expect(pageDatabases).not.toContain('shop-try-on-photos');
  });

  it('a page without signs of a product sends the worker nothing; on a site rule\'s host the browser runs the product UI itself', async () => {
    const worker = await liveWorker(extension.context);
    await expect.poll(() => worker.evaluate(() => chrome.scripting.getRegisteredContentScripts().then((all) => all.flatMap((script) => script.matches ?? [])))).toEqual(['*://127.0.0.1/*']);
    // Every message the worker gets from now on; a restarted worker would have no list, and fail the test rather than pass it.
    await worker.evaluate(() => {
      const heard: string[] = [];
      (globalThis as { heard?: string[] }).heard = heard;
      chrome.runtime.onMessage.addListener((message: { type?: string }) => void heard.push(String(message?.type)));
    });
    const heard = () => worker.evaluate(() => (globalThis as { heard?: string[] }).heard);
    const plain = await extension.context.newPage();
    try {
      // localhost: the same server, a host no site rule covers.
      await plain.goto(`${pages.origin.replace('127.0.0.1', 'localhost')}/plain`);
      await expect(waitForContentScriptSettled(worker, plain)).resolves.toEqual({ product: null, settled: true });
      await expect(heard()).resolves.toEqual([]);

      await plain.goto(`${pages.origin}/plain`);
      await tryOnButton(plain).waitFor();
      // The product UI asked for its settings; nobody asked the worker to load it.
      const messages = await heard();
      expect(messages).toContain('content.pageSettings');
      expect(messages).not.toContain('content.loadProductUi');
    } finally {
      await plain.close();
    }
  });

  it('a photo the previous version kept in storage.local is still there after the update, and only in the database', async () => {
    const worker = await liveWorker(extension.context);
    // The previous version's items, as it wrote them (key, version marker, the JPEG as base64), and no photo database yet.
    const jpeg = await (await fetch(sandbox.photoUrl)).arrayBuffer();
    const legacy = { width: 600, height: 900, bytes: jpeg.byteLength, savedAt: 1_700_000_000_000, thumbnail: 'data:image/jpeg;base64,/9j/AAAA' };
    await worker.evaluate(
      async ({ meta, data }) => {
        await new Promise((done, fail) => {
          const request = indexedDB.deleteDatabase('shop-try-on-photos');
          request.onsuccess = done;
          request.onerror = () => fail(request.error);
        });
        await chrome.storage.local.set({ photoMeta: meta, 'photoMeta$': { v: 1 }, photoData: data, 'photoData$': { v: 1 } });
      },
      { meta: legacy, data: Buffer.from(jpeg).toString('base64') },
    );
    // After the update a new worker starts with the old items in storage (stopped here as Chrome stops an idle one).
    await stopServiceWorkers(page);

    const popup = await extension.openPage('popup.html');
    try {
      const reply = (await popup.evaluate(() => chrome.runtime.sendMessage({ channel: 'shop-try-on', type: 'photo.get', data: {} }))) as {
        ok: boolean;
        data?: { photo: { savedAt: number; thumbnail: string; width: number } | null };
      };
      expect(reply.ok).toBe(true);
      expect(reply.data?.photo).toMatchObject({ savedAt: legacy.savedAt, width: 600, thumbnail: legacy.thumbnail });
    } finally {
      await popup.close();
    }
    const local = await storageArea(await liveWorker(extension.context), 'local');
    expect(local).not.toHaveProperty('photoMeta');
    expect(local).not.toHaveProperty('photoData');
    expect((await photoRecords(extension.context)).map((record) => record.savedAt)).toEqual([legacy.savedAt]);
  });
});
