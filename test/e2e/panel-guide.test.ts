import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Frame, Page } from 'playwright-core';
import type { Sandbox } from '../../server/sandbox/index';
import { launchExtension, type LoadedExtension } from './support/extension';
import { shopperPhoto, startSandboxForExtension } from './support/sandbox';
import { liveWorker } from './support/shopper';
import { checkArmed, clickArmed, closePanel, openPanel, reportPanelOnFailure, resultImage, screenshot } from './support/try-on';

/** The first bytes of an iPhone photo: an ISO box `ftyp` with the HEIC brand. */
const heicBytes = Buffer.from('\0\0\0\x18ftypheic\0\0\0\0mif1heic', 'latin1');

/** What a shopper meets around their photo: the guide, HEIC files, advice after a refused photo, an earlier result. */
describe('the panel around the shopper\'s photo', () => {
  let extension: LoadedExtension;
  let sandbox: Sandbox;
  let page: Page;

  beforeAll(async () => {
    extension = await launchExtension();
    sandbox = await startSandboxForExtension(extension.worker, { generationMs: 500 });
    extension.context.setDefaultTimeout(20_000);
    page = await extension.context.newPage();
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  afterAll(async () => {
    await extension?.close();
    await sandbox?.close();
  });

  beforeEach(() => {
    reportPanelOnFailure(() => page);
  });

  it('shows the guide to a good photo while the shopper has none, and tucks it behind "Photo tips" once they do', async () => {
    await page.goto(`${sandbox.storeUrl}/woo/product/linen-summer-dress/`);
    const panel = await openPanel(page);
    const tips = panel.getByRole('button', { name: 'Photo tips' });
    await expect.poll(() => tips.getAttribute('aria-expanded')).toBe('true');
    for (const tip of [/^Full length: /, /^Alone: /, /^Plain background: /, /^Good light: /]) {
      await expect(panel.getByRole('listitem').filter({ hasText: tip }).isVisible()).resolves.toBe(true);
    }
    await screenshot(page, 'panel-photo-guide');

    // A HEIC file without a type (as some systems hand it over): recognised by its bytes.
    await checkArmed(panel.getByRole('checkbox', { name: /I agree/ }));
    const file = panel.getByLabel('Your photo');
    await expect.poll(() => file.isDisabled()).toBe(false);
    await file.setInputFiles({ name: 'IMG_0001', mimeType: 'application/octet-stream', buffer: heicBytes });
    const heicSentence = panel.getByRole('alert').filter({ hasText: 'Settings > Camera > Formats > Most Compatible' });
    await heicSentence.waitFor();
    await expect(heicSentence.textContent()).resolves.toMatch(/^This is a HEIC photo/);
    await screenshot(page, 'panel-photo-heic');

    await file.setInputFiles(await shopperPhoto(sandbox));
    await expect.poll(() => panel.getByRole('radio', { name: 'My photo' }).isChecked(), { timeout: 10_000 }).toBe(true);
    await expect(heicSentence.count()).resolves.toBe(0);
    await expect.poll(() => tips.getAttribute('aria-expanded')).toBe('false');
    await expect(panel.getByRole('listitem').filter({ hasText: /^Full length: / }).count()).resolves.toBe(0);
    await tips.click();
    await panel.getByRole('listitem').filter({ hasText: /^Full length: / }).waitFor();
    await closePanel(page);
  });

  it('names a HEIC file by its type too, with the same sentence, and uploads nothing', async () => {
    await page.goto(`${sandbox.storeUrl}/woo/product/linen-summer-dress/`);
    const panel = await openPanel(page);
    const uploadsBefore = sandbox.log().filter((entry) => entry.route === 'upload').length;
    await panel.getByLabel('Your photo').setInputFiles({ name: 'IMG_0002.HEIC', mimeType: 'image/heic', buffer: heicBytes });
    await panel.getByRole('alert').filter({ hasText: 'Most Compatible' }).waitFor();
    expect(sandbox.log().filter((entry) => entry.route === 'upload').length).toBe(uploadsBefore);
    await closePanel(page);
  });

  it('shows the guide\'s advice beside "Change photo" when the service finds more than one person', async () => {
    await page.goto(`${sandbox.storeUrl}/lab/product?sku=SANDBOX-ABORT-TOO_MANY_PEOPLE_DETECTED`);
    const panel = await openPanel(page);
    await clickArmed(panel.getByRole('button', { name: 'Start try-on' }));
    await panel.getByRole('button', { name: 'Change photo' }).waitFor({ timeout: 30_000 });
    const advice = panel.locator('.failure__advice');
    await expect(advice.textContent()).resolves.toContain('Alone: only you in the picture');
    await expect(advice.getByRole('listitem').count()).resolves.toBe(1);
    await screenshot(page, 'panel-error-advice');
    await closePanel(page);
  });

  it('opened again on a product with a finished try-on, shows that result first, one click from the photo choice; not once its pictures expired', async () => {
    await page.goto(`${sandbox.storeUrl}/woo/product/linen-summer-dress/`);
    let panel: Frame = await openPanel(page);
    await clickArmed(panel.getByRole('button', { name: 'Start try-on' }));
    const src = await resultImage(panel).getAttribute('src', { timeout: 30_000 });
    await closePanel(page);
    const creates = sandbox.log().filter((entry) => entry.route === 'create').length;

    panel = await openPanel(page, { earlier: 'show' });
    await resultImage(panel).waitFor();
    await panel.getByText('You tried this on before.', { exact: false }).waitFor();
    await expect(resultImage(panel).getAttribute('src')).resolves.toBe(src);
    await screenshot(page, 'panel-reopened-result');
    await panel.getByRole('button', { name: 'Try again' }).click();
    await panel.getByRole('button', { name: 'Start try-on' }).waitFor();
    // The saved photo is chosen again once the picker has read the photos (a moment after Start shows).
    await expect.poll(() => panel.getByRole('radio', { name: 'My photo' }).isChecked()).toBe(true);
    expect(sandbox.log().filter((entry) => entry.route === 'create').length).toBe(creates);
    await closePanel(page);

    // The service's copy has expired (the history records when): the panel opens on the photo choice.
    const worker = await liveWorker(extension.context);
    await worker.evaluate(async () => {
      const { history } = (await chrome.storage.local.get('history')) as { history: { images: { expiresAt?: number }[] }[] };
      for (const entry of history) for (const image of entry.images) image.expiresAt = Date.now() - 1000;
      await chrome.storage.local.set({ history });
    });
    panel = await openPanel(page, { earlier: 'show' });
    await panel.getByRole('button', { name: 'Start try-on' }).waitFor();
    await expect(resultImage(panel).count()).resolves.toBe(0);
    await closePanel(page);
  });
});
