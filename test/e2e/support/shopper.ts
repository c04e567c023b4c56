import type { BrowserContext, ElementHandle, Frame, Page, Worker } from 'playwright-core';
import type { LogEntry, Sandbox } from '../../../server/sandbox/index';
import type { LoadedExtension } from './extension';
import { shopperPhoto } from './sandbox';
import { clickArmed, resultImage } from './try-on';

/**
 * What a shopper does around a try-on, shared by the resilience and security tests: agree to the
 * upload and keep a photo, start a try-on in the panel and wait for how it ended, plus ways to look
 * at the extension from outside (its storage, its service worker).
 */

/** Agrees to the upload and saves the sandbox's shopper photo, as the popup's photo tab would. */
export async function savePhotoWithConsent(extension: LoadedExtension, sandbox: Sandbox): Promise<void> {
  const photo = await shopperPhoto(sandbox);
  await keepOnlyPhoto(extension, `data:${photo.mimeType};base64,${photo.buffer.toString('base64')}`);
}

/** Agrees to the upload and makes this photo (a data URL) the shopper's only one, through the background. */
export async function keepOnlyPhoto(extension: LoadedExtension, dataUrl: string): Promise<void> {
  const page = await extension.openPage('options.html');
  try {
    const reply = await page.evaluate(async (url) => {
      // The same key and version marker as consentItem in utils/storage.ts.
      await chrome.storage.local.set({ consent: { acceptedAt: Date.now() }, 'consent$': { v: 1 } });
      // The shopper's one photo, as tests expect it: photos saved before (by a test or the panel) go first.
      const send = (type: string, data: unknown = {}) => chrome.runtime.sendMessage({ channel: 'shop-try-on', type, data });
      const listed = await send('photo.list');
      if (!listed?.ok) return listed;
      for (const { id } of listed.data.library.photos as { id: string }[]) await send('photo.delete', { id });
      return send('photo.save', { dataUrl: url });
    }, dataUrl);
    if (!reply?.ok) throw new Error(`The extension did not keep the photo: ${JSON.stringify(reply)}`);
  } finally {
    await page.close();
  }
}

/** The running service worker (after a restart Playwright may still list the stopped one first). */
export async function liveWorker(context: BrowserContext, timeout = 10_000): Promise<Worker> {
  const deadline = Date.now() + timeout;
  for (;;) {
    for (const worker of [...context.serviceWorkers()].reverse()) {
      const alive = await Promise.race([
        worker.evaluate(() => true).catch(() => false),
        new Promise<boolean>((done) => setTimeout(() => done(false), 1000)),
      ]);
      if (alive) return worker;
    }
    if (Date.now() > deadline) throw new Error('No running service worker.');
    await new Promise((done) => setTimeout(done, 100));
  }
}

/**
 * Stops the extension's service worker the way Chrome does when it is idle (DevTools protocol) and
 * resolves once Chrome reports it stopped. The worker may start again right after (a pending message
 * or alarm wakes it), so "stopped" is read from Chrome's own running status, not from a probe.
 */
export async function stopServiceWorkers(page: Page, timeout = 15_000): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  let timer: NodeJS.Timeout | undefined;
  try {
    const stopped = new Promise<void>((done) =>
      cdp.on('ServiceWorker.workerVersionUpdated', ({ versions }) => {
        if (versions.some((version) => version.scriptURL.startsWith('chrome-extension://') && version.runningStatus === 'stopped')) done();
      }),
    );
    const late = new Promise<never>((_, fail) => {
      timer = setTimeout(() => fail(new Error(`Chrome did not report the service worker stopped within ${timeout} ms.`)), timeout);
    });
    await cdp.send('ServiceWorker.enable');
    await cdp.send('ServiceWorker.stopAllWorkers');
    await Promise.race([stopped, late]);
  } finally {
    clearTimeout(timer);
    await cdp.detach();
  }
}

/** Everything the extension keeps in one storage area, read by its own service worker. */
export function storageArea(worker: Worker, area: 'local' | 'sync' | 'session'): Promise<Record<string, unknown>> {
  return worker.evaluate((name) => chrome.storage[name].get(null), area);
}

/** The photo records in the extension's IndexedDB (utils/photos/photo-db.ts), read by its own service worker. */
export async function photoRecords(context: BrowserContext): Promise<{ id: string; savedAt: number; thumbnail: string; uploaded?: { id: string } }[]> {
  return (await readPhotoDb(context, 'photos')) as { id: string; savedAt: number; thumbnail: string; uploaded?: { id: string } }[];
}

/** The JPEG kept for a photo, what a try-on uploads (the `jpegs` store of the same database). */
export async function storedJpeg(context: BrowserContext, id: string): Promise<Buffer> {
  return Buffer.from((await readPhotoDb(context, 'jpegs', id)) as number[]);
}

/** Every record of one store of the photo database, or the one under `key` (bytes as a list of numbers). */
async function readPhotoDb(context: BrowserContext, store: 'photos' | 'jpegs', key?: string): Promise<unknown> {
  return (await liveWorker(context)).evaluate(
    ([name, id]) =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('shop-try-on-photos');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          if (!db.objectStoreNames.contains(name)) return (db.close(), resolve(id === undefined ? [] : null));
          const objects = db.transaction(name).objectStore(name);
          const request = id === undefined ? objects.getAll() : objects.get(id);
          // Closed at once: an open connection would hold up the extension upgrading or deleting the database.
          request.onsuccess = () => {
            db.close();
            const value: unknown = request.result;
            resolve(value instanceof Uint8Array ? Array.from(value) : value);
          };
          request.onerror = () => (db.close(), reject(request.error));
        };
      }),
    [store, key] as const,
  );
}

export const lastSeq = (sandbox: Sandbox): number => sandbox.log().at(-1)?.seq ?? 0;

export const entriesSince = (sandbox: Sandbox, seq: number, route?: LogEntry['route']): LogEntry[] =>
  sandbox.log().filter((entry) => entry.seq > seq && (route === undefined || entry.route === route));

const succeeded = (entry: LogEntry) => entry.status >= 200 && entry.status < 300;

/** Create requests the emulator accepted (each one is a generation, which costs money). */
export const acceptedCreates = (sandbox: Sandbox, seq: number): LogEntry[] => entriesSince(sandbox, seq, 'create').filter(succeeded);

export const acceptedUploads = (sandbox: Sandbox, seq: number): LogEntry[] => entriesSince(sandbox, seq, 'upload').filter(succeeded);

export type TryOnOutcome =
  | { kind: 'result'; src: string }
  | { kind: 'error'; code: string; action: string; sentence: string };

export function startButton(panel: Frame) {
  return panel.getByRole('button', { name: /^(Start try-on|Try on all \d items)$/ });
}

/**
 * The notice of a failed try-on. Scoped to the failure view: the photo picker shows its own notices
 * (e.g. when the list of models could not be loaded), which go away once a try-on starts.
 */
function failureNotice(panel: Frame) {
  return panel.locator('.failure .error-notice[role="alert"]');
}

/**
 * Waits until the panel shows either a result or a failed try-on, and says which. `stale` is the
 * notice of the failure a retry was started from: it stays on screen until the new try-on is
 * accepted, and is not an outcome of that try-on.
 */
export async function waitForOutcome(panel: Frame, timeout = 30_000, stale: ElementHandle | null = null): Promise<TryOnOutcome> {
  await panel.waitForFunction(
    (old) => {
      const result = [...document.querySelectorAll('img')].some((image) => image.alt.startsWith('Try-on result'));
      const notice = document.querySelector('.failure .error-notice[role="alert"]');
      return result || (notice !== null && notice !== old);
    },
    stale,
    { timeout, polling: 50 },
  );
  const result = resultImage(panel);
  const notice = failureNotice(panel);
  if (await result.count()) return { kind: 'result', src: (await result.first().getAttribute('src')) ?? '' };
  return {
    kind: 'error',
    code: (await notice.getAttribute('data-error-code')) ?? '',
    action: (await notice.locator('button').getAttribute('data-action')) ?? '',
    sentence: (await notice.locator('.error-notice__sentence').textContent()) ?? '',
  };
}

/** The "Try again" of an error notice (the panel's retry action). */
export function retryButton(panel: Frame) {
  return failureNotice(panel).locator('button[data-action="retry"]');
}

/** Presses "Try again"; returns the notice it was pressed on, to pass to `waitForOutcome`. */
export async function pressRetry(panel: Frame): Promise<ElementHandle> {
  const notice = await failureNotice(panel).elementHandle();
  await clickArmed(retryButton(panel));
  return notice!;
}

/**
 * The id of the tab whose content script reports this SKU. Without the "tabs" permission the
 * extension cannot see tab URLs, so an extension page asks each tab.
 */
export async function tabIdOf(extensionPage: Page, sku: string, timeout = 10_000): Promise<number> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const found = await extensionPage.evaluate(async (wanted) => {
      for (const tab of await chrome.tabs.query({})) {
        if (tab.id === undefined) continue;
        const reply = await chrome.tabs.sendMessage(tab.id, { channel: 'shop-try-on', type: 'detection.get', data: {} }).catch(() => null);
        if (reply?.data?.product?.sku === wanted) return tab.id;
      }
      return undefined;
    }, sku);
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`No tab reports the product ${sku}.`);
    await extensionPage.waitForTimeout(100);
  }
}

/**
 * Markup a page or extension page should never hold when it shows untrusted text: inline event
 * handler attributes, scripts without a file, and the elements a test's payloads try to plant.
 * Pass it to `page.evaluate` / `frame.evaluate`, or to `inButtonShadow` to look inside the button's
 * shadow root (`root`) instead of the document; `ownScripts` allows the inline scripts a store page
 * has of its own. Returns a description of each offending element.
 */
export function injectedMarkup({ planted, ownScripts }: { planted: string; ownScripts?: boolean }, root: ParentNode = document): string[] {
  const found: string[] = [];
  for (const element of root.querySelectorAll('*')) {
    const handlers = [...element.attributes].filter((attribute) => /^on/i.test(attribute.name)).map((attribute) => attribute.name);
    if (handlers.length) found.push(`<${element.tagName.toLowerCase()} ${handlers.join(' ')}>`);
    if (!ownScripts && element.tagName === 'SCRIPT' && !element.hasAttribute('src') && element.getAttribute('type') !== 'application/ld+json') found.push('inline <script>');
  }
  for (const element of root.querySelectorAll(planted)) found.push(`planted <${element.tagName.toLowerCase()}>`);
  return found;
}
