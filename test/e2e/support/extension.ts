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

/** Starts Debian Chromium with the built extension (or the build in `dir`) in a fresh profile. */
export async function launchExtension({ dir = extensionDir }: { dir?: string } = {}): Promise<LoadedExtension> {
  if (!existsSync(join(dir, 'manifest.json'))) {
    throw new Error(`No built extension at ${dir}: run "npx wxt build" first.`);
  }
  const profile = await mkdtemp(join(tmpdir(), 'try-on-e2e-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath,
    headless: true,
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
    ],
  });
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  const extensionId = new URL(worker.url()).host;
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
      await rm(profile, { recursive: true, force: true });
    },
  };
}
