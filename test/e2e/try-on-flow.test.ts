import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { Sandbox } from '../../server/sandbox/index';
import { launchExtension, type LoadedExtension } from './support/extension';
import { shopperPhoto, startSandboxForExtension } from './support/sandbox';
import { buttonHasFocus, openPanel, resultImage, tryOnButton, waitForPanelClosed } from './support/try-on';

describe('try-on from a product page', () => {
  let extension: LoadedExtension;
  let sandbox: Sandbox;
  let page: Page;

  beforeAll(async () => {
    extension = await launchExtension();
    sandbox = await startSandboxForExtension(extension.worker, { generationMs: 600 });
    page = await extension.context.newPage();
  });

  afterAll(async () => {
    await extension?.close();
    await sandbox?.close();
  });

  it('asks for consent, uploads the shopper photo and shows the result on the Shopify-like page', async () => {
    await page.goto(`${sandbox.storeUrl}/shopify/products/classic-crew-tee`);
    await tryOnButton(page).waitFor();
    const panel = await openPanel(page);
    await panel.getByRole('checkbox', { name: /I agree/ }).check();
    await panel.getByLabel('Your photo').setInputFiles(await shopperPhoto(sandbox));
    await panel.getByRole('button', { name: 'Start try-on' }).click();
    await resultImage(panel).waitFor({ timeout: 20_000 });
    await page.keyboard.press('Escape');
    await waitForPanelClosed(page);
    expect(await buttonHasFocus(page)).toBe(true);
  });
});
