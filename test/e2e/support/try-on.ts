import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Frame, Locator, Page } from 'playwright-core';
import { onTestFailed } from 'vitest';

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

/**
 * Call in `beforeEach`: when the test fails, prints what the panel showed (an e2e failure is
 * otherwise hard to read), then whatever `more` adds. `page` is a getter, as suites replace the page.
 */
export function reportPanelOnFailure(page: () => Page, more?: () => string): void {
  onTestFailed(async () => {
    const panel = panelFrame(page());
    console.error(`Panel at failure:\n${panel ? await panel.locator('body').innerText().catch(String) : '(no panel open)'}`);
    if (more) console.error(more());
  });
}

/**
 * Waits until the panel is open and armed: its action gate (components/panel/use-action-gate.ts)
 * has seen some control visible and unobscured for the arming delay (`html[data-armed]`). Pass
 * `armed: false` to get the frame as soon as the dialog shows (e.g. to click before arming).
 */
export interface WaitForPanelOptions {
  armed?: boolean;
  /**
   * A panel opened on a product with a finished try-on shows that result first. By default (with
   * `armed`) the shopper presses its Try again to get to the photo choice; `show` leaves it there.
   */
  earlier?: 'show' | 'try again';
}

export async function waitForPanel(page: Page, timeout = 10_000, { armed = true, earlier = 'try again' }: WaitForPanelOptions = {}): Promise<Frame> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const frame = panelFrame(page);
    if (frame) {
      await frame.waitForLoadState('domcontentloaded');
      await frame.getByRole('dialog').waitFor({ timeout: Math.max(deadline - Date.now(), 1) });
      if (armed) await frame.locator('html[data-armed]').waitFor({ state: 'attached', timeout: Math.max(deadline - Date.now(), 1) });
      if (armed && earlier === 'try again') {
        await frame.locator('[data-loading]').waitFor({ state: 'detached', timeout: Math.max(deadline - Date.now(), 1) });
        const shown = frame.locator('.result[data-earlier]');
        if (await shown.count()) {
          await shown.getByRole('button', { name: 'Try again', exact: true }).click();
          await shown.waitFor({ state: 'detached', timeout: Math.max(deadline - Date.now(), 1) });
        }
      }
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

/** Closes the panel as a shopper does, with Esc, and waits until it is gone. */
export async function closePanel(page: Page): Promise<void> {
  await page.keyboard.press('Escape');
  await waitForPanelClosed(page);
}

/**
 * Clicks Try on once the button's own visibility report says visible (its click check counts only
 * then; the button hides while a panel is open, so right after one closes it takes a report).
 */
export async function clickTryOn(page: Page): Promise<void> {
  await tryOnButton(page).waitFor();
  const deadline = Date.now() + 10_000;
  while (!(await inButtonShadow(page, (_arg, root) => root.querySelector('button')?.hasAttribute('data-visible') ?? false))) {
    if (Date.now() > deadline) throw new Error('The Try on button never reported itself visible.');
    await page.waitForTimeout(50);
  }
  await tryOnButton(page).click();
}

/** Clicks Try on (`clickTryOn`) and waits for the panel it opens. */
export async function openPanel(page: Page, options: Pick<WaitForPanelOptions, 'earlier'> = {}): Promise<Frame> {
  await clickTryOn(page);
  return waitForPanel(page, 10_000, options);
}

/**
 * Waits until the gated control `control` is in (or inside) counts a click: scrolled into view and
 * armed by the panel's gate (`[data-gated][data-armed]`), i.e. seen visible and unobscured for the
 * arming delay. A click before that is ignored by design.
 */
export async function waitForArmed(control: Locator, timeout = 15_000): Promise<void> {
  await control.scrollIntoViewIfNeeded({ timeout });
  // Asked again each time through the locator: the panel may draw the control anew meanwhile, and
  // a new control arms on its own (an observer on the old one would wait forever).
  const armed = () =>
    control.evaluate((element) => element.closest('[data-gated]')?.hasAttribute('data-armed') ?? 'not a gated control', undefined, { timeout: 1_000 }).catch(() => false);
  // A plain loop, not expect.poll: suites also arm controls in beforeAll, outside any test.
  const deadline = Date.now() + timeout;
  let last: boolean | string = false;
  while ((last = await armed()) !== true) {
    if (Date.now() > deadline) throw new Error(`The control never armed within ${timeout} ms (${last || 'not armed'}).`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * Clicks a gated control of the panel (Start, Try again, Delete my photo…) once it is armed, and
 * makes sure the click counted: the gate stops a click that does not count in the capture phase,
 * so it never bubbles up to the panel's window. A control can be re-drawn (and so re-armed) between
 * the check and the click; then, as the panel's hint asks a shopper, it clicks again (said on stderr).
 */
export async function clickArmed(control: Locator, attempts = 3): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    await waitForArmed(control);
    const heard = await control.evaluateHandle((element) => {
      const seen = { counted: false };
      element.ownerDocument.defaultView!.addEventListener('click', (event) => {
        if ((event.target as Element | null)?.closest?.('[data-gated]')) seen.counted = true;
      }, { once: true });
      return seen;
    });
    await control.click();
    if (await heard.evaluate((seen) => seen.counted)) return;
    const hint = await control.evaluate((element) => element.ownerDocument.querySelector('.gate-hint')?.textContent ?? '').catch(() => '(control gone)');
    if (attempt >= attempts) throw new Error(`The panel's gate refused ${attempts} clicks on an armed control (hint: ${hint}).`);
    console.warn(`clickArmed: click ${attempt} did not count (hint: ${hint}); clicking again once the control is armed.`);
  }
}

/** Checks a gated checkbox or radio of the panel (consent, photo choice) once it is armed. */
export async function checkArmed(control: Locator): Promise<void> {
  await waitForArmed(control);
  await control.check();
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
