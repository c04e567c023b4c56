import { mkdtemp, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page, type Worker } from 'playwright-core';

/** `EXTENSION_DIR` points the tests at another build (e.g. one made while .output is being rebuilt). */
export const extensionDir = resolve(process.env.EXTENSION_DIR ?? resolve(import.meta.dirname, '../../../.output/chrome-mv3'));
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface LoadedExtension {
  context: BrowserContext;
  extensionId: string;
  worker: Worker;
  /** Opens an extension page such as `popup.html` in a new tab. */
  openPage(path: string): Promise<Page>;
  close(): Promise<void>;
}

export interface LaunchOptions {
  /** The built extension to load (default: .output/chrome-mv3). */
  dir?: string;
  /** An existing profile to start again (a browser restart); the caller removes it. Default: a fresh one, removed on close. */
  profile?: string;
  /**
   * The welcome page the extension opens on install: `close` (the default for a fresh profile) waits
   * for it and closes it, so tests about something else start from one blank tab; `keep` leaves it.
   */
  welcome?: 'close' | 'keep';
  /** More Chromium switches, e.g. `--host-resolver-rules=...` to give a local server another host name. */
  args?: string[];
  /**
   * Let Chromium keep pages in the back/forward cache. Playwright switches the cache off by default
   * (a page restored from it fires no load event, which `goBack()` waits for): a test that turns it
   * on goes back with `waitUntil: 'commit'` and waits on the page's `pageshow` instead.
   */
  backForwardCache?: boolean;
}

/** The welcome page the extension opened on install, once it is there (polled: Chrome opens it from the worker). */
export async function waitForWelcomePage(context: BrowserContext, extensionId: string, timeout = 15_000): Promise<Page> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const page = welcomePages(context, extensionId)[0];
    if (page) return page;
    if (Date.now() > deadline) throw new Error('The extension opened no welcome page.');
    await new Promise((done) => setTimeout(done, 50));
  }
}

export function welcomePages(context: BrowserContext, extensionId: string): Page[] {
  return context.pages().filter((page) => page.url().startsWith(`chrome-extension://${extensionId}/welcome.html`));
}

/** Starts Debian Chromium with the built extension (or the build in `dir`), in a fresh profile unless one is given. */
export async function launchExtension({ dir = extensionDir, profile: given, welcome, args = [], backForwardCache = false }: LaunchOptions = {}): Promise<LoadedExtension> {
  if (!existsSync(join(dir, 'manifest.json'))) {
    throw new Error(`No built extension at ${dir}: run "npx wxt build" first.`);
  }
  const profile = given ?? (await mkdtemp(join(tmpdir(), 'try-on-e2e-')));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath,
    headless: true,
    ignoreDefaultArgs: backForwardCache ? ['--disable-back-forward-cache'] : undefined,
    args: [
      `--disable-extensions-except=${dir}`,
      `--load-extension=${dir}`,
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--lang=en-US',
      ...args,
    ],
  });
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  const extensionId = new URL(worker.url()).host;
  if ((welcome ?? (given ? 'keep' : 'close')) === 'close') await (await waitForWelcomePage(context, extensionId)).close();
  return {
    context,
    extensionId,
    worker,
    async openPage(path) {
      const page = await context.newPage();
      await page.goto(`chrome-extension://${extensionId}/${path}`);
      return page;
    },
    async close() {
      await context.close();
      if (!given) await rm(profile, { recursive: true, force: true });
    },
  };
}
