import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Frame, Page } from 'playwright-core';
import { CATALOG, CATALOG_CHECK_PRODUCTS, startSandbox, type Sandbox } from '../../server/sandbox/index';
import { launchExtension, type LoadedExtension } from './support/extension';
import { sandboxSettings, writeExtensionSettings } from './support/sandbox';
import { acceptedCreates, entriesSince, lastSeq, savePhotoWithConsent, startButton } from './support/shopper';
import { clickArmed, openPanel, reportPanelOnFailure, resultImage, screenshot, tryOnButton, waitForPanelClosed } from './support/try-on';

/**
 * Catalog resolution against the sandbox's token server, which checks the emulator's catalog as an
 * operator's backend checks Aiuta's: the three demo products whose page puts first an id the
 * catalog does not hold.
 */

const { registeredByGtin, onboardable, notOnboardable } = CATALOG_CHECK_PRODUCTS;

describe('catalog resolution after "Try on"', () => {
  let extension: LoadedExtension;
  let sandbox: Sandbox;
  let page: Page;

  const catalogRequests = (since: number) => entriesSince(sandbox, since, 'catalog');

  async function tryOnToResult(panel: Frame): Promise<void> {
    await expect.poll(() => panel.getByRole('radio', { name: 'My photo' }).isChecked()).toBe(true);
    await clickArmed(startButton(panel));
    await resultImage(panel).waitFor({ timeout: 30_000 });
  }

  beforeAll(async () => {
    extension = await launchExtension();
    sandbox = await startSandbox({ catalogCheck: true, skuPreparationMs: 3000, generationMs: 1000 });
    // The unified API: SKU items added on demand are tried on there.
    await writeExtensionSettings(
      extension.worker,
      sandboxSettings(sandbox, { apiBaseUrl: sandbox.unifiedApiUrl, apiFlavour: 'unified-v1', catalogEndpoint: sandbox.catalogUrl }),
    );
    extension.context.setDefaultTimeout(20_000);
    page = await extension.context.newPage();
  });

  afterAll(async () => {
    await extension?.close();
    await sandbox?.close();
  });

  beforeEach(async () => {
    await sandbox.reset();
    // Each test starts with nothing remembered, as in a new browser session.
    await extension.worker.evaluate(() => chrome.storage.session.remove('catalogResolutions'));
    await savePhotoWithConsent(extension, sandbox);
    reportPanelOnFailure(() => page);
  });

  it('sends nothing while browsing, one request on the click, and tries on the second id the catalog knows; a second click asks nothing', async () => {
    const start = lastSeq(sandbox);
    const fetched: string[] = [];
    const onRequest = (request: { url(): string }) => fetched.push(request.url());
    page.on('request', onRequest);
    await page.goto(`${sandbox.storeUrl}${registeredByGtin.page}`);
    await tryOnButton(page).waitFor();
    page.off('request', onRequest);
    // Over the network the tab fetched only the store's own page and assets (the extension's files
    // load from the browser itself).
    const overNetwork = fetched.filter((url) => /^https?:/.test(url));
    expect(overNetwork.length).toBeGreaterThan(0);
    expect(overNetwork.filter((url) => new URL(url).origin !== new URL(sandbox.storeUrl).origin)).toEqual([]);
    // The product was detected and its button is on the page: nothing has gone to the catalog, the
    // token server or the API (README: "While you browse: nothing leaves the browser").
    expect(catalogRequests(start)).toEqual([]);
    expect(entriesSince(sandbox, start).map((entry) => `${entry.service} ${entry.route}`)).toEqual([]);

    const panel = await openPanel(page);
    await panel.getByText('Available for virtual try-on.').waitFor();
    expect(await panel.getByText(/Product code: /).textContent()).toBe(`Product code: ${registeredByGtin.gtin}`);
    const asked = catalogRequests(start);
    expect(asked).toHaveLength(1);
    expect(asked[0]!.requestBody).toMatchObject({
      candidates: [{ id: registeredByGtin.sku }, { id: registeredByGtin.gtin }],
      page: { url: `${sandbox.storeUrl}${registeredByGtin.page}`, name: registeredByGtin.name, brand: registeredByGtin.brand },
    });
    await screenshot(page, 'panel-catalog-available');

    await tryOnToResult(panel);
    expect(acceptedCreates(sandbox, start).map((entry) => (entry.requestBody as { sku_id?: string }).sku_id)).toEqual([registeredByGtin.gtin]);

    // Again on the same page: the answer is remembered for the session, and the result made under the
    // catalog's id (not the page's) is shown first.
    await panel.getByRole('button', { name: 'Close' }).click();
    await waitForPanelClosed(page);
    const again = await openPanel(page, { earlier: 'show' });
    await again.locator('.result[data-earlier]').getByText('You tried this on before.', { exact: false }).waitFor();
    expect(catalogRequests(start)).toHaveLength(1);
    expect(acceptedCreates(sandbox, start)).toHaveLength(1);
    await again.getByRole('button', { name: 'Close' }).click();
    await waitForPanelClosed(page);
  });

  it('shows the item being prepared on first use while the photo is chosen, then tries it on', async () => {
    const start = lastSeq(sandbox);
    await page.goto(`${sandbox.onboardingStoreUrl}${onboardable.page}`);
    const panel = await openPanel(page);
    await panel.getByText(/Preparing this item for try-on \(first time only\)/).first().waitFor();
    await expect.poll(() => panel.getByRole('radio', { name: 'My photo' }).isChecked()).toBe(true);
    expect(await startButton(panel).isDisabled()).toBe(true);
    await screenshot(page, 'panel-catalog-preparing');

    await panel.getByText('Available for virtual try-on.').waitFor({ timeout: 30_000 });
    const onboardedId = `localhost:${onboardable.sku}`;
    expect(await panel.getByText(/Product code: /).textContent()).toBe(`Product code: ${onboardedId}`);
    // Asked again while preparing, each time after the pause the server asked for; created once.
    const asked = catalogRequests(start);
    expect(asked.length).toBeGreaterThanOrEqual(2);
    for (let i = 1; i < asked.length; i++) {
      const pause = (asked[i - 1]!.responseBody as { retry_after_s?: number }).retry_after_s;
      expect(pause).toBeGreaterThanOrEqual(1);
      expect(Date.parse(asked[i]!.at) - Date.parse(asked[i - 1]!.at)).toBeGreaterThanOrEqual(pause! * 1000);
    }
    expect(entriesSince(sandbox, start, 'create_sku_item')).toHaveLength(1);

    await tryOnToResult(panel);
    expect(acceptedCreates(sandbox, start).map((entry) => (entry.requestBody as { sku_id?: string }).sku_id)).toEqual([onboardedId]);
    await panel.getByRole('button', { name: 'Close' }).click();
    await waitForPanelClosed(page);
  });

  it('says the item is not available, with the ids tried and the manual code, and uploads and creates nothing; opened again, asks about the code typed there first', async () => {
    const start = lastSeq(sandbox);
    await page.goto(`${sandbox.storeUrl}${notOnboardable.page}`);
    const panel = await openPanel(page);
    await panel.getByText(/This item is not available for virtual try-on/).waitFor();
    expect(await panel.getByTestId('sku-tried').textContent()).toContain(notOnboardable.sku);
    await panel.getByLabel('Product code (SKU)').waitFor();
    await screenshot(page, 'panel-catalog-not-available');

    expect(catalogRequests(start)).toHaveLength(1);
    expect(entriesSince(sandbox, start, 'upload')).toEqual([]);
    expect(entriesSince(sandbox, start, 'create')).toEqual([]);
    expect(entriesSince(sandbox, start, 'token')).toEqual([]);

    // A code the catalog does not hold either is asked about at once and refused before any Start,
    // not left to fail at the token server with a sentence about the settings.
    await panel.getByLabel('Product code (SKU)').fill('NOT-IN-THE-CATALOG');
    await panel.getByRole('button', { name: 'Use this code' }).click();
    await expect.poll(() => panel.getByTestId('sku-tried').textContent().catch(() => '')).toContain('NOT-IN-THE-CATALOG');
    expect(await startButton(panel).count()).toBe(0);
    expect(catalogRequests(start)).toHaveLength(2);

    // The shopper types a code the catalog holds. Opened again on this page, the panel asks about that
    // code first (the catalog knew none of the page's own) and starts from it.
    const typed = CATALOG[0]!.sku;
    await panel.getByLabel('Product code (SKU)').fill(typed);
    await panel.getByRole('button', { name: 'Use this code' }).click();
    await startButton(panel).waitFor();
    await panel.getByRole('button', { name: 'Close' }).click();
    await waitForPanelClosed(page);
    const again = await openPanel(page);
    // Exact: "This item is not available for virtual try-on." holds the same words.
    await again.getByText('Available for virtual try-on.', { exact: true }).waitFor();
    expect(await again.getByText(/Product code: /).textContent()).toBe(`Product code: ${typed}`);
    // Asked when typed; opened again, the same question has its answer remembered for the session.
    const asked = catalogRequests(start);
    expect(asked).toHaveLength(3);
    const candidates = (asked[2]!.requestBody as { candidates: { id: string }[] }).candidates;
    expect(candidates.map((candidate) => candidate.id).slice(0, 2)).toEqual([typed, notOnboardable.sku]);
    expect(entriesSince(sandbox, start, 'upload')).toEqual([]);
    await again.getByRole('button', { name: 'Close' }).click();
    await waitForPanelClosed(page);
  });
});
