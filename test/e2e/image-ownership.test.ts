import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { CATALOG, type Sandbox } from '../../server/sandbox/index';
import { launchExtension, type LoadedExtension } from './support/extension';
import { startSandboxForExtension } from './support/sandbox';
import { entriesSince, lastSeq, savePhotoWithConsent, storageArea } from './support/shopper';

/**
 * Image ownership through the sandbox's real token server: the built extension sends its install id
 * with token requests and reports its images, so it may delete its own result while another
 * installation is refused a token for it.
 */

describe('deleting try-on images is for the installation that made them', () => {
  let extension: LoadedExtension;
  let sandbox: Sandbox;
  let page: Page;

  /** Sends one message of the protocol from an extension page, as the popup does. */
  const ask = (type: string, data: unknown) =>
    page.evaluate(([messageType, messageData]) => chrome.runtime.sendMessage({ channel: 'shop-try-on', type: messageType, data: messageData }), [type, data] as const);

  beforeAll(async () => {
    extension = await launchExtension();
    sandbox = await startSandboxForExtension(extension.worker, { generationMs: 800 });
    await savePhotoWithConsent(extension, sandbox);
    page = await extension.openPage('options.html');
  });

  afterAll(async () => {
    await extension?.close();
    await sandbox?.close();
  });

  it('reports the upload and the result with its install id, deletes its own result, and another install id is refused', async () => {
    const start = lastSeq(sandbox);
    const started = await ask('tryOn.start', { items: [{ skuId: CATALOG[0]!.sku }], photo: { kind: 'saved' } });
    expect(started).toMatchObject({ ok: true });
    const jobId = (started as { data: { job: { id: string } } }).data.job.id;
    await expect
      .poll(async () => ((await ask('jobs.get', { jobId })) as { data: { job: { status: string } } }).data.job.status, { timeout: 30_000 })
      .toBe('done');

    const installId = (await storageArea(extension.worker, 'local')).installId as string;
    expect(installId).toMatch(/^[A-Za-z0-9_-]{16,64}$/);
    const tokenBodies = entriesSince(sandbox, start, 'token').map((entry) => entry.requestBody as Record<string, unknown>);
    expect(tokenBodies.length).toBeGreaterThanOrEqual(3);
    expect(tokenBodies.every((body) => body.install_id === installId)).toBe(true);

    const history = (await ask('history.list', {})) as { data: { entries: { id: string; images: { id: string }[]; uploadedImageId?: string }[] } };
    const entry = history.data.entries.find((candidate) => candidate.id === jobId)!;
    const generatedId = entry.images[0]!.id;
    const reported = entriesSince(sandbox, start)
      .filter((logged) => logged.path.endsWith('/aiuta_images'))
      .flatMap((logged) => (logged.responseBody as { owned: string[] }).owned);
    expect(reported).toEqual(expect.arrayContaining([generatedId, entry.uploadedImageId]));

    // Another installation cannot get a token to delete this result.
    const stranger = await fetch(sandbox.tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ operation: 'delete_image', image_id: generatedId, install_id: 'someone-else-0123456789' }),
    });
    expect(stranger.status).toBe(403);
    expect(await stranger.json()).toMatchObject({ error: 'image_not_owned' });

    // The extension itself can.
    const beforeDelete = lastSeq(sandbox);
    expect(await ask('history.delete', { id: entry.id })).toEqual({ ok: true, data: { ok: true } });
    const deleteToken = entriesSince(sandbox, beforeDelete, 'token').find((logged) => (logged.requestBody as { operation?: string }).operation === 'delete_image');
    expect(deleteToken).toMatchObject({ status: 200, requestBody: { image_id: generatedId, install_id: installId } });
    expect(entriesSince(sandbox, beforeDelete, 'delete_generated').map((logged) => logged.status)).toEqual([expect.any(Number)]);
    expect(entriesSince(sandbox, beforeDelete, 'delete_generated')[0]!.status).toBeLessThan(300);
  });
});
