import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Frame, Locator, Page } from 'playwright-core';

/** Page-object helpers for the on-page "Try on" button and the panel it opens. */

export const screenshotDir = resolve(import.meta.dirname, '../../../test-results/screenshots');

/**
 * The button's host on the page. The button sits in a closed shadow root, which locators cannot
 * enter; a click at the host's centre lands on the button inside.
 */
export function tryOnButton(page: Page): Locator {
  return page.locator('shop-try-on-button');
}

/**
 * Runs `fn` with the button's closed shadow root, found through DevTools (which sees closed roots;
 * page scripts do not). `fn` runs in the page's main world, serialized, with `arg` and the root.
 */
export async function inButtonShadow<T, A = undefined>(page: Page, fn: (arg: A, root: ShadowRoot) => T, arg?: A): Promise<T> {
  const cdp = await page.context().newCDPSession(page);
  try {
    type DomNode = { localName?: string; backendNodeId: number; children?: DomNode[]; shadowRoots?: DomNode[] };
    const { root } = (await cdp.send('DOM.getDocument', { depth: -1, pierce: true })) as { root: DomNode };
    const find = (node: DomNode): DomNode | undefined => {
      if (node.localName === 'shop-try-on-button') return node.shadowRoots?.[0];
      for (const child of node.children ?? []) {
        const found = find(child);
        if (found) return found;
      }
      return undefined;
    };
    const shadow = find(root);
    if (!shadow) throw new Error('No Try on button on the page.');
    const { object } = await cdp.send('DOM.resolveNode', { backendNodeId: shadow.backendNodeId });
    const { result, exceptionDetails } = await cdp.send('Runtime.callFunctionOn', {
      objectId: object.objectId!,
      functionDeclaration: `function (arg) { return (${fn.toString()})(arg, this); }`,
      arguments: [{ value: arg }],
      returnByValue: true,
      awaitPromise: true,
    });
    if (exceptionDetails) throw new Error(exceptionDetails.exception?.description ?? exceptionDetails.text);
    return result.value as T;
  } finally {
    await cdp.detach();
  }
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
export async function buttonHasFocus(page: Page): Promise<boolean> {
  if (!(await page.evaluate(() => document.activeElement?.tagName === 'SHOP-TRY-ON-BUTTON'))) return false;
  return inButtonShadow(page, (_arg, root) => root.activeElement?.tagName === 'BUTTON');
}

export async function screenshot(page: Page, name: string, target?: Locator): Promise<string> {
  await mkdir(screenshotDir, { recursive: true });
  const path = resolve(screenshotDir, `${name}.png`);
  if (target) await target.screenshot({ path });
  else await page.screenshot({ path });
  return path;
}
