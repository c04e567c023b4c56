import type { Worker } from 'playwright-core';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../../server/sandbox/index';
import type { Settings } from '../../../utils/settings/schema';

/**
 * Writes settings straight into the built extension's storage (the popup is not under test here):
 * the same key and version marker `settingsItem` uses, so the extension reads them as its own.
 */
export async function writeExtensionSettings(worker: Worker, settings: Settings): Promise<void> {
  await worker.evaluate((value) => chrome.storage.local.set({ settings: value, 'settings$': { v: 2 } }), settings);
}

export function sandboxSettings(sandbox: Sandbox, overrides: Partial<Settings> = {}): Settings {
  return {
    subscriptionId: sandbox.subscriptionId,
    tokenEndpoint: sandbox.tokenUrl,
    apiBaseUrl: sandbox.apiUrl,
    apiFlavour: 'digital-try-on-v1',
    siteRules: [],
    disabledSites: [],
    developerApiKey: '',
    catalogEndpoint: '',
    ...overrides,
  };
}

/** Starts the sandbox on free ports and points the extension at it. */
export async function startSandboxForExtension(
  worker: Worker,
  options: SandboxOptions = {},
  overrides: Partial<Settings> = {},
): Promise<Sandbox> {
  const sandbox = await startSandbox(options);
  try {
    await writeExtensionSettings(worker, sandboxSettings(sandbox, overrides));
  } catch (error) {
    await sandbox.close();
    throw error;
  }
  return sandbox;
}

/** The sandbox's sample shopper photo, as a file a test can put into a file input. */
export async function shopperPhoto(sandbox: Sandbox): Promise<{ name: string; mimeType: string; buffer: Buffer }> {
  const response = await fetch(sandbox.photoUrl);
  if (!response.ok) throw new Error(`The sandbox did not serve its shopper photo (${response.status}).`);
  return { name: 'shopper.jpg', mimeType: 'image/jpeg', buffer: Buffer.from(await response.arrayBuffer()) };
}
