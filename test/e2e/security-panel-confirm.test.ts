import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Frame, Page } from 'playwright-core';
import type { Sandbox } from '../../server/sandbox/index';
import { launchExtension, type LoadedExtension } from './support/extension';
import { startSandboxForExtension } from './support/sandbox';
import { acceptedCreates, acceptedUploads, entriesSince, lastSeq, savePhotoWithConsent, startButton } from './support/shopper';
import { closePanel, openPanel, panelFrame, reportPanelOnFailure, resultImage, waitForArmed } from './support/try-on';

/**
 * The panel's action gate where the browser cannot say what covers the panel (no IntersectionObserver
 * v2, as in Firefox): Start counts only once the shopper confirms it in a window the extension opens,
 * which the store page can neither cover nor reach. Chromium always has IntersectionObserver v2, so
 * the suite takes it away from the panel's page only (the store page keeps it), before the panel's
 * own scripts run. The sandbox emulator's request log shows what reached the try-on service.
 */

const productPath = '/jsonld/classic-denim-jacket';

/**
 * Runs in every frame before its own scripts (a context init script): in the panel's page only,
 * removes `isVisible` from IntersectionObserverEntry, which is how the panel tells that the browser
 * reports occlusion.
 */
function withoutVisibilityInPanel(): void {
  if (location.protocol === 'chrome-extension:' && location.pathname === '/panel.html') {
    Reflect.deleteProperty(IntersectionObserverEntry.prototype, 'isVisible');
  }
}

const hasVisibility = () => typeof IntersectionObserverEntry !== 'undefined' && 'isVisible' in IntersectionObserverEntry.prototype;

const confirmUrl = /^chrome-extension:\/\/[a-p]{32}\/confirm\.html#./;
const isConfirmWindow = (candidate: Page) => !candidate.isClosed() && confirmUrl.test(candidate.url());

describe('a panel that cannot prove it is visible asks in a window of its own', () => {
  let extension: LoadedExtension;
  let sandbox: Sandbox;
  let page: Page;
  /** The sandbox log before any try-on of this suite. */
  let from = 0;

  beforeAll(async () => {
    extension = await launchExtension();
    await extension.context.addInitScript(withoutVisibilityInPanel);
    sandbox = await startSandboxForExtension(extension.worker, { generationMs: 500 });
    extension.context.setDefaultTimeout(20_000);
    await savePhotoWithConsent(extension, sandbox);
    page = await extension.context.newPage();
    await page.setViewportSize({ width: 1280, height: 860 });
    from = lastSeq(sandbox);
  });

  beforeEach(() => {
    reportPanelOnFailure(() => page);
  });

  afterAll(async () => {
    await extension?.close();
    await sandbox?.close();
  });

  /** Opens the panel on the product page afresh, with the saved photo chosen and Start armed. */
  async function panelReadyToStart(): Promise<Frame> {
    if (panelFrame(page)) {
      await closePanel(page);
    }
    await page.goto(`${sandbox.storeUrl}${productPath}`);
    const panel = await openPanel(page);
    const start = startButton(panel);
    await expect.poll(() => start.isEnabled()).toBe(true);
    await waitForArmed(start);
    return panel;
  }

  /** Clicks the armed Start and returns the confirmation window it opens (there is none open before). */
  async function clickStartForConfirmation(panel: Frame): Promise<Page> {
    expect(extension.context.pages().filter(isConfirmWindow), 'a confirmation window was already open').toEqual([]);
    await startButton(panel).click();
    await panel.locator('.gate-hint').filter({ hasText: 'Confirm this in the small window the extension opened.' }).waitFor({ timeout: 5_000 });
    const deadline = Date.now() + 10_000;
    for (;;) {
      const opened = extension.context.pages().find(isConfirmWindow);
      if (opened) {
        await opened.getByRole('button', { name: 'Confirm', exact: true }).waitFor();
        return opened;
      }
      if (Date.now() > deadline) throw new Error('Start opened no confirmation window.');
      await new Promise((done) => setTimeout(done, 50));
    }
  }

  /** Presses Confirm or Cancel in the confirmation window and waits until it has closed. */
  async function answer(confirmWindow: Page, button: 'Confirm' | 'Cancel'): Promise<void> {
    const closed = confirmWindow.waitForEvent('close', { timeout: 10_000 });
    // The window closes itself as it answers, which may end the click's own bookkeeping early.
    await confirmWindow
      .getByRole('button', { name: button, exact: true })
      .click()
      .catch((error: unknown) => {
        if (!confirmWindow.isClosed()) throw error;
      });
    await closed;
  }

  /** Waits until the panel says that the click was not confirmed. */
  const declinedShown = (panel: Frame) => panel.locator('.gate-hint').filter({ hasText: 'Not confirmed: nothing was done.' }).waitFor({ timeout: 10_000 });

  /** Requests that would upload the photo or start a generation, or fetch a token for either. */
  const sentSince = (seq: number) => entriesSince(sandbox, seq).filter((entry) => ['upload', 'create', 'token'].includes(entry.route));

  const progressShown = async (panel: Frame) => (await panel.getByRole('heading', { name: 'Creating your try-on' }).count()) > 0;

  /** After a "no" (Cancel, a closed window): the panel says so, nothing was sent, and Start is there to try again. */
  async function expectDeclined(panel: Frame, before: number): Promise<void> {
    await declinedShown(panel);
    expect(sentSince(before)).toEqual([]);
    expect(await progressShown(panel)).toBe(false);
    expect(await startButton(panel).isVisible()).toBe(true);
  }

  it('runs the panel without IntersectionObserver v2, the store page with it', async () => {
    const panel = await panelReadyToStart();
    expect(await panel.evaluate(hasVisibility)).toBe(false);
    expect(await page.evaluate(hasVisibility)).toBe(true);
  });

  it('opens a confirmation window for Start and sends nothing before the answer; Cancel starts nothing', async () => {
    const panel = await panelReadyToStart();
    const before = lastSeq(sandbox);
    const confirmWindow = await clickStartForConfirmation(panel);

    // A window of the extension's own, which says what would be sent and from which store page.
    expect(await confirmWindow.evaluate(async () => (await chrome.windows.getCurrent()).type)).toBe('popup');
    await expect(confirmWindow.locator('main').innerText()).resolves.toMatch(/Start a try-on of “Classic Denim Jacket”\?/);
    await expect(confirmWindow.locator('main').innerText()).resolves.toContain(`on ${new URL(sandbox.storeUrl).host}.`);
    expect(sentSince(before)).toEqual([]);
    expect(await progressShown(panel)).toBe(false);

    await answer(confirmWindow, 'Cancel');
    await expectDeclined(panel, before);
  });

  it('starts nothing when the confirmation window is closed unanswered', async () => {
    const panel = await panelReadyToStart();
    const before = lastSeq(sandbox);
    const confirmWindow = await clickStartForConfirmation(panel);
    expect(sentSince(before)).toEqual([]);

    await confirmWindow.close();
    await expectDeclined(panel, before);
  });

  it('cannot be answered by the store page', async () => {
    const panel = await panelReadyToStart();
    const before = lastSeq(sandbox);
    const confirmWindow = await clickStartForConfirmation(panel);
    const question = decodeURIComponent(new URL(confirmWindow.url()).hash.slice(1));

    // The window has no opener and no name: the page holds no reference to it and cannot look it up.
    expect(await confirmWindow.evaluate(() => ({ opener: window.opener, name: window.name }))).toEqual({ opener: null, name: '' });

    await panel.evaluate(() =>
      addEventListener('message', (event) => {
        if ((event.data as { forgedAnswersSent?: boolean } | null)?.forgedAnswersSent) (window as unknown as { forgedAnswersSeen?: boolean }).forgedAnswersSeen = true;
      }),
    );
    // A page that somehow knew the extension's id and the question's id still cannot load the
    // window's page, has no channel to the extension, and its forged answers go nowhere.
    const attempt = await page.evaluate(
      async ({ url, id }) => {
        const loaded = await fetch(url, { mode: 'no-cors' }).then(
          () => 'loaded',
          () => 'refused',
        );
        const runtime = (globalThis as unknown as { chrome?: { runtime?: { sendMessage?: unknown } } }).chrome?.runtime;
        const forged = { channel: 'shop-try-on', type: 'confirm.answer', data: { id, confirmed: true } };
        const reachable = [window, ...Array.from({ length: window.frames.length }, (_, index) => window.frames[index]!)];
        for (const target of reachable) {
          target.postMessage(forged, '*');
          target.postMessage({ ...forged, type: 'confirm.request', data: { sessionId: id, action: 'start' } }, '*');
          // Messages from one window to another arrive in order: this one tells the test the forged ones arrived.
          target.postMessage({ forgedAnswersSent: true }, '*');
        }
        return { loaded, canMessage: typeof runtime?.sendMessage === 'function', framesReached: reachable.length - 1 };
      },
      { url: confirmWindow.url(), id: question },
    );
    expect(attempt).toMatchObject({ loaded: 'refused', canMessage: false });
    // Where the page can reach the panel's frame, wait until the panel has received the forged messages.
    if (attempt.framesReached > 0) await panel.waitForFunction(() => (window as unknown as { forgedAnswersSeen?: boolean }).forgedAnswersSeen === true, undefined, { timeout: 10_000 });

    // Still asked, still nothing sent: the question is answered only in its window.
    expect(confirmWindow.isClosed()).toBe(false);
    expect(sentSince(before)).toEqual([]);
    expect(await progressShown(panel)).toBe(false);
    await answer(confirmWindow, 'Cancel');
    await expectDeclined(panel, before);
  });

  it('starts the try-on once confirmed: one upload and one generation in the whole suite', async () => {
    const panel = await panelReadyToStart();
    const confirmWindow = await clickStartForConfirmation(panel);
    await answer(confirmWindow, 'Confirm');
    await resultImage(panel).waitFor({ timeout: 30_000 });
    expect(acceptedUploads(sandbox, from)).toHaveLength(1);
    expect(acceptedCreates(sandbox, from)).toHaveLength(1);
    expect(extension.context.pages().filter(isConfirmWindow)).toEqual([]);
  });
});
