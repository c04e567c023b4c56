import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Frame, Locator, Page } from 'playwright-core';
import { startSandbox, type Sandbox } from '../../server/sandbox/index';
import { launchExtension, type LoadedExtension } from './support/extension';
import { servePages, type PageServer } from './support/pages';
import { sandboxSettings, writeExtensionSettings } from './support/sandbox';
import { acceptedCreates, acceptedUploads, lastSeq, savePhotoWithConsent, startButton, storageArea } from './support/shopper';
import { clickArmed, closePanel, openPanel, panelFrame, reportPanelOnFailure, resultImage, tryOnButton, waitForArmed, waitForPanel } from './support/try-on';

/**
 * Clickjacking the panel: the panel is an extension page framed in the store page, which cannot read
 * or script it but can draw over it. A decoy laid over the panel with `pointer-events: none` lets the
 * shopper's click through to whatever sits under it; fading the page does the same invisibly. Such a
 * click must not give consent, choose a photo or start an upload and a paid generation; neither may a
 * click in the first moment after a control appears. The sandbox emulator's request log shows what
 * reached the try-on service.
 */

const SKU = 'LD-DENIM-JKT-M';
const productPage = `<!doctype html><html><head><title>Denim Jacket</title>
<script type="application/ld+json">{"@context":"https://schema.org","@type":"Product","name":"Classic Denim Jacket","sku":"${SKU}",
"offers":{"@type":"Offer","price":"89.00","priceCurrency":"EUR"}}</script></head>
<body><main><h1>Classic Denim Jacket</h1><p>A trucker jacket.</p><button>Add to cart</button></main></body></html>`;

/** Ways a page hides the panel while still letting the shopper's click reach it. */
const coverings = {
  'an opaque decoy over the panel': `const decoy = document.createElement('div'); decoy.id = 'decoy'; decoy.textContent = 'Click anywhere to win!';
    decoy.style.cssText = 'position:fixed;inset:0;z-index:2147483647;background:#fff;pointer-events:none';
    document.documentElement.append(decoy);`,
  'the page faded out around the panel': `document.body.style.opacity = '0.02';`,
} as const;
type Covering = keyof typeof coverings;

const cover = (page: Page, how: Covering) => page.evaluate((script) => new Function(script)(), coverings[how]);
const uncover = (page: Page) =>
  page.evaluate(() => {
    document.getElementById('decoy')?.remove();
    document.body.style.opacity = '';
  });

/**
 * Waits until the panel's gate no longer counts clicks on `control` (the browser reported it covered).
 * On a panel without a gate there is nothing to wait for.
 */
async function waitUntilDisarmed(control: Locator): Promise<void> {
  await control.evaluate(
    (element) =>
      new Promise<void>((done, fail) => {
        const gated = element.closest('[data-gated]');
        if (!gated?.hasAttribute('data-armed')) return done();
        const timer = setTimeout(() => fail(new Error('The gate never saw the control covered.')), 5_000);
        const observer = new MutationObserver(() => {
          if (gated.hasAttribute('data-armed')) return;
          observer.disconnect();
          clearTimeout(timer);
          done();
        });
        observer.observe(gated, { attributes: true, attributeFilter: ['data-armed'] });
      }),
  );
}

/**
 * Waits until the panel's gate counts clicks on `control`, so that what the test then does (cover the
 * panel) is what makes a click not count. A panel without a gate has nothing to wait for: there the
 * attack goes through and the test fails on what the click did.
 */
async function armedIfGated(control: Locator): Promise<void> {
  if (await control.evaluate((element) => Boolean(element.closest('[data-gated]')))) await waitForArmed(control);
}

/** Clicks the middle of `control` the way the shopper's mouse does: at a point on the page, through whatever is drawn there. */
async function clickThrough(page: Page, control: Locator): Promise<void> {
  const box = await control.boundingBox();
  if (!box) throw new Error('The control is not on screen.');
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
}

/** What a click that counted does, as the panel shows it. */
type Effect = 'consent given' | 'photo chosen' | 'try-on started';

/**
 * Waits until the panel has reacted to a click: it said why the click did not count, or it shows
 * what the click would do (`effect`). Returns the panel's hint.
 */
async function reactionTo(panel: Frame, effect: Effect): Promise<string> {
  await panel.waitForFunction(
    (kind) => {
      if (document.querySelector('.gate-hint')?.textContent) return true;
      if (kind === 'consent given') return document.querySelector<HTMLInputElement>('.consent input')?.checked === true;
      if (kind === 'photo chosen') return [...document.querySelectorAll<HTMLInputElement>('input[type=radio]')].some((radio) => radio.checked);
      return [...document.querySelectorAll('h1, h2, h3')].some((heading) => /Creating your try-on/.test(heading.textContent ?? ''));
    },
    effect,
    { timeout: 10_000, polling: 50 },
  );
  return (await panel.locator('.gate-hint').textContent({ timeout: 1_000 }).catch(() => '')) ?? '';
}

describe('a store page that covers the try-on panel', () => {
  let extension: LoadedExtension;
  let sandbox: Sandbox;
  let pages: PageServer;
  let page: Page;

  beforeAll(async () => {
    extension = await launchExtension();
    sandbox = await startSandbox({ generationMs: 500 });
    await writeExtensionSettings(extension.worker, sandboxSettings(sandbox));
    pages = await servePages({ '/product': productPage });
    page = await extension.context.newPage();
    await page.setViewportSize({ width: 1280, height: 860 });
    extension.context.setDefaultTimeout(20_000);
  });

  beforeEach(() => {
    reportPanelOnFailure(() => page);
  });

  afterAll(async () => {
    await extension?.close();
    await sandbox?.close();
    await pages?.close();
  });

  const consentBox = (panel: Frame) => panel.getByRole('checkbox', { name: /I agree/ });
  const firstModel = (panel: Frame) => panel.getByRole('radio', { name: /^Model: / }).first();
  const consentStored = async () => (await storageArea(extension.worker, 'local')).consent ?? null;

  async function reopenPanel(options: { armed?: boolean } = {}): Promise<Frame> {
    if (panelFrame(page)) {
      await closePanel(page);
    }
    await uncover(page);
    await page.goto(`${pages.origin}/product`);
    await tryOnButton(page).click();
    return waitForPanel(page, 10_000, options);
  }

  for (const how of Object.keys(coverings) as Covering[]) {
    it(`gives no consent for a click through ${how}`, async () => {
      const panel = await reopenPanel({ armed: false });
      const consent = consentBox(panel);
      await armedIfGated(consent);
      await cover(page, how);
      await waitUntilDisarmed(consent);
      await clickThrough(page, consent);
      const hint = await reactionTo(panel, 'consent given');
      expect(await consent.isChecked()).toBe(false);
      expect(hint).toMatch(/did not count/);
      expect(await consentStored()).toBeNull();
    });

    it(`chooses no photo for a click through ${how}`, async () => {
      const panel = await reopenPanel({ armed: false });
      const model = firstModel(panel);
      await armedIfGated(model);
      await cover(page, how);
      await waitUntilDisarmed(model);
      await clickThrough(page, model);
      const hint = await reactionTo(panel, 'photo chosen');
      expect(await model.isChecked()).toBe(false);
      expect(hint).toMatch(/did not count/);
    });
  }

  it('counts no click in the first moment after a control appears', async () => {
    const panel = await reopenPanel({ armed: false });
    // As soon as the models are listed, before the gate could see them for long.
    const model = firstModel(panel);
    await model.waitFor();
    await model.click();
    const hint = await reactionTo(panel, 'photo chosen');
    expect(await model.isChecked()).toBe(false);
    expect(hint).toMatch(/just appeared/);
  });

  it('counts the consent and the photo choice once the panel has been seen uncovered', async () => {
    const panel = await reopenPanel();
    await clickArmed(consentBox(panel));
    await expect.poll(consentStored).not.toBeNull();
    const model = firstModel(panel);
    await clickArmed(model);
    await expect.poll(() => model.isChecked()).toBe(true);
  });

  describe('with a saved photo and consent', () => {
    let from = 0;
    beforeAll(async () => {
      await savePhotoWithConsent(extension, sandbox);
      from = lastSeq(sandbox);
    });

    const progressShown = async (panel: Frame) => (await panel.getByRole('heading', { name: 'Creating your try-on' }).count()) > 0;

    for (const how of Object.keys(coverings) as Covering[]) {
      it(`starts no upload and no generation for a click on Start through ${how}`, async () => {
        const panel = await reopenPanel({ armed: false });
        const start = startButton(panel);
        await expect.poll(() => start.isEnabled()).toBe(true);
        await armedIfGated(start);
        const before = lastSeq(sandbox);
        await cover(page, how);
        await waitUntilDisarmed(start);
        await clickThrough(page, start);
        const hint = await reactionTo(panel, 'try-on started');
        expect(await progressShown(panel)).toBe(false);
        expect(hint).toMatch(/did not count/);
        expect(await start.isVisible()).toBe(true);
        expect(acceptedUploads(sandbox, before)).toEqual([]);
        expect(acceptedCreates(sandbox, before)).toEqual([]);
      });
    }

    it('starts nothing for a click on Start right after it became ready', async () => {
      const panel = await reopenPanel({ armed: false });
      const start = startButton(panel);
      // Start is enabled once the saved photo is chosen; a click at that moment is too early.
      await expect.poll(() => start.isEnabled(), { timeout: 10_000, interval: 20 }).toBe(true);
      const before = lastSeq(sandbox);
      await start.click();
      const hint = await reactionTo(panel, 'try-on started');
      expect(await progressShown(panel)).toBe(false);
      expect(hint).toMatch(/just appeared/);
      expect(acceptedCreates(sandbox, before)).toEqual([]);
    });

    it('keeps Start in view, the same button and armed while the list of models arrives late above it', async () => {
      // A window short enough that the panel scrolls once the models are listed.
      await page.setViewportSize({ width: 1280, height: 720 });
      sandbox.setFaults({ latencyMs: 4_000, routes: ['models'] });
      try {
        const panel = await reopenPanel({ armed: false });
        const start = startButton(panel);
        await waitForArmed(start);
        // From now on, anything that would make the shopper's next click on Start not count.
        const watch = await start.evaluateHandle((button) => {
          const seen = { replaced: false, disabled: false, disarmed: false };
          new MutationObserver(() => {
            if (button.ownerDocument.querySelector('[data-gated="start"]') !== button) seen.replaced = true;
            if ((button as HTMLButtonElement).disabled) seen.disabled = true;
            if (!button.hasAttribute('data-armed')) seen.disarmed = true;
          }).observe(button.ownerDocument, { subtree: true, childList: true, attributes: true });
          return seen;
        });
        expect(await firstModel(panel).count(), 'the models arrived before Start armed: nothing was tested').toBe(0);
        await firstModel(panel).waitFor({ timeout: 15_000 });
        // A visibility report taken after the models were drawn (the gate's own observer reports in the same update, first).
        const report = await start.evaluate(
          (button) =>
            new Promise((done) => {
              const observer = new IntersectionObserver(
                ([entry]) => {
                  observer.disconnect();
                  done({ inView: entry!.intersectionRatio === 1, visible: (entry as IntersectionObserverEntry & { isVisible: boolean }).isVisible });
                },
                { threshold: [0, 1], trackVisibility: true, delay: 100 } as IntersectionObserverInit,
              );
              observer.observe(button);
            }),
        );
        expect(report).toEqual({ inView: true, visible: true });
        expect(await watch.evaluate((seen) => ({ ...seen }))).toEqual({ replaced: false, disabled: false, disarmed: false });
      } finally {
        sandbox.setFaults({ latencyMs: 0, routes: null });
        await page.setViewportSize({ width: 1280, height: 860 });
      }
    });

    it('starts the try-on for a click on the uncovered, armed Start: the only generation of all these clicks', async () => {
      const panel = await reopenPanel();
      await clickArmed(startButton(panel));
      await resultImage(panel).waitFor({ timeout: 30_000 });
      expect(acceptedCreates(sandbox, from)).toHaveLength(1);
      expect(acceptedUploads(sandbox, from)).toHaveLength(1);
      await closePanel(page);
    });
  });

  it('opens the panel through the usual helper, which waits for it to be armed', async () => {
    await uncover(page);
    await page.goto(`${pages.origin}/product`);
    const panel = await openPanel(page);
    await expect(panel.locator('html[data-armed]').count()).resolves.toBe(1);
  });
});
