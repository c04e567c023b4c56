import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Frame, Page } from 'playwright-core';
import type { Sandbox } from '../../server/sandbox/index';
import { launchExtension, type LoadedExtension } from './support/extension';
import { startSandboxForExtension } from './support/sandbox';
import { savePhotoWithConsent } from './support/shopper';
import { closePanel, openPanel, resultImage, screenshot } from './support/try-on';

/** What a shopper does with a finished try-on: read what it tells, see it at full size, share it. */
describe('the result view', () => {
  let extension: LoadedExtension;
  let sandbox: Sandbox;
  let page: Page;
  let panel: Frame;

  beforeAll(async () => {
    extension = await launchExtension();
    sandbox = await startSandboxForExtension(extension.worker, { generationMs: 500 });
    extension.context.setDefaultTimeout(20_000);
    await savePhotoWithConsent(extension, sandbox);
    page = await extension.context.newPage();
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(`${sandbox.storeUrl}/woo/product/linen-summer-dress/`);
    panel = await openPanel(page);
    await panel.getByRole('button', { name: 'Start try-on' }).click();
    await resultImage(panel).waitFor({ timeout: 30_000 });
  });

  afterAll(async () => {
    await extension?.close();
    await sandbox?.close();
  });

  it('says under the result that it shows style, not size or fit', async () => {
    await expect(panel.getByText(/shows the style, not the size or fit/).isVisible()).resolves.toBe(true);
  });

  it('opens the full-size view with Enter on the picture; Esc closes only the view and gives focus back', async () => {
    await resultImage(panel).focus();
    await page.keyboard.press('Enter');
    const viewer = panel.getByRole('dialog', { name: 'Try-on at full size' });
    await viewer.waitFor();
    await expect(viewer.getByRole('img', { name: /^Full-size try-on result/ }).isVisible()).resolves.toBe(true);
    await viewer.getByRole('button', { name: 'Zoom in' }).click();
    await expect(viewer.getByRole('button', { name: 'Zoom out' }).getAttribute('aria-pressed')).resolves.toBe('true');
    await screenshot(page, 'panel-result-full-size');

    await page.keyboard.press('Escape');
    await viewer.waitFor({ state: 'detached' });
    // The panel is still open, and focus is back on the picture.
    await expect(resultImage(panel).isVisible()).resolves.toBe(true);
    await expect.poll(() => resultImage(panel).evaluate((image) => document.activeElement === image)).toBe(true);

    await panel.getByRole('button', { name: 'Full size' }).click();
    await viewer.waitFor();
    await viewer.getByRole('button', { name: 'Close full size' }).click();
    await viewer.waitFor({ state: 'detached' });
    await expect.poll(() => panel.getByRole('button', { name: 'Full size' }).evaluate((button) => document.activeElement === button)).toBe(true);
  });

  it('shares the picture: without a share sheet (Chromium on Linux) it is copied to the clipboard as PNG, with a confirmation', async () => {
    // Chrome grants nothing per extension origin here (opaque to the protocol): granted for all.
    await extension.context.grantPermissions(['clipboard-read', 'clipboard-write']);
    expect(await panel.evaluate(() => typeof navigator.share === 'function' && navigator.canShare?.({ files: [new File(['x'], 'x.png', { type: 'image/png' })] }))).not.toBe(true);
    await panel.getByRole('button', { name: 'Share' }).click();
    await panel.getByRole('status').filter({ hasText: 'Picture copied' }).waitFor();
    // Read back from a page of the extension's own (the panel's frame may write, not read).
    const reader = await extension.openPage('options.html');
    await reader.bringToFront();
    const copied = await reader.evaluate(async () => {
      const [item] = await navigator.clipboard.read();
      return item ? { types: item.types, size: (await item.getType('image/png')).size } : undefined;
    });
    await reader.close();
    await page.bringToFront();
    expect(copied?.types).toContain('image/png');
    expect(copied!.size).toBeGreaterThan(1_000);
    await expect(panel.getByRole('button', { name: 'Download' }).isVisible()).resolves.toBe(true);
    await closePanel(page);
  });
});
