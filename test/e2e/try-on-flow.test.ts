import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Frame, Page } from 'playwright-core';
import { CATALOG, type Sandbox } from '../../server/sandbox/index';
import { launchExtension, type LoadedExtension } from './support/extension';
import { shopperPhoto, startSandboxForExtension } from './support/sandbox';
import { buttonHasFocus, checkArmed, clickArmed, closePanel, openPanel, reportPanelOnFailure, resultImage, screenshot, tryOnButton, waitForPanelClosed } from './support/try-on';
import { savePhotoWithConsent } from './support/shopper';

/** One page per product the demo store shows (the tee's colour variants share one page). */
const productPages = CATALOG.filter((item, index, all) => all.findIndex((other) => other.page.split('?')[0] === item.page.split('?')[0]) === index);

/** The SKU ids the emulator received in create requests since `from` (sku_id or sku_ids). */
function createdSkus(sandbox: Sandbox, from: number): string[][] {
  return sandbox
    .log()
    .filter((entry) => entry.seq > from && entry.route === 'create' && entry.status < 300)
    .map((entry) => {
      const body = entry.requestBody as { sku_id?: string; sku_ids?: string[] };
      return body.sku_ids ?? (body.sku_id ? [body.sku_id] : []);
    });
}

const lastSeq = (sandbox: Sandbox) => sandbox.log().at(-1)?.seq ?? 0;

async function startAndWaitForResult(panel: Frame): Promise<string> {
  await clickArmed(panel.getByRole('button', { name: /^(Start try-on|Try on all \d items)$/ }));
  const result = resultImage(panel);
  await result.waitFor({ timeout: 30_000 });
  return (await result.getAttribute('src')) ?? '';
}

describe('try-on from the demo store product pages', () => {
  let extension: LoadedExtension;
  let sandbox: Sandbox;
  let page: Page;

  beforeAll(async () => {
    extension = await launchExtension();
    sandbox = await startSandboxForExtension(extension.worker, { generationMs: 1500 });
    // Steps fail on their own well before the test's timeout, so a failure names the step.
    extension.context.setDefaultTimeout(20_000);
    page = await extension.context.newPage();
    await page.setViewportSize({ width: 1280, height: 860 });
  });

  afterAll(async () => {
    await extension?.close();
    await sandbox?.close();
  });

  // A failure report says what the panel showed: an e2e failure is otherwise hard to read.
  beforeEach(() => {
    reportPanelOnFailure(() => page);
  });

  it('asks for consent first, uploads the shopper photo, shows progress and the result, and closes with Esc', async () => {
    const tee = productPages.find((item) => item.page.startsWith('/shopify/'))!;
    await page.goto(`${sandbox.storeUrl}${tee.page}`);
    await tryOnButton(page).waitFor();
    await screenshot(page, 'button-shopify');

    const panel = await openPanel(page);
    expect(await panel.getByText(/Product code: /).textContent()).toMatch(new RegExp(`${tee.sku}|${tee.alsoKnownAs.join('|')}`));
    // Nothing of the shopper's can be uploaded before they agree.
    const file = panel.getByLabel('Your photo');
    await expect(file.isDisabled()).resolves.toBe(true);
    await expect(panel.getByText(/uploads that photo/).isVisible()).resolves.toBe(true);
    await screenshot(page, 'panel-consent');

    await checkArmed(panel.getByRole('checkbox', { name: /I agree/ }));
    // The upload opens once the background has stored the consent.
    await expect.poll(() => file.isDisabled()).toBe(false);
    const before = lastSeq(sandbox);
    await file.setInputFiles(await shopperPhoto(sandbox));
    await expect.poll(() => panel.getByRole('radio', { name: 'My photo' }).isChecked(), { timeout: 10_000 }).toBe(true);
    await screenshot(page, 'panel-photo-chosen');

    await clickArmed(panel.getByRole('button', { name: 'Start try-on' }));
    await panel.getByRole('heading', { name: 'Creating your try-on' }).waitFor();
    await expect(panel.getByText(/^Elapsed: \d+:\d\d$/).isVisible()).resolves.toBe(true);
    await screenshot(page, 'panel-progress');

    const result = resultImage(panel);
    await result.waitFor({ timeout: 30_000 });
    expect(await result.getAttribute('src')).toContain(new URL(sandbox.apiUrl).host);
    expect(createdSkus(sandbox, before)).toEqual([[expect.stringMatching(new RegExp(`^(${tee.sku}|${tee.alsoKnownAs.join('|')})$`))]]);
    // Also README's picture of the panel (`npm run screenshots` copies it into docs/).
    await screenshot(page, 'panel-result');

    await panel.getByRole('button', { name: 'Compare with my photo' }).click();
    await panel.getByRole('slider', { name: /Move the divide/ }).waitFor();
    await screenshot(page, 'panel-compare');

    await closePanel(page);
    expect(await buttonHasFocus(page)).toBe(true);
  });

  // Every test from here on starts with a saved photo and consent, whichever ran before it.
  describe('with a saved photo', () => {
    beforeAll(() => savePhotoWithConsent(extension, sandbox));

    it.each(productPages.filter((item) => !item.page.startsWith('/shopify/')).map((item) => [item.page, item] as const))(
      'tries on the product of %s with the saved photo',
      async (_path, item) => {
        await page.goto(`${sandbox.storeUrl}${item.page}`);
        const panel = await openPanel(page);
        await expect(panel.getByText(/Product code: /).textContent()).resolves.toBe(`Product code: ${item.sku}`);
        // The saved photo is chosen by itself once the shopper agreed and saved one.
        await expect.poll(() => panel.getByRole('radio', { name: 'My photo' }).isChecked()).toBe(true);
        const before = lastSeq(sandbox);
        const src = await startAndWaitForResult(panel);
        expect(src).toContain(new URL(sandbox.apiUrl).host);
        expect(createdSkus(sandbox, before)).toEqual([[item.sku]]);
        await panel.getByRole('button', { name: 'Close' }).click();
        await waitForPanelClosed(page);
      },
    );

    it('tries on with a predefined model, which needs no upload', async () => {
      await page.goto(`${sandbox.storeUrl}/woo/product/linen-summer-dress/`);
      const panel = await openPanel(page);
      const model = panel.getByRole('radio', { name: /^Model: / }).first();
      await checkArmed(model);
      const before = lastSeq(sandbox);
      await startAndWaitForResult(panel);
      const routes = sandbox.log().filter((entry) => entry.seq > before).map((entry) => entry.route);
      expect(routes).not.toContain('upload');
      expect(routes).toContain('create');
      await closePanel(page);
    });

    it('builds an outfit: an item kept on one page is tried on with the product of the next page', async () => {
      try {
        await page.goto(`${sandbox.storeUrl}/magento/slim-chino-trousers.html`);
        let panel = await openPanel(page);
        await startAndWaitForResult(panel);
        await panel.getByRole('button', { name: 'Add to outfit' }).click();
        await panel.getByText(/Added to your outfit/).waitFor();
        await closePanel(page);

        await page.goto(`${sandbox.storeUrl}/og/camel-wool-overcoat`);
        panel = await openPanel(page);
        await panel.getByRole('heading', { name: 'Worn together with' }).waitFor();
        await expect(panel.getByText('Slim Chino Trousers').isVisible()).resolves.toBe(true);
        await screenshot(page, 'panel-outfit');
        const before = lastSeq(sandbox);
        await startAndWaitForResult(panel);
        expect(createdSkus(sandbox, before)).toEqual([['MG-CHINO-KHAKI-32', 'OG-COAT-CAMEL']]);
        // Taking the kept item out makes the next try-on a single item again.
        await panel.getByRole('button', { name: 'Try again' }).click();
        await panel.getByRole('button', { name: /Remove Slim Chino Trousers/ }).click();
        await panel.getByRole('button', { name: 'Start try-on' }).waitFor();
        await closePanel(page);
      } finally {
        // No kept item reaches another test's try-on, even when a check above failed.
        await extension.worker.evaluate(() => chrome.storage.local.remove(['outfit', 'outfit$']));
      }
    });

    it('cancels a running try-on and goes back to the photo choice', async () => {
      // A slow service, so the try-on is still running when the shopper cancels.
      sandbox.setFaults({ latencyMs: 1500, routes: ['create', 'status'] });
      try {
        await page.goto(`${sandbox.storeUrl}/jsonld/chunky-knit-sweater`);
        const panel = await openPanel(page);
        await clickArmed(panel.getByRole('button', { name: 'Start try-on' }));
        await panel.getByRole('heading', { name: 'Creating your try-on' }).waitFor();
        await panel.getByRole('button', { name: 'Cancel' }).click();
        await panel.getByRole('button', { name: 'Start try-on' }).waitFor();
        const { jobs } = await extension.worker.evaluate(() => chrome.storage.session.get('jobs'));
        expect((jobs as { status: string }[]).some((job) => job.status === 'cancelled')).toBe(true);
        await expect(resultImage(panel).count()).resolves.toBe(0);
        await closePanel(page);
      } finally {
        sandbox.setFaults({ latencyMs: 0, routes: null });
      }
    });

    it('says the service is slow to answer while status requests hang, and shows the result once it answers', async () => {
      sandbox.setFaults({ rateHang: 1, routes: ['status'] });
      try {
        await page.goto(`${sandbox.storeUrl}/jsonld/chunky-knit-sweater`);
        const panel = await openPanel(page);
        await clickArmed(panel.getByRole('button', { name: 'Start try-on' }));
        const status = panel.getByRole('status').filter({ hasText: 'Generating the picture' });
        await status.waitFor();
        await expect(status.textContent()).resolves.not.toContain('slow to answer');
        // A status request is given up after 10 s: from then on the panel says why nothing moves.
        await status.filter({ hasText: 'The try-on service is slow to answer right now. Still trying…' }).waitFor({ timeout: 20_000 });
        await screenshot(page, 'panel-service-slow');
        sandbox.setFaults({ rateHang: 0, routes: null });
        await resultImage(panel).waitFor({ timeout: 40_000 });
        await closePanel(page);
      } finally {
        sandbox.setFaults({ rateHang: 0, routes: null });
      }
    });

    it('offers a retry when the service is unreachable, and the retry works once it is back', async () => {
      sandbox.setFaults({ rate503: 1, retryAfterSeconds: 0 });
      await page.goto(`${sandbox.storeUrl}/jsonld/wide-leg-trousers`);
      const panel = await openPanel(page);
      try {
        await clickArmed(panel.getByRole('button', { name: 'Start try-on' }));
        await panel.getByRole('button', { name: 'Try again' }).waitFor({ timeout: 60_000 });
        await expect(panel.getByRole('alert').textContent()).resolves.toMatch(/try again/i);
        await screenshot(page, 'panel-error-retry');
      } finally {
        sandbox.setFaults({ rate503: 0 });
      }
      await clickArmed(panel.getByRole('button', { name: 'Try again' }));
      await resultImage(panel).waitFor({ timeout: 30_000 });
      await closePanel(page);
    });

    it('downloads the result as a file', async () => {
      await page.goto(`${sandbox.storeUrl}/jsonld/oxford-button-down-shirt`);
      const panel = await openPanel(page);
      await startAndWaitForResult(panel);
      const download = page.waitForEvent('download');
      await panel.getByRole('button', { name: 'Download' }).click();
      expect((await download).suggestedFilename()).toMatch(/^try-on-CAT-OXFORD-SHIRT-BLUE\.(jpg|png|webp)$/);
      await closePanel(page);
    });

    it('explains an abort reason from the service in a plain sentence and offers to change the photo', async () => {
      await page.goto(`${sandbox.storeUrl}/lab/product?sku=SANDBOX-ABORT-NO_PEOPLE_DETECTED`);
      const panel = await openPanel(page);
      await clickArmed(panel.getByRole('button', { name: 'Start try-on' }));
      const alert = panel.getByRole('alert');
      await alert.waitFor({ timeout: 30_000 });
      await expect(alert.textContent()).resolves.toContain("We couldn't find a person in this photo. Use a well-lit photo of one adult standing straight.");
      await screenshot(page, 'panel-error-abort');
      await panel.getByRole('button', { name: 'Change photo' }).click();
      await panel.getByLabel('Your photo').waitFor();
      await expect(panel.getByRole('radio', { name: 'My photo' }).isChecked()).resolves.toBe(false);
      await closePanel(page);
    });

    it('offers to enter the product code when the service does not know the SKU', async () => {
      await page.goto(`${sandbox.storeUrl}/lab/product?sku=NOT-IN-CATALOG-1`);
      const panel = await openPanel(page);
      await clickArmed(panel.getByRole('button', { name: 'Start try-on' }));
      await panel.getByRole('button', { name: 'Enter product code' }).click({ timeout: 30_000 });
      const code = panel.getByLabel('Product code (SKU)');
      await code.fill('DL-HOODIE-GREY');
      await panel.getByRole('button', { name: 'Use this code' }).click();
      const before = lastSeq(sandbox);
      await startAndWaitForResult(panel);
      expect(createdSkus(sandbox, before)).toEqual([['DL-HOODIE-GREY']]);
      await closePanel(page);
    });

    it('sends the shopper to the settings when the credentials are missing', async () => {
      const settings = await extension.worker.evaluate(() => chrome.storage.local.get('settings'));
      await extension.worker.evaluate(
        (value) => chrome.storage.local.set({ settings: { ...value, subscriptionId: '', tokenEndpoint: '' } }),
        settings.settings as Record<string, unknown>,
      );
      try {
        await page.goto(`${sandbox.storeUrl}/jsonld/classic-denim-jacket`);
        const panel = await openPanel(page);
        await clickArmed(panel.getByRole('button', { name: 'Start try-on' }));
        const action = panel.getByRole('button', { name: 'Open settings' });
        await action.waitFor({ timeout: 15_000 });
        await screenshot(page, 'panel-error-settings');
        const opened = extension.context.waitForEvent('page');
        await action.click();
        expect((await opened).url()).toMatch(/^chrome-extension:\/\/[a-p]{32}\/(options|popup)\.html/);
      } finally {
        await extension.worker.evaluate((value) => chrome.storage.local.set({ settings: value }), settings.settings as Record<string, unknown>);
      }
    });
  });
});
