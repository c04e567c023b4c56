import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Frame, Page } from 'playwright-core';
import { startSandbox, type Sandbox } from '../../server/sandbox/index';
import { launchExtension, type LoadedExtension } from './support/extension';
import { servePages, type PageServer } from './support/pages';
import { sandboxSettings, writeExtensionSettings } from './support/sandbox';
import { acceptedCreates, entriesSince, lastSeq, liveWorker, savePhotoWithConsent, startButton, storageArea, waitForOutcome } from './support/shopper';
import { waitForContentScriptSettled } from './support/signals';
import { startTokenProxy, type TokenProxy } from './support/token-proxy';
import { clickArmed, inButtonShadow, openPanel, panelFrame, tryOnButton, waitForPanel, waitForPanelClosed } from './support/try-on';

/**
 * What a store page's own scripts (the main world) can do against the extension: nothing that starts
 * a try-on, and nothing that reads the shopper's settings, tokens, photo or result. Each attack runs
 * in the page itself through page.evaluate, which is the main world.
 */

const SKU = 'LD-DENIM-JKT-M';
const productPage = `<!doctype html><html><head><title>Denim Jacket</title>
<script type="application/ld+json">{"@context":"https://schema.org","@type":"Product","name":"Classic Denim Jacket","sku":"${SKU}",
"offers":{"@type":"Offer","price":"89.00","priceCurrency":"EUR"}}</script></head>
<body><main><h1>Classic Denim Jacket</h1><p>A trucker jacket.</p><button>Add to cart</button></main></body></html>`;

/** JWTs as the token server issues them: three base64url parts, the first two JSON objects. */
const JWT = /eyJ[\w-]{5,}\.eyJ[\w-]{5,}\.[\w-]+/;

/** Every key in a stored value, at any depth. */
function keysOf(value: unknown, into: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((item) => keysOf(item, into));
  else if (value && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      into.push(key);
      keysOf(inner, into);
    }
  }
  return into;
}

describe('a store page against the extension', () => {
  let extension: LoadedExtension;
  let sandbox: Sandbox;
  let tokens: TokenProxy;
  let pages: PageServer;
  let page: Page;

  beforeAll(async () => {
    extension = await launchExtension();
    sandbox = await startSandbox({ generationMs: 500 });
    tokens = await startTokenProxy(sandbox.tokenUrl);
    await writeExtensionSettings(extension.worker, sandboxSettings(sandbox, { tokenEndpoint: tokens.url }));
    await savePhotoWithConsent(extension, sandbox);
    pages = await servePages({ '/product': productPage });
    page = await extension.context.newPage();
  });

  afterAll(async () => {
    await extension?.close();
    await tokens?.close();
    await sandbox?.close();
    await pages?.close();
  });

  const stored = async (area: 'local' | 'sync' | 'session') => storageArea(await liveWorker(extension.context), area);
  const panelSessions = async () => ((await stored('session')).panelSessions as unknown[] | undefined) ?? [];
  const jobs = async () => ((await stored('session')).jobs as unknown[] | undefined) ?? [];

  it('cannot open the panel with synthetic clicks, key presses or events on the button', async () => {
    await page.goto(`${pages.origin}/product`);
    await tryOnButton(page).waitFor();
    const attempts = await page.evaluate(() => {
      const host = document.querySelector<HTMLElement>('shop-try-on-button');
      if (!host) return { host: false };
      host.click();
      host.dispatchEvent(new MouseEvent('click', { bubbles: true, composed: true, cancelable: true }));
      host.dispatchEvent(new PointerEvent('pointerdown', { bubbles: true, composed: true }));
      host.dispatchEvent(new PointerEvent('pointerup', { bubbles: true, composed: true }));
      host.focus();
      for (const key of ['Enter', ' ']) {
        host.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, composed: true }));
        host.dispatchEvent(new KeyboardEvent('keyup', { key, bubbles: true, composed: true }));
      }
      // The button's shadow root is closed: the page cannot get at the button itself.
      return { host: true, shadowRoot: host.shadowRoot };
    });
    expect(attempts).toEqual({ host: true, shadowRoot: null });
    // DevTools can reach the button, which no page can: synthetic events on the button itself count for nothing either.
    await inButtonShadow(page, (_arg, root) => {
      const button = root.querySelector('button')!;
      button.click();
      button.dispatchEvent(new MouseEvent('click', { bubbles: true, composed: true, cancelable: true }));
    });
    // Settled includes "no panel being opened": had a click counted, the panel would be open by then.
    await waitForContentScriptSettled(await liveWorker(extension.context), page);
    expect(panelFrame(page) === undefined, 'no panel opened').toBe(true);
    expect(await panelSessions()).toEqual([]);

    // The same button with a real click opens the panel: the checks above could have seen it.
    await tryOnButton(page).click();
    await waitForPanel(page);
    expect(await panelSessions()).toHaveLength(1);
  });

  it('cannot find the panel frame, read it, fetch it or frame it itself', async () => {
    await page.goto(`${pages.origin}/product`);
    await openPanel(page);
    const seen = await page.evaluate(async (extensionId) => {
      const host = document.querySelector('shop-try-on-panel');
      const framed = document.createElement('iframe');
      framed.src = `chrome-extension://${extensionId}/panel.html`;
      document.body.append(framed);
      let fetched: string;
      try {
        fetched = `status ${(await fetch(`chrome-extension://${extensionId}/panel.html`)).status}`;
      } catch (error) {
        fetched = (error as Error).name;
      }
      return {
        panelHost: host !== null,
        // Closed shadow root: no way from the host to the frame inside.
        panelShadow: host ? host.shadowRoot : 'no host',
        iframesInDocument: document.querySelectorAll('iframe').length - 1,
        // Frames inside shadow trees are not in window.frames, so there is no WindowProxy to get.
        windowFrames: window.frames.length - 1,
        // Nothing about the panel leaks through the performance timeline either.
        timeline: performance.getEntries().filter((entry) => entry.name.startsWith('chrome-extension:')).map((entry) => entry.name),
        fetched,
      };
    }, extension.extensionId);
    expect(seen).toEqual({ panelHost: true, panelShadow: null, iframesInDocument: 0, windowFrames: 0, timeline: [], fetched: 'TypeError' });
    // The panel page is only served under the per-session URL Chrome gives the extension's own frame;
    // a page that frames the fixed URL gets Chrome's "blocked" page, not the panel.
    // Waits for the page's frame to commit what it was given (its URL leaves about:blank) and load it.
    const framedByPage = () => page.frames().filter((frame) => frame !== page.mainFrame() && frame !== panelFrame(page));
    await expect.poll(() => framedByPage().map((frame) => (frame.url() === '' || frame.url() === 'about:blank' ? 'not yet' : 'committed')), { timeout: 10_000 }).toEqual(['committed']);
    const framed = framedByPage()[0]!;
    await framed.waitForLoadState('load');
    await expect(framed.evaluate(() => location.protocol)).resolves.toBe('chrome-error:');
    await expect(framed.getByRole('dialog').count()).resolves.toBe(0);
  });

  it('cannot close the panel, keep it open or start a try-on with forged messages and keys', async () => {
    await page.goto(`${pages.origin}/product`);
    const panel: Frame = await openPanel(page);
    await expect.poll(() => startButton(panel).isEnabled(), { timeout: 15_000 }).toBe(true);
    const before = lastSeq(sandbox);
    const jobsBefore = (await jobs()).length;
    // The panel never posts to the page, so the page holds no handle on the panel's window; it can
    // only post to itself and to its own frames, and dispatch keys no person pressed.
    await page.evaluate(() => {
      const forged: unknown[] = [
        { channel: 'shop-try-on', type: 'tryOn.start', data: { items: [{ skuId: 'LD-DENIM-JKT-M', name: 'Forged' }], photo: { kind: 'saved' } } },
        { channel: 'shop-try-on', type: 'photo.get', data: {} },
        { channel: 'shop-try-on', type: 'data.deleteAll', data: {} },
        { channel: 'shop-try-on:panel', type: 'close' },
        'tryOn.start',
      ];
      for (const message of forged) {
        window.postMessage(message, '*');
        for (let index = 0; index < window.frames.length; index++) window.frames[index]!.postMessage(message, '*');
      }
      document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
      return window.frames.length;
    });
    // Still open and still answering: the shopper's own Escape closes it.
    await expect(startButton(panel).isEnabled()).resolves.toBe(true);
    await panel.locator('body').press('Escape');
    await waitForPanelClosed(page);
    expect((await jobs()).length).toBe(jobsBefore);
    // No photo upload, no generation, no status poll: nothing that a try-on sends.
    expect(entriesSince(sandbox, before).filter((entry) => ['upload', 'create', 'status'].includes(entry.route))).toEqual([]);
  });

  it("hears nothing that names the extension, and its patched DOM methods never see the extension's elements", async () => {
    // A page that watches from its first line: every window message, every shadow root attached
    // through its (patched) Element.prototype.attachShadow.
    const spy = await extension.context.newPage();
    await spy.addInitScript(() => {
      const seen = window as unknown as { heard: string[]; roots: string[] };
      seen.heard = [];
      seen.roots = [];
      addEventListener('message', (event) => seen.heard.push(JSON.stringify(event.data)), true);
      const attach = Element.prototype.attachShadow;
      Element.prototype.attachShadow = function (this: Element, init: ShadowRootInit) {
        seen.roots.push(this.tagName);
        return attach.call(this, init);
      };
    });
    await spy.goto(`${pages.origin}/product`);
    await openPanel(spy);
    const seen = await spy.evaluate(() => {
      const { heard, roots } = window as unknown as { heard: string[]; roots: string[] };
      return { heard, roots };
    });
    // Nothing a page hears gives the extension's id away (with it, any site could tell who has it installed).
    expect(seen.heard.filter((message) => message.includes(extension.extensionId))).toEqual([]);
    // The content script runs in its own world with its own prototypes: the page's patch saw nothing.
    expect(seen.roots).toEqual([]);
    await spy.close();
  });

  it('has no chrome.runtime to message the extension with', async () => {
    await page.goto(`${pages.origin}/product`);
    await tryOnButton(page).waitFor();
    const runtime = await page.evaluate(async (extensionId) => {
      const chromeApi = (globalThis as { chrome?: { runtime?: { sendMessage?: (...args: unknown[]) => Promise<unknown> } } }).chrome;
      const send = chromeApi?.runtime?.sendMessage;
      if (typeof send !== 'function') return { sendMessage: typeof send };
      try {
        return { answered: await send(extensionId, { channel: 'shop-try-on', type: 'tryOn.start', data: {} }) };
      } catch (error) {
        return { refused: String(error) };
      }
    }, extension.extensionId);
    // No externally_connectable in the manifest: Chrome gives pages no runtime API at all.
    expect(runtime).toEqual({ sendMessage: 'undefined' });
  });

  it('finds nothing private in the page after a full try-on, and the extension kept no token in storage', async () => {
    await page.goto(`${pages.origin}/product`);
    const panel = await openPanel(page);
    await expect.poll(() => startButton(panel).isEnabled(), { timeout: 15_000 }).toBe(true);
    const before = lastSeq(sandbox);
    await clickArmed(startButton(panel));
    const outcome = await waitForOutcome(panel);
    expect(outcome.kind).toBe('result');
    expect(acceptedCreates(sandbox, before)).toHaveLength(1);
    const resultUrl = outcome.kind === 'result' ? outcome.src : '';

    // What the page can reach: its own DOM (the button's shadow root is closed to it). The button's
    // inside, read through DevTools, holds nothing private either.
    const visible = await page.evaluate(() => ({
      document: document.documentElement.outerHTML,
      shadowRoot: document.querySelector('shop-try-on-button')?.shadowRoot ?? null,
    }));
    expect(visible.shadowRoot).toBeNull();
    const inside = await inButtonShadow(page, (_arg, root) => ({
      html: root.innerHTML,
      interactive: [...root.querySelectorAll('button, a, input, img, iframe')].map((element) => `${element.tagName}:${element.textContent?.trim()}`),
    }));
    expect(inside.interactive).toEqual(['BUTTON:Try on']);
    const privateValues = [sandbox.subscriptionId, tokens.url, sandbox.apiUrl, new URL(sandbox.apiUrl).host, resultUrl, ...tokens.issuedTokens()];
    for (const text of [visible.document, inside.html]) {
      for (const value of privateValues) expect(text).not.toContain(value);
      expect(text).not.toMatch(JWT);
    }

    // Tokens were issued (through the proxy, which kept them) but none was written to storage.
    const issued = tokens.issuedTokens();
    expect(issued.length).toBeGreaterThanOrEqual(2);
    for (const area of ['local', 'sync', 'session'] as const) {
      const values = await stored(area);
      const text = JSON.stringify(values);
      expect(text, `storage.${area}`).not.toMatch(JWT);
      for (const token of issued) expect(text).not.toContain(token.split('.')[2]);
      expect(keysOf(values).filter((key) => /token|jwt|bearer/i.test(key) && key !== 'tokenEndpoint'), `storage.${area}`).toEqual([]);
    }
    // The settings and history are where they belong (local), so the dump above was real.
    expect(Object.keys(await stored('local'))).toEqual(expect.arrayContaining(['settings', 'history']));
  });
});
