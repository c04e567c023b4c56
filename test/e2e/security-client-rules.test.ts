import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Frame, Page } from 'playwright-core';
import { startSandbox, type Sandbox } from '../../server/sandbox/index';
import { launchExtension, type LoadedExtension } from './support/extension';
import { servePages, type PageServer } from './support/pages';
import { remoteHostArgs, startRemoteHost, type RemoteHost } from './support/remote-host';
import { sandboxSettings, writeExtensionSettings } from './support/sandbox';
import { acceptedCreates, acceptedUploads, entriesSince, lastSeq, liveWorker, savePhotoWithConsent, startButton, waitForOutcome } from './support/shopper';
import { clickArmed, closePanel, openPanel, panelFrame, reportPanelOnFailure } from './support/try-on';
import type { Settings } from '../../utils/settings/schema';

/**
 * Rules the extension's own code keeps whatever its stored settings or the page say, checked in the
 * built extension: the developer API key goes to no API base outside this computer (settings written
 * straight into storage, past the form that also refuses it), and a notification begins with the
 * store's host, not with the product name the page chose.
 */

const SKU = 'LD-DENIM-JKT-M';
/** Text a page might choose as its product's name to pass a notification off as someone else's. */
const POSING_NAME = 'Your bank: verify now';
const productPage = (name: string) => `<!doctype html><html><head><title>${name}</title>
<script type="application/ld+json">{"@context":"https://schema.org","@type":"Product","name":"${name}","sku":"${SKU}",
"offers":{"@type":"Offer","price":"89.00","priceCurrency":"EUR"}}</script></head>
<body><main><h1>${name}</h1><p>A trucker jacket.</p><button>Add to cart</button></main></body></html>`;

/** What the service worker passed to `chrome.notifications.create`, recorded by `recordNotifications`. */
interface CreatedNotification {
  id: string;
  title: string;
  message: string;
}

describe('rules the extension keeps whatever the settings or the page say', () => {
  let extension: LoadedExtension;
  let sandbox: Sandbox;
  let remote: RemoteHost;
  let pages: PageServer;
  let page: Page;

  beforeAll(async () => {
    // The browser knows api.attacker.test as a host elsewhere (it reaches it on this computer).
    extension = await launchExtension({ args: remoteHostArgs });
    sandbox = await startSandbox({ generationMs: 500 });
    remote = await startRemoteHost(new URL(sandbox.apiUrl).origin);
    pages = await servePages({ '/product': productPage('Classic Denim Jacket'), '/posing': productPage(POSING_NAME) });
    extension.context.setDefaultTimeout(20_000);
    await savePhotoWithConsent(extension, sandbox);
    page = await extension.context.newPage();
    await page.setViewportSize({ width: 1280, height: 860 });
  });

  afterAll(async () => {
    await extension?.close();
    await remote?.close();
    await sandbox?.close();
    await pages?.close();
  });

  beforeEach(() => {
    reportPanelOnFailure(() => page, () => `Requests that reached ${remote.origin}:\n${JSON.stringify(remote.arrived(), null, 1)}`);
  });

  const useSettings = async (overrides: Partial<Settings>) =>
    writeExtensionSettings(await liveWorker(extension.context), sandboxSettings(sandbox, overrides));

  async function openProductPanel(path: string): Promise<Frame> {
    if (panelFrame(page)) {
      await closePanel(page);
    }
    await page.goto(`${pages.origin}${path}`);
    return openPanel(page);
  }

  it('sends the developer API key to no API base outside this computer, and tells the shopper why', async () => {
    const remoteBase = `${remote.origin}/digital-try-on/v1`;

    // The other host answers the extension: without a key, the panel's list of models comes from there.
    await useSettings({ apiBaseUrl: remoteBase });
    let panel = await openProductPanel('/product');
    await expect.poll(() => remote.arrived().filter((request) => request.path.endsWith('/predefined_try_on_models')).length).toBeGreaterThan(0);
    await panel.getByRole('radio', { name: /^Model: / }).first().waitFor();

    // Developer mode, as stored settings could hold it: the key, no token endpoint, the API base there.
    await useSettings({ apiBaseUrl: remoteBase, developerApiKey: sandbox.apiKey, tokenEndpoint: '' });
    const arrivedBefore = remote.arrived().length;
    let from = lastSeq(sandbox);
    panel = await openProductPanel('/product');
    await clickArmed(startButton(panel));
    const refused = await waitForOutcome(panel);
    const withKey = remote.arrived().slice(arrivedBefore).filter((request) => 'x-api-key' in request.headers);
    expect(withKey).toEqual([]);
    expect(entriesSince(sandbox, from).filter((entry) => entry.auth === 'api-key')).toEqual([]);
    expect(refused).toMatchObject({ kind: 'error', code: 'api_key_not_local' });
    expect(refused.kind === 'error' && refused.sentence).toMatch(/developer API key is only ever sent to a sandbox on this computer/);

    // The same settings with the API base on this computer: the key is sent, and the try-on runs.
    await useSettings({ developerApiKey: sandbox.apiKey, tokenEndpoint: '' });
    from = lastSeq(sandbox);
    panel = await openProductPanel('/product');
    await clickArmed(startButton(panel));
    await expect(waitForOutcome(panel)).resolves.toMatchObject({ kind: 'result' });
    expect(acceptedUploads(sandbox, from).map((entry) => entry.auth)).toEqual(['api-key']);
    expect(acceptedCreates(sandbox, from).map((entry) => entry.auth)).toEqual(['api-key']);
  });

  it("begins a notification with the store's host, whatever name the page gave its product", async () => {
    await useSettings({});
    // There is no other way to read a notification's text in Chromium: wrap the worker's
    // notifications.create, keep what it was given and pass the call on.
    const worker = await liveWorker(extension.context);
    await worker.evaluate(() => {
      type Api = { create: (...args: unknown[]) => unknown };
      const created: unknown[] = [];
      // Chromium has both namespaces; the extension calls `browser`, which may hold the same object.
      const namespaces = [chrome, (globalThis as unknown as { browser?: typeof chrome }).browser];
      const apis = new Set(namespaces.map((namespace) => namespace?.notifications as unknown as Api | undefined));
      const restores = [...apis].flatMap((api) => {
        if (!api) return [];
        const create = api.create;
        api.create = function (this: unknown, ...args: unknown[]) {
          const [id, options] = typeof args[0] === 'string' ? args : [undefined, args[0]];
          const { title, message } = options as { title?: string; message?: string };
          created.push({ id, title, message });
          return create.apply(this, args);
        };
        if (api.create === create) throw new Error('notifications.create could not be wrapped');
        return [() => void (api.create = create)];
      });
      Object.assign(globalThis, { createdNotifications: created, restoreNotifications: () => restores.forEach((restore) => restore()) });
    });
    const created = () => worker.evaluate(() => (globalThis as unknown as { createdNotifications: CreatedNotification[] }).createdNotifications);

    const panel = await openProductPanel('/posing');
    await panel.getByText(POSING_NAME).first().waitFor();
    const from = lastSeq(sandbox);
    sandbox.holdGenerations(true);
    let front: Page | undefined;
    try {
      await clickArmed(startButton(panel));
      await expect.poll(() => acceptedCreates(sandbox, from).length).toBe(1);
      // The shopper turns to another tab while it generates: the store's tab is no longer the active
      // tab of the focused window (what the worker goes by to notify).
      front = await extension.context.newPage();
      await front.bringToFront();
      const storeTabInSight = () =>
        worker.evaluate(async (href) => {
          const tabs = (await chrome.tabs.query({ url: `${new URL(href).origin}/*` })).filter((tab) => tab.url === href);
          return Promise.all(tabs.map(async (tab) => tab.active && (await chrome.windows.get(tab.windowId)).focused));
        }, page.url());
      await expect.poll(storeTabInSight).toEqual([false]);
      sandbox.holdGenerations(false);

      await expect.poll(created, { timeout: 30_000 }).toHaveLength(1);
      const [notification] = await created();
      const storeHost = new URL(pages.origin).host;
      const text = `${notification!.title}\n${notification!.message}`;
      expect(notification!.id).toMatch(/^try-on:/);
      expect(text.startsWith(`${storeHost}: `), text).toBe(true);
      // The page's text is there, after the host: the notification is the one about this product.
      expect(text.indexOf(POSING_NAME)).toBeGreaterThan(storeHost.length);
      // The call went on to Chromium, which holds the notification under that id (once its create has run:
      // what was recorded is the call, made before Chromium answered it).
      await expect.poll(() => worker.evaluate(() => chrome.notifications.getAll())).toHaveProperty([notification!.id]);
    } finally {
      sandbox.holdGenerations(false);
      await worker.evaluate(() => (globalThis as unknown as { restoreNotifications?: () => void }).restoreNotifications?.()).catch(() => undefined);
      await front?.close();
      await page.bringToFront();
    }
  });
});
