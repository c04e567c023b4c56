import { mkdir } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startSandbox, type Sandbox } from '../../server/sandbox/index';
import { launchExtension, type LoadedExtension } from './support/extension';
import { sandboxSettings, shopperPhoto, writeExtensionSettings } from './support/sandbox';
import { savePhotoWithConsent } from './support/shopper';
import { screenshotDir } from './support/try-on';
import type { Settings } from '../../utils/settings/schema';

/**
 * The popup as a person uses it, in Debian Chromium against the sandbox: settings with validation,
 * "Test connection" (success and each kind of failure), the photo, the current tab with its site
 * rule preview, live job progress, history with remote delete, and "Delete all my data".
 */

// README's picture of the popup (`npm run screenshots` copies it into docs/).
const readmeScreenshot = resolve(screenshotDir, 'popup-generating.png');
const productPath = '/jsonld/classic-denim-jacket';
const productSku = 'LD-DENIM-JKT-M';

/** A token endpoint that misbehaves in one chosen way, to see each failure explained. */
async function startFakeTokenServer(): Promise<{ url(path: string): string; close(): Promise<void> }> {
  const server: Server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
    const cors = { 'access-control-allow-origin': '*', 'access-control-allow-headers': 'content-type' };
    if (request.method === 'OPTIONS') return response.writeHead(204, cors).end();
    if (path === '/unauthorized') {
      return response.writeHead(401, { ...cors, 'content-type': 'application/json' }).end('{"error":"unauthorized","message":"log in first"}');
    }
    if (path === '/any-subscription' || path === '/expired') {
      // A well-formed token for whatever subscription is asked (the extension cannot check signatures).
      const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
      const now = Math.floor(Date.now() / 1000);
      const exp = path === '/expired' ? now - 120 : now + 60;
      const token = `${part({ alg: 'HS256', typ: 'JWT' })}.${part({ iss: 'fake-issuer', iat: now - 180, exp })}.c2lnbmF0dXJl`;
      return response.writeHead(200, { ...cors, 'content-type': 'application/json' }).end(JSON.stringify({ type: 'jwt', token }));
    }
    if (path === '/wrong-shape') return response.writeHead(200, { ...cors, 'content-type': 'application/json' }).end('{"access_token":"abc"}');
    response.writeHead(404, cors).end();
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url: (path) => `${origin}${path}`, close: () => new Promise((done) => server.close(() => done())) };
}

async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((done) => server.close(() => done()));
  return `http://127.0.0.1:${port}/aiuta_jwt`;
}

/**
 * The id of the tab whose content script reports this SKU (null: the tab with no content script).
 * Without the "tabs" permission the extension cannot see tab URLs, so it asks each tab instead.
 */
async function tabOf(extensionPage: Page, sku: string | null): Promise<number> {
  let found: number | undefined;
  await expect
    .poll(async () => {
      found = await extensionPage.evaluate(async (wanted) => {
        for (const tab of await chrome.tabs.query({})) {
          if (tab.id === undefined || tab.url?.startsWith('chrome-extension://')) continue;
          const reply = await chrome.tabs
            .sendMessage(tab.id, { channel: 'shop-try-on', type: 'detection.get', data: {} })
            .catch(() => null);
          if (wanted === null ? reply === null : reply?.data?.product?.sku === wanted) return tab.id;
        }
        return undefined;
      }, sku);
      return found;
    }, { timeout: 10_000 })
    .toBeTypeOf('number');
  return found!;
}

/** Sends one of the extension's messages from one of its pages, as the popup does, and returns the reply. */
async function ask(extension: LoadedExtension, type: string, data: unknown = {}): Promise<{ ok: boolean; data?: { job?: { id: string; status: string } } }> {
  const page = await extension.openPage('options.html');
  try {
    return await page.evaluate(([type, data]) => chrome.runtime.sendMessage({ channel: 'shop-try-on', type, data }), [type, data] as const);
  } finally {
    await page.close();
  }
}

/** A try-on of the demo product, started as the panel starts one, run to its result: the photo is uploaded and History has it. */
async function finishedTryOn(extension: LoadedExtension): Promise<void> {
  const started = await ask(extension, 'tryOn.start', { items: [{ skuId: productSku, name: 'Classic Denim Jacket' }], photo: { kind: 'saved' } });
  expect(started).toMatchObject({ ok: true });
  const jobId = started.data!.job!.id;
  await expect.poll(async () => (await ask(extension, 'jobs.get', { jobId })).data?.job?.status, { timeout: 30_000, interval: 250 }).toMatch(/done|failed/);
  expect((await ask(extension, 'jobs.get', { jobId })).data?.job?.status).toBe('done');
}

const storedSettings = (extension: LoadedExtension) =>
  extension.worker.evaluate(() => chrome.storage.local.get('settings').then((value) => value.settings)) as Promise<Settings | undefined>;

/** Page object for the popup page. */
function popupUi(page: Page) {
  const field = (label: string) => page.getByLabel(label, { exact: true });
  return {
    page,
    subscriptionId: field('Subscription ID'),
    tokenEndpoint: field('Token endpoint'),
    apiBaseUrl: field('API base URL'),
    save: page.getByRole('button', { name: 'Save', exact: true }),
    testConnection: page.getByRole('button', { name: 'Test connection' }),
    tab: (name: 'Try-on' | 'Photo' | 'History' | 'Settings') => page.getByRole('tab', { name, exact: true }),
    async fillSettings(values: { subscriptionId: string; tokenEndpoint: string; apiBaseUrl: string }) {
      await this.subscriptionId.fill(values.subscriptionId);
      await this.tokenEndpoint.fill(values.tokenEndpoint);
      await this.apiBaseUrl.fill(values.apiBaseUrl);
    },
    /** The message shown next to a field (what a screen reader reads with it). */
    async problemOf(label: string): Promise<string> {
      const ids = (await field(label).getAttribute('aria-describedby')) ?? '';
      const texts = await Promise.all(ids.split(' ').filter(Boolean).map((id) => page.locator(`[id="${id}"]`).textContent()));
      return texts.join(' ');
    },
    async testAndWait() {
      await this.testConnection.click();
      await page.locator('.connection-test .result').first().waitFor();
      await expect.poll(() => this.testConnection.isEnabled()).toBe(true);
    },
  };
}

describe('the popup against the sandbox', () => {
  let extension: LoadedExtension;
  let sandbox: Sandbox;
  let fakeTokens: Awaited<ReturnType<typeof startFakeTokenServer>>;

  beforeAll(async () => {
    sandbox = await startSandbox({ generationMs: 1500 });
    fakeTokens = await startFakeTokenServer();
    extension = await launchExtension();
  });

  afterAll(async () => {
    await extension?.close();
    await sandbox?.close();
    await fakeTokens?.close();
  });

  const openPopup = async (query = '') => {
    const page = await extension.openPage(`popup.html${query}`);
    await page.setViewportSize({ width: 380, height: 640 });
    return popupUi(page);
  };

  describe('with nothing configured yet', () => {
    beforeEach(async () => {
      await extension.worker.evaluate(() => chrome.storage.local.remove(['settings', 'settings$']));
    });

    it('opens on the settings while nothing is configured, validates each field and saves', async () => {
      const popup = await openPopup();
      await expect.poll(() => popup.tab('Settings').getAttribute('aria-selected')).toBe('true');
      await expect(popup.page.getByRole('heading', { level: 1 }).textContent()).resolves.toBeTruthy();

      await popup.fillSettings({ subscriptionId: 'not valid!', tokenEndpoint: 'http://tokens.shop.example/jwt', apiBaseUrl: 'ftp://x' });
      await popup.save.click();
      await expect.poll(() => popup.problemOf('Subscription ID')).toMatch(/1 to 64 letters, digits/);
      await expect(popup.problemOf('Token endpoint')).resolves.toMatch(/Use https:\/\/\. Plain http:\/\/ is allowed only for 127\.0\.0\.1/);
      await expect(popup.problemOf('API base URL')).resolves.toMatch(/full web address/);
      await expect(popup.subscriptionId.getAttribute('aria-invalid')).resolves.toBe('true');
      // Nothing invalid was stored.
      expect((await storedSettings(extension))?.subscriptionId ?? '').not.toBe('not valid!');

      await popup.fillSettings({ subscriptionId: sandbox.subscriptionId, tokenEndpoint: sandbox.tokenUrl, apiBaseUrl: `${sandbox.apiUrl}/` });
      await popup.save.click();
      await popup.page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
      await expect(popup.subscriptionId.getAttribute('aria-invalid')).resolves.toBeNull();

      // Saved values load when the popup opens again, normalised (no trailing slash).
      await popup.page.reload();
      await popup.tab('Settings').click();
      await expect(popup.subscriptionId.inputValue()).resolves.toBe(sandbox.subscriptionId);
      await expect(popup.tokenEndpoint.inputValue()).resolves.toBe(sandbox.tokenUrl);
      await expect(popup.apiBaseUrl.inputValue()).resolves.toBe(sandbox.apiUrl);
      await popup.page.close();
    });
  });

  describe('set up for the sandbox', () => {
    // Each test starts from the settings a shopper saved for the sandbox, whatever ran before it.
    beforeEach(async () => {
      await writeExtensionSettings(extension.worker, sandboxSettings(sandbox));
    });

    it('tests the connection: one upload token, one models call with x-user-id; shows the token issuer and expiry', async () => {
      sandbox.reset();
      const popup = await openPopup('?tab=settings');
      await popup.testAndWait();
      const result = popup.page.getByTestId('connection-result');
      await expect(result.textContent()).resolves.toContain('Connection works.');
      await expect(popup.page.getByTestId('token-issuer').textContent()).resolves.toBe(sandbox.issuer);
      await expect(popup.page.getByTestId('token-expiry').textContent()).resolves.toMatch(/\(in (5\d|60) s\)/);
      // README: one upload token from the token endpoint, then one call to the API: the models list.
      expect(sandbox.log().map((entry) => [entry.service, entry.route, entry.auth, entry.status, (entry.requestBody as { operation?: string } | null)?.operation])).toEqual([
        ['token', 'token', 'none', 200, 'upload_image'],
        ['api', 'models', 'user-id', 200, undefined],
      ]);

      // Switching the API flavour moves the sandbox URL to the other API, and the test runs against it.
      await popup.page.getByRole('radio', { name: 'Unified v1' }).check();
      await expect(popup.apiBaseUrl.inputValue()).resolves.toBe(sandbox.unifiedApiUrl);
      sandbox.reset();
      await popup.testAndWait();
      await expect(popup.page.getByTestId('connection-result').textContent()).resolves.toContain('Connection works.');
      expect(sandbox.log().some((entry) => entry.service === 'api' && entry.flavour === 'unified')).toBe(true);
      await popup.page.getByRole('radio', { name: 'Digital Try-On v1' }).check();
      await expect(popup.apiBaseUrl.inputValue()).resolves.toBe(sandbox.apiUrl);
      await popup.save.click();
      await popup.page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
      await popup.page.close();
    });

    it('takes an optional catalog endpoint, validated like the others, and Test connection checks it', async () => {
      const popup = await openPopup('?tab=settings');
      const catalog = popup.page.getByLabel('Catalog endpoint', { exact: true });
      try {
        await catalog.fill('http://catalog.shop.example/aiuta_sku');
        await popup.save.click();
        await expect.poll(() => popup.problemOf('Catalog endpoint')).toMatch(/Use https:\/\//);
        expect((await storedSettings(extension))?.catalogEndpoint ?? '').toBe('');

        // This sandbox's token server runs without the API key: it answers 501, and try-ons use the page's id.
        await catalog.fill(sandbox.catalogUrl);
        await popup.save.click();
        await popup.page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
        expect((await storedSettings(extension))?.catalogEndpoint).toBe(sandbox.catalogUrl);
        sandbox.reset();
        await popup.testAndWait();
        await expect(popup.page.getByTestId('catalog-check').textContent()).resolves.toMatch(/no catalog check \(HTTP 501\)/);
        // What was sent is a request the endpoint must refuse: no product ids.
        const asked = sandbox.log().filter((entry) => entry.route === 'catalog');
        expect(asked.map((entry) => entry.requestBody)).toEqual([{ subscription_id: sandbox.subscriptionId, candidates: [] }]);

        // Nothing there at all: the endpoint cannot be reached, and the test says so and points at it.
        await catalog.fill('http://127.0.0.1:9/aiuta_sku');
        await popup.save.click();
        await popup.page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
        await popup.testAndWait();
        await expect(popup.page.getByTestId('catalog-check').textContent()).resolves.toBe('The product check could not be done right now. Please try again in a moment.');
        await expect(popup.page.getByTestId('connection-result').textContent()).resolves.toContain('Check: Catalog endpoint');
      } finally {
        await catalog.fill('');
        await popup.save.click();
        await popup.page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
        await popup.page.close();
      }
      expect((await storedSettings(extension))?.catalogEndpoint).toBe('');
    });

    it('explains each connection failure by its cause and points at the field', async () => {
      const popup = await openPopup('?tab=settings');
      const failure = popup.page.locator('.connection-test [role="alert"]');
      const tryEndpoint = async (url: string) => {
        await popup.tokenEndpoint.fill(url);
        await popup.testAndWait();
        return { code: await failure.getAttribute('data-error-code'), text: await failure.textContent() };
      };

      const unreachable = await tryEndpoint(await closedPortUrl());
      expect(unreachable.code).toBe('token_unreachable');
      expect(unreachable.text).toMatch(/can't be reached: the address may be wrong or the server is not running/);
      expect(unreachable.text).toContain('Check: Token endpoint');

      const rejected = await tryEndpoint(fakeTokens.url('/unauthorized'));
      expect(rejected.code).toBe('token_rejected');
      expect(rejected.text).toMatch(/refused to issue a token/);
      // The panel's sentence for it, and the token server's own words only labelled as such.
      expect(rejected.text).toContain('The sign-in service refused the request.');
      expect(rejected.text).toContain('The service said: log in first');

      const shape = await tryEndpoint(fakeTokens.url('/wrong-shape'));
      expect(shape.code).toBe('token_bad_response');
      expect(shape.text).toMatch(/not with a token in the expected shape/);

      const expired = await tryEndpoint(fakeTokens.url('/expired'));
      expect(expired.code).toBe('token_expired');
      expect(expired.text).toMatch(/already expired\. Check the clocks/);

      // A token comes back, but the try-on service does not know the subscription: 401 from the API.
      await popup.subscriptionId.fill('unknown-subscription');
      const apiRefused = await tryEndpoint(fakeTokens.url('/any-subscription'));
      expect(apiRefused.code).toBe('api_unauthorized');
      expect(apiRefused.text).toMatch(/refused the credentials \(401\)/);
      expect(apiRefused.text).toContain('Check: Subscription ID');
      await expect(popup.page.getByTestId('token-issuer').textContent()).resolves.toBe('fake-issuer');
      await expect(popup.page.getByTestId('connection-result').textContent()).resolves.toContain('A token was issued, but the try-on service did not answer');
      await popup.subscriptionId.fill(sandbox.subscriptionId);

      // Back to the working endpoint: the same form recovers.
      await popup.tokenEndpoint.fill(sandbox.tokenUrl);
      await popup.testAndWait();
      await expect(popup.page.getByTestId('connection-result').textContent()).resolves.toContain('Connection works.');
      await popup.page.close();
    });

    it('the options page shows the same form with the saved values', async () => {
      const options = popupUi(await extension.openPage('options.html'));
      await expect(options.subscriptionId.inputValue()).resolves.toBe(sandbox.subscriptionId);
      await expect(options.apiBaseUrl.inputValue()).resolves.toBe(sandbox.apiUrl);
      await expect(options.page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Shop Try-On settings');
      await options.page.close();
    });

    it('uploads the shopper photo after consent', async () => {
      await ask(extension, 'photo.delete');
      await ask(extension, 'consent.set', { accepted: false });
      const popup = await openPopup('?tab=photo');
      const file = popup.page.getByLabel('Your photo', { exact: true });
      await expect(file.isDisabled()).resolves.toBe(true);
      await popup.page.getByRole('checkbox', { name: /I agree that my photo is uploaded/ }).check();
      await expect.poll(() => file.isEnabled()).toBe(true);
      await file.setInputFiles(await shopperPhoto(sandbox));
      await popup.page.getByRole('button', { name: 'Delete my photo' }).waitFor({ timeout: 15_000 });
      await expect(popup.page.getByRole('radio', { name: /My photo/ }).count()).resolves.toBe(1);
      await popup.page.close();
    });

    it('draws "Photo tips" as the link it is in the panel, not as a bare browser button', async () => {
      const popup = await openPopup('?tab=photo');
      const toggle = popup.page.getByRole('button', { name: 'Photo tips' });
      const look = await toggle.evaluate((element) => {
        const style = getComputedStyle(element);
        return { border: style.borderTopStyle, background: style.backgroundColor, underline: style.textDecorationLine };
      });
      expect(look).toEqual({ border: 'none', background: 'rgba(0, 0, 0, 0)', underline: 'underline' });
      await popup.page.close();
    });

    it('shows what was detected on the current tab, turns the button off there and previews a site rule', async () => {
      const store = await extension.context.newPage();
      await store.goto(`${sandbox.storeUrl}${productPath}`);
      const popup = await openPopup('?tab=settings');
      const tabId = await tabOf(popup.page, productSku);
      await popup.page.goto(popup.page.url().replace(/\?.*$/, `?tab=try-on&tabId=${tabId}`));
      await expect.poll(() => popup.page.getByTestId('detected-sku').textContent(), { timeout: 10_000 }).toBe(productSku);
      await expect(popup.page.getByTestId('detected-name').textContent()).resolves.toMatch(/Denim Jacket/i);
      await expect(popup.page.getByTestId('detected-source').textContent()).resolves.toBe('structured data (JSON-LD)');

      const host = new URL(sandbox.storeUrl).hostname;
      const toggle = popup.page.getByRole('switch', { name: /Show the “Try on” button on this site/ });
      await expect(toggle.isChecked()).resolves.toBe(true);
      await toggle.uncheck();
      await expect
        .poll(async () => (await storedSettings(extension))?.disabledSites)
        .toEqual([host]);
      await toggle.check();
      await expect
        .poll(async () => (await storedSettings(extension))?.disabledSites)
        .toEqual([]);

      await popup.page.getByText('Add a rule for this site').click();
      await popup.page.getByLabel('Regular expression', { exact: true }).fill('/jsonld/([a-z-]+)');
      await expect.poll(() => popup.page.getByTestId('preview-sku').textContent(), { timeout: 10_000 }).toBe('classic-denim-jacket');
      await expect(popup.page.getByTestId('rule-preview').textContent()).resolves.toContain('your site rule');
      await popup.page.getByLabel('Regular expression', { exact: true }).fill('(unclosed');
      await popup.page.getByRole('button', { name: 'Save rule' }).click();
      await popup.page.getByText('This is not a valid regular expression.').waitFor();
      await popup.page.getByLabel('Regular expression', { exact: true }).fill('/jsonld/([a-z-]+)');
      await popup.page.getByLabel('Catalog name (sku_catalog_name)', { exact: true }).fill('main');
      await popup.page.getByRole('button', { name: 'Save rule' }).click();
      await popup.page.getByText('Rule saved.').waitFor();
      await expect(storedSettings(extension).then((settings) => settings?.siteRules)).resolves.toEqual([
        { host, regex: '/jsonld/([a-z-]+)', skuCatalogName: 'main' },
      ]);
      // Leave no rule behind: the SKU must stay the store's own for the try-on below.
      await popup.page.getByRole('button', { name: 'Remove rule' }).click();
      await popup.page.getByText('Rule removed.').waitFor();
      await popup.page.close();

      // A page without our content script is explained, not an error.
      const blank = await extension.context.newPage();
      await blank.goto('about:blank');
      const noScript = await openPopup('?tab=settings');
      const blankId = await tabOf(noScript.page, null);
      await noScript.page.goto(noScript.page.url().replace(/\?.*$/, `?tab=try-on&tabId=${blankId}`));
      await expect(noScript.page.getByTestId('no-content-script').textContent()).resolves.toMatch(/can't read this page/);
      await noScript.page.close();
      await blank.close();
      await store.close();
    });

    it('shows a running try-on live, lists the result in History, downloads it and deletes it here and remotely', async () => {
      await savePhotoWithConsent(extension, sandbox);
      await extension.worker.evaluate(() => chrome.storage.local.remove('history'));
      sandbox.reset();
      const store = await extension.context.newPage();
      await store.goto(`${sandbox.storeUrl}${productPath}`);
      const popup = await openPopup('?tab=settings');
      const tabId = await tabOf(popup.page, productSku);
      await popup.page.goto(popup.page.url().replace(/\?.*$/, `?tab=try-on&tabId=${tabId}`));
      await popup.page.getByTestId('detected-sku').waitFor();

      // A try-on started elsewhere (the panel does this on the store page) shows up here with its progress.
      const started = await popup.page.evaluate(
        (item) => chrome.runtime.sendMessage({ channel: 'shop-try-on', type: 'tryOn.start', data: { items: [item], photo: { kind: 'saved' } } }),
        { skuId: productSku, name: 'Classic Denim Jacket' },
      );
      expect(started).toMatchObject({ ok: true });
      const job = popup.page.getByTestId('job');
      const seen = new Set<string>();
      await expect
        .poll(
          async () => {
            const status = (await job.getAttribute('data-status')) ?? '';
            seen.add(status);
            if (status === 'generating' && !seen.has('shot')) {
              seen.add('shot');
              await mkdir(screenshotDir, { recursive: true });
              await popup.page.screenshot({ path: readmeScreenshot, fullPage: true });
            }
            return status;
          },
          { timeout: 30_000, interval: 100 },
        )
        .toMatch(/done|failed/);
      if ((await job.getAttribute('data-status')) === 'failed') {
        throw new Error(`The try-on failed: ${await job.textContent()}`);
      }
      // The popup saw the job move through its stages, not just its end.
      expect(seen.has('generating')).toBe(true);

      // A result from earlier whose images have expired is shown as such.
      await extension.worker.evaluate(async () => {
        const { history = [] } = await chrome.storage.local.get('history');
        const expired = {
          id: 'expired-entry',
          jobId: 'old-job',
          items: [{ skuId: 'OG-COAT-CAMEL', name: 'Camel Wool Overcoat' }],
          createdAt: Date.now() - 3 * 86_400_000,
          images: [{ id: 'generated-old', url: 'http://127.0.0.1:9/old.jpg', expiresAt: Date.now() - 86_400_000 }],
        };
        await chrome.storage.local.set({ history: [...(history as unknown[]), expired] });
      });

      await popup.tab('History').click();
      const items = popup.page.getByTestId('history-item');
      await expect.poll(() => items.count(), { timeout: 10_000 }).toBe(2);
      const fresh = items.filter({ hasText: 'Classic Denim Jacket' });
      const old = items.filter({ hasText: 'Camel Wool Overcoat' });
      await expect(fresh.textContent()).resolves.not.toContain('Expired');
      await expect(old.textContent()).resolves.toContain('Expired');
      await expect(old.getByRole('button', { name: 'Download' }).count()).resolves.toBe(0);
      await expect(popup.page.getByRole('img', { name: /^Try-on result: Classic Denim Jacket/ }).count()).resolves.toBe(1);
      await expect(fresh.getByRole('link', { name: 'Open' }).getAttribute('href')).resolves.toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);

      const [download] = await Promise.all([popup.page.waitForEvent('download'), fresh.getByRole('button', { name: 'Download' }).click()]);
      expect(download.suggestedFilename()).toMatch(/^try-on-classic-denim-jacket-\d{4}-\d\d-\d\d\.(jpg|png|webp)$/);

      await popup.page.getByRole('button', { name: 'Delete the try-on of Classic Denim Jacket' }).click();
      await expect.poll(() => items.count()).toBe(1);
      await expect
        .poll(() => sandbox.log().filter((entry) => entry.route === 'delete_generated' && entry.status < 300).length)
        .toBe(1);
      await popup.page.close();
      await store.close();
    });

    it('"Delete all my data" asks first, then removes the photo and history here and on the service', async () => {
      await savePhotoWithConsent(extension, sandbox);
      await finishedTryOn(extension);
      const logBefore = sandbox.log().length;
      const popup = await openPopup('?tab=history');
      await popup.page.getByRole('button', { name: 'Delete all my data' }).click();
      await popup.page.getByText("This can't be undone.").waitFor();
      await popup.page.getByRole('button', { name: 'Cancel' }).click();
      await expect(popup.page.getByRole('button', { name: 'Yes, delete everything' }).count()).resolves.toBe(0);

      await popup.page.getByRole('button', { name: 'Delete all my data' }).click();
      await popup.page.getByRole('button', { name: 'Yes, delete everything' }).click();
      await popup.page.getByText('All your data was deleted.').waitFor({ timeout: 15_000 });
      await popup.page.getByTestId('history-empty').waitFor();
      // The uploaded photo was deleted on the service too.
      expect(sandbox.log().slice(logBefore).some((entry) => entry.route === 'delete_uploaded' && entry.status < 300)).toBe(true);
      await popup.tab('Photo').click();
      await popup.page.getByRole('checkbox', { name: /I agree that my photo is uploaded/ }).waitFor();
      await expect(popup.page.getByRole('button', { name: 'Delete my photo' }).count()).resolves.toBe(0);
      await expect(popup.page.getByRole('checkbox', { name: /I agree that my photo is uploaded/ }).isChecked()).resolves.toBe(false);
      await popup.page.close();
    });
  });
});
