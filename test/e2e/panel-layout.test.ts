import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Frame, Locator, Page } from 'playwright-core';
import type { Sandbox } from '../../server/sandbox/index';
import { launchExtension, type LoadedExtension } from './support/extension';
import { shopperPhoto, startSandboxForExtension } from './support/sandbox';
import { checkArmed, clickArmed, closePanel, openPanel, resultImage, screenshot } from './support/try-on';

/**
 * Where the panel's actions sit on screen: in a laptop window the Start button shows with the
 * consent text open, without scrolling; in a phone-narrow window every action can be reached.
 * Screenshots: test-results/screenshots/panel-layout-1280-*.png and panel-layout-360-*.png.
 */

interface Placement {
  /** Inside the window (the panel's frame fills it, so frame and page coordinates agree). */
  inViewport: boolean;
  /** What the point at the control's centre is, when that is not the control itself. */
  coveredBy: string | null;
}

/** Where a control is right now, scrolling nothing: in the window, and on top at its centre. */
function placement(control: Locator): Promise<Placement> {
  return control.evaluate((element) => {
    const box = element.getBoundingClientRect();
    const view = element.ownerDocument.defaultView!;
    // Inside the window and inside every box that clips it (the panel, its scrolling body).
    let inViewport = box.width > 0 && box.height > 0 && box.left >= 0 && box.top >= 0 && box.right <= view.innerWidth && box.bottom <= view.innerHeight;
    for (let parent = element.parentElement; parent; parent = parent.parentElement) {
      if (view.getComputedStyle(parent).overflow === 'visible') continue;
      const clip = parent.getBoundingClientRect();
      const within = box.left >= clip.left - 0.5 && box.top >= clip.top - 0.5 && box.right <= clip.right + 0.5 && box.bottom <= clip.bottom + 0.5;
      inViewport &&= within;
    }
    const hit = element.ownerDocument.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
    const onTop = hit !== null && (element === hit || element.contains(hit) || (element as HTMLInputElement).labels?.[0]?.contains(hit) === true);
    return { inViewport, coveredBy: onTop ? null : hit ? `${hit.tagName.toLowerCase()}.${hit.className}` : 'nothing' };
  });
}

/** Reachable: after scrolling it into view (the panel scrolls, the page need not) it is whole and on top. */
async function expectReachable(control: Locator, name: string): Promise<void> {
  await control.scrollIntoViewIfNeeded();
  expect({ name, ...(await placement(control)) }).toEqual({ name, inViewport: true, coveredBy: null });
}

/** Nothing in the panel is wider than the window (text or controls cut off at the side). */
async function expectNoSideways(panel: Frame): Promise<void> {
  const widths = await panel.evaluate(() => {
    const body = document.querySelector('.panel__body')!;
    return { scroll: body.scrollWidth, client: body.clientWidth, page: document.documentElement.scrollWidth, window: window.innerWidth };
  });
  expect(widths.scroll).toBeLessThanOrEqual(widths.client);
  expect(widths.page).toBeLessThanOrEqual(widths.window);
}

describe('the panel layout', () => {
  let extension: LoadedExtension;
  let sandbox: Sandbox;
  let page: Page;

  beforeAll(async () => {
    extension = await launchExtension();
    sandbox = await startSandboxForExtension(extension.worker, { generationMs: 2500 });
    extension.context.setDefaultTimeout(20_000);
    page = await extension.context.newPage();
  });

  afterAll(async () => {
    await extension?.close();
    await sandbox?.close();
  });

  it('at 1280x800 with the consent text open, Start is in the window and not covered, without scrolling', async () => {
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(`${sandbox.storeUrl}/woo/product/linen-summer-dress/`);
    const panel = await openPanel(page);
    await panel.getByText(/uploads that photo/).waitFor();
    await screenshot(page, 'panel-layout-1280-consent');
    const start = panel.getByRole('button', { name: 'Start try-on' });
    expect(await placement(start)).toEqual({ inViewport: true, coveredBy: null });
    expect(await page.evaluate(() => window.scrollY)).toBe(0);
    await closePanel(page);
  });

  it('at 360 px wide every action can be reached: consent, photo choice, upload, Start, Cancel and the result actions', async () => {
    await page.setViewportSize({ width: 360, height: 640 });
    await page.goto(`${sandbox.storeUrl}/woo/product/linen-summer-dress/`);
    const panel = await openPanel(page);
    await panel.getByText(/uploads that photo/).waitFor();
    await screenshot(page, 'panel-layout-360-consent');
    await expectNoSideways(panel);

    const consent = panel.getByRole('checkbox', { name: /I agree/ });
    await expectReachable(consent, 'consent');
    await checkArmed(consent);
    const file = panel.getByLabel('Your photo');
    await expect.poll(() => file.isDisabled()).toBe(false);
    await expectReachable(file, 'upload');
    // Two saved photos, so the cards (each with its own delete button) sit beside each other and the models.
    const photo = await shopperPhoto(sandbox);
    await file.setInputFiles(photo);
    await expect.poll(() => panel.getByRole('radio', { name: 'My photo 1', exact: true }).isChecked(), { timeout: 10_000 }).toBe(true);
    await file.setInputFiles(photo);
    await expect.poll(() => panel.getByRole('radio', { name: 'My photo 2', exact: true }).isChecked(), { timeout: 10_000 }).toBe(true);
    await panel.getByRole('radio').first().waitFor();
    const choices = await panel.locator('.photo-picker__option').all();
    expect(choices.length).toBeGreaterThanOrEqual(3);
    for (const [index, choice] of choices.entries()) await expectReachable(choice, `photo choice ${index + 1}`);
    for (const n of [1, 2]) await expectReachable(panel.getByRole('button', { name: `Delete my photo ${n}`, exact: true }), `delete photo ${n}`);
    const tabs = await panel.getByRole('tab').all();
    for (const [index, tab] of tabs.entries()) await expectReachable(tab, `model category ${index + 1}`);
    await expectNoSideways(panel);

    const start = panel.getByRole('button', { name: 'Start try-on' });
    await expectReachable(start, 'start');
    await screenshot(page, 'panel-layout-360-choose');
    await clickArmed(start);
    const cancel = panel.getByRole('button', { name: 'Cancel' });
    await cancel.waitFor();
    await expectReachable(cancel, 'cancel');
    await screenshot(page, 'panel-layout-360-running');

    await resultImage(panel).waitFor({ timeout: 30_000 });
    await screenshot(page, 'panel-layout-360-result');
    await expectNoSideways(panel);
    for (const name of ['Compare with my photo', 'Full size', 'Share', 'Download', 'Try again', 'Add to outfit']) {
      await expectReachable(panel.getByRole('button', { name, exact: true }), name);
    }
    await expectReachable(panel.getByRole('button', { name: 'Close', exact: true }), 'close');
  });
});
