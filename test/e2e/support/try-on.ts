import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Frame, Locator, Page } from 'playwright-core';

/** Page-object helpers for the on-page "Try on" button and the panel it opens. */

export const screenshotDir = resolve(import.meta.dirname, '../../../test-results/screenshots');

export function tryOnButton(page: Page): Locator {
  return page.getByRole('button', { name: 'Try on', exact: true });
}

/** The panel's frame: it sits in a closed shadow root, so it is found among the page's frames. */
export function panelFrame(page: Page): Frame | undefined {
  return page.frames().find((frame) => /^chrome-extension:\/\/[^/]+\/panel\.html(#|$)/.test(frame.url()));
}

export async function waitForPanel(page: Page, timeout = 10_000): Promise<Frame> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const frame = panelFrame(page);
    if (frame) {
      await frame.waitForLoadState('domcontentloaded');
      await frame.getByRole('dialog').waitFor();
      return frame;
    }
    if (Date.now() > deadline) throw new Error('The try-on panel did not open.');
    await page.waitForTimeout(50);
  }
}

export async function waitForPanelClosed(page: Page, timeout = 5_000): Promise<void> {
  const deadline = Date.now() + timeout;
  while (panelFrame(page)) {
    if (Date.now() > deadline) throw new Error('The try-on panel did not close.');
    await page.waitForTimeout(50);
  }
}

export async function openPanel(page: Page): Promise<Frame> {
  await tryOnButton(page).click();
  return waitForPanel(page);
}

export function resultImage(panel: Frame): Locator {
  return panel.getByRole('img', { name: /^Try-on result/ });
}

/** Whether the page's focused element is our button inside its shadow root. */
export function buttonHasFocus(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    const host = document.activeElement;
    return host?.tagName === 'SHOP-TRY-ON-BUTTON' && host.shadowRoot?.activeElement?.tagName === 'BUTTON';
  });
}

export async function screenshot(page: Page, name: string, target?: Locator): Promise<string> {
  await mkdir(screenshotDir, { recursive: true });
  const path = resolve(screenshotDir, `${name}.png`);
  if (target) await target.screenshot({ path });
  else await page.screenshot({ path });
  return path;
}
