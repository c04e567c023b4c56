import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Frame, Page } from 'playwright-core';
import { startSandbox, type Sandbox } from '../../server/sandbox/index';
import { launchExtension, type LoadedExtension } from './support/extension';
import { sandboxSettings, writeExtensionSettings } from './support/sandbox';
import {
  acceptedCreates,
  acceptedUploads,
  entriesSince,
  lastSeq,
  liveWorker,
  photoRecords,
  pressRetry,
  retryButton,
  savePhotoWithConsent,
  startButton,
  stopServiceWorkers,
  storageArea,
  waitForOutcome,
} from './support/shopper';
import { startTokenProxy, type TokenProxy } from './support/token-proxy';
import { clickArmed, openPanel } from './support/try-on';

/**
 * Recovery from what goes wrong between the shopper's click and the picture: the store's token
 * backend is down, the browser stops the extension's service worker mid-generation, and the
 * uploaded photo is gone from the try-on service (deleted, or expired by the service's clock).
 */

const DAY_MS = 24 * 60 * 60_000;

const products = ['/jsonld/classic-denim-jacket', '/woo/product/linen-summer-dress/', '/magento/slim-chino-trousers.html', '/og/camel-wool-overcoat'];

// No retry even in CI: a try-on that only works the second time is the failure this file looks for.
describe('recovering a try-on', { retry: 0 }, () => {
  let extension: LoadedExtension;
  let sandbox: Sandbox;
  let tokens: TokenProxy;
  let page: Page;
  /** Moves the try-on service's clock (image expiry, token times) without touching the browser's. */
  let clockOffsetMs = 0;

  beforeAll(async () => {
    extension = await launchExtension();
    // Generations take 3 s: long enough to stop the worker in the middle of one.
    sandbox = await startSandbox({ generationMs: 3000, clock: () => Date.now() + clockOffsetMs });
    tokens = await startTokenProxy(sandbox.tokenUrl);
    await writeExtensionSettings(extension.worker, sandboxSettings(sandbox, { tokenEndpoint: tokens.url }));
    await savePhotoWithConsent(extension, sandbox);
    page = await extension.context.newPage();
  });

  // The service's clock goes back after each test (the expiry test moves it).
  afterEach(() => {
    clockOffsetMs = 0;
  });

  afterAll(async () => {
    await extension?.close();
    await tokens?.close();
    await sandbox?.close();
  });

  async function panelFor(path: string): Promise<Frame> {
    await page.goto(`${sandbox.storeUrl}${path}`);
    const panel = await openPanel(page);
    await expect.poll(() => startButton(panel).isEnabled(), { timeout: 15_000 }).toBe(true);
    return panel;
  }

  it('says the sign-in service cannot be reached while the token backend is down, and "Try again" works once it is back', async () => {
    const panel = await panelFor(products[0]!);
    await tokens.down();
    const before = lastSeq(sandbox);
    try {
      await clickArmed(startButton(panel));
      const failed = await waitForOutcome(panel);
      expect(failed).toEqual({
        kind: 'error',
        code: 'token_unreachable',
        action: 'retry',
        sentence: 'The sign-in service for try-ons could not be reached. Check your connection and try again.',
      });
      await expect(retryButton(panel).textContent()).resolves.toBe('Try again');
    } finally {
      await tokens.up();
    }
    // Without a token nothing that needs one reached the try-on service: no photo upload, no paid generation.
    expect(entriesSince(sandbox, before).filter((entry) => entry.route === 'upload' || entry.route === 'create')).toEqual([]);

    const retried = lastSeq(sandbox);
    const outcome = await waitForOutcome(panel, 30_000, await pressRetry(panel));
    expect(outcome.kind).toBe('result');
    expect(acceptedUploads(sandbox, retried)).toHaveLength(1);
    expect(acceptedCreates(sandbox, retried)).toHaveLength(1);
  });

  /** Deletes the shopper's uploaded photo on the service, as its owner would with a delete token. */
  async function deleteUploadOnService(imageId: string): Promise<void> {
    const tokenResponse = await fetch(sandbox.tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ operation: 'delete_image', image_id: imageId, subscription_id: sandbox.subscriptionId }),
    });
    const { token } = (await tokenResponse.json()) as { token: string };
    const deleted = await fetch(`${sandbox.apiUrl}/uploaded_images/${encodeURIComponent(imageId)}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(deleted.status).toBeLessThan(300);
  }

  const uploadedId = async () => (await photoRecords(extension.context))[0]?.uploaded?.id;

  it.each([
    ['deleted on the service', async (imageId: string) => deleteUploadOnService(imageId)],
    [
      'expired by the service',
      async () => {
        // A day and an hour later for the service: its uploads are past their one-day lifetime,
        // while the extension still counts on the expiry it was given.
        clockOffsetMs += DAY_MS + 60 * 60_000;
      },
    ],
  ])('uploads the photo again, once, when the earlier upload was %s, and shows the result', async (how, makeGone) => {
    // An upload to lose: a try-on makes one when none was made before this test.
    if (!(await uploadedId())) {
      const first = await panelFor(products[0]!);
      await clickArmed(startButton(first));
      expect((await waitForOutcome(first)).kind).toBe('result');
    }
    const oldId = await uploadedId();
    expect(oldId).toBeTruthy();
    await makeGone(oldId!);

    const panel = await panelFor(products[how.startsWith('deleted') ? 1 : 2]!);
    const before = lastSeq(sandbox);
    await clickArmed(startButton(panel));
    const outcome = await waitForOutcome(panel);
    expect(outcome.kind).toBe('result');

    const creates = entriesSince(sandbox, before, 'create');
    // First the service said the photo is gone; then one upload; then one generation, with the new photo.
    expect(creates.map((entry) => (entry.status < 300 ? 'accepted' : entry.status))).toEqual([400, 'accepted']);
    expect((creates[0]!.requestBody as { uploaded_image_id: string }).uploaded_image_id).toBe(oldId);
    const uploads = acceptedUploads(sandbox, before);
    expect(uploads).toHaveLength(1);
    const newId = (uploads[0]!.responseBody as { id: string }).id;
    const accepted = acceptedCreates(sandbox, before);
    expect(accepted).toHaveLength(1);
    expect((accepted[0]!.requestBody as { uploaded_image_id: string }).uploaded_image_id).toBe(newId);
    expect(await uploadedId()).toBe(newId);
  });

  it('continues a generation after the browser stopped the service worker, and shows the result', async () => {
    const panel = await panelFor(products[3]!);
    const worker = await liveWorker(extension.context);
    const startedWorker = await worker.evaluate(() => performance.timeOrigin);
    const before = lastSeq(sandbox);
    // The generation stays running until the worker has stopped: no race against generationMs.
    let stoppedAt = 0;
    sandbox.holdGenerations(true);
    try {
      await clickArmed(startButton(panel));
      // Stop it once the generation is running and its id is kept (stopping mid-create is another case:
      // that job is failed on purpose, as creating again could charge twice).
      await expect
        .poll(async () => ((await storageArea(worker, 'session')).jobs as { operationId?: string; status: string }[] | undefined)?.at(-1)?.operationId, {
          timeout: 15_000,
          interval: 50,
        })
        .toBeTruthy();
      stoppedAt = lastSeq(sandbox);
      await stopServiceWorkers(page);
      expect(entriesSince(sandbox, before, 'status').some((entry) => (entry.responseBody as { status?: string })?.status === 'SUCCESS')).toBe(false);
    } finally {
      sandbox.holdGenerations(false);
    }

    const outcome = await waitForOutcome(panel, 60_000);
    expect(outcome.kind).toBe('result');
    // A new worker picked the job up: polls came after the stop, and the one generation was not repeated.
    const restarted = await (await liveWorker(extension.context)).evaluate(() => performance.timeOrigin);
    expect(restarted).toBeGreaterThan(startedWorker);
    expect(entriesSince(sandbox, stoppedAt, 'status').length).toBeGreaterThan(0);
    expect(acceptedCreates(sandbox, before)).toHaveLength(1);
    expect(entriesSince(sandbox, stoppedAt, 'create')).toEqual([]);
  });
});
