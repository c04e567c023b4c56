import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extensionIdOf } from '../../scripts/extension-key';
import { launchExtension, waitForWelcomePage, type LoadedExtension } from './support/extension';

const run = promisify(execFile);
const root = resolve(import.meta.dirname, '../..');
const storeBuild = resolve(root, '.output/chrome-mv3-store');

/** What a store puts into .env.store (see .env.example); the values only need to be valid. */
const storeSettings = {
  WXT_DEFAULT_SUBSCRIPTION_ID: 'store-sub-42',
  WXT_DEFAULT_TOKEN_ENDPOINT: 'https://tokens.shop.example/token',
  WXT_DEFAULT_CATALOG_ENDPOINT: 'https://tokens.shop.example/catalog',
  WXT_DEFAULT_API_BASE_URL: 'https://api.aiuta.com/v1',
};

describe('a store build (npm run build:store, values from .env.store and the environment)', () => {
  let extension: LoadedExtension;
  let printed: { key: string; id: string; origin: string };

  beforeAll(async () => {
    // The key script, as README shows it: a new key, and the values to copy.
    const keys = await mkdtemp(join(tmpdir(), 'extension-key-'));
    try {
      const { stdout } = await run(process.execPath, ['--import', 'tsx', 'scripts/extension-key.ts', '--out', join(keys, 'key.pem')], { cwd: root });
      const line = (name: string) => new RegExp(`^${name}(.+)$`, 'm').exec(stdout)?.[1] ?? '';
      printed = { key: line('MANIFEST_KEY='), id: line('Extension id: '), origin: line('AIUTA_JWT_ALLOWED_ORIGINS=') };
      await run(process.execPath, ['--import', 'tsx', 'scripts/extension-key.ts', '--from', join(keys, 'key.pem')], { cwd: root }).then(({ stdout: again }) =>
        expect(again).toContain(`Extension id: ${printed.id}`),
      );
    } finally {
      await rm(keys, { recursive: true, force: true });
    }
    // As README says: the values come from .env.store, and the environment wins over it. The file here
    // names another subscription, which the environment's must beat; the other values come from the file.
    const envFile = join(root, '.env.store');
    const mark = '# Written by test/e2e/store-build.test.ts for one build; safe to delete.\n';
    const yours = existsSync(envFile) && !(await readFile(envFile, 'utf8')).startsWith(mark);
    if (yours) console.warn('A .env.store of your own is in the project: this build takes every value from the environment instead.');
    else await writeFile(envFile, mark + Object.entries({ ...storeSettings, WXT_DEFAULT_SUBSCRIPTION_ID: 'loses-to-the-environment' }).map(([name, value]) => `${name}=${value}\n`).join(''));
    const fromEnvironment = yours ? storeSettings : { WXT_DEFAULT_SUBSCRIPTION_ID: storeSettings.WXT_DEFAULT_SUBSCRIPTION_ID };
    try {
      await run('npm', ['run', 'build:store'], { cwd: root, env: { ...process.env, ...fromEnvironment, MANIFEST_KEY: printed.key } });
    } finally {
      if (!yours) await rm(envFile, { force: true });
    }
    extension = await launchExtension({ dir: storeBuild, welcome: 'keep' });
  });

  afterAll(async () => {
    await extension?.close();
  });

  it('gets the extension id the key script printed, which is the origin to allow on the token server', async () => {
    expect(printed.id).toMatch(/^[a-p]{32}$/);
    expect(extensionIdOf(printed.key)).toBe(printed.id);
    expect(JSON.parse(await readFile(join(storeBuild, 'manifest.json'), 'utf8')).key).toBe(printed.key);
    expect(extension.extensionId).toBe(printed.id);
    expect(printed.origin).toBe(`chrome-extension://${extension.extensionId}`);
  });

  it('opens the welcome page on install, saying the connection is ready, with no demo store link', async () => {
    const welcome = await waitForWelcomePage(extension.context, extension.extensionId);
    await expect.poll(() => welcome.getByTestId('connection-state').getAttribute('data-state')).toBe('ready');
    await expect(welcome.getByTestId('connection-state').textContent()).resolves.toMatch(/^Ready/);
    await expect(welcome.getByLabel('Subscription ID', { exact: true }).inputValue()).resolves.toBe(storeSettings.WXT_DEFAULT_SUBSCRIPTION_ID);
    await expect(welcome.getByTestId('demo-store').count()).resolves.toBe(0);
    // Preconfigured: nothing to set up, so the toolbar icon has no badge.
    await expect.poll(() => extension.worker.evaluate(() => chrome.action.getBadgeText({}))).toBe('');
    await welcome.close();
  });

  it('opens the popup already filled in with the store settings', async () => {
    const page = await extension.openPage('popup.html?tab=settings');
    const field = (label: string) => page.getByLabel(label, { exact: true });
    await expect.poll(() => field('Subscription ID').inputValue()).toBe(storeSettings.WXT_DEFAULT_SUBSCRIPTION_ID);
    await expect(field('Token endpoint').inputValue()).resolves.toBe(storeSettings.WXT_DEFAULT_TOKEN_ENDPOINT);
    await expect(field('Catalog endpoint').inputValue()).resolves.toBe(storeSettings.WXT_DEFAULT_CATALOG_ENDPOINT);
    await expect(field('API base URL').inputValue()).resolves.toBe(storeSettings.WXT_DEFAULT_API_BASE_URL);
  });
});
