import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { CATALOG, NO_FAULTS, startSandbox, type LogEntry, type Sandbox } from '../../server/sandbox/index';
import { launchExtension, type LoadedExtension } from './support/extension';
import { sandboxSettings, startSandboxForExtension, writeExtensionSettings } from './support/sandbox';
import { entriesSince, lastSeq, liveWorker, savePhotoWithConsent, stopServiceWorkers } from './support/shopper';

/**
 * Deletes at Aiuta go to the host that stored the image (two emulators, the settings moved from one
 * to the other in between), a cancelled try-on's result is deleted once the service has made it, and
 * the history says what could not be deleted while the host failed, with a Retry that works once it is back.
 */

type Reply<T> = { ok: true; data: T } | { ok: false; error: { code: string } };
type Record = { kind: string; id: string; state: string; tries: number; target?: { apiBaseUrl: string } };

describe('deletes at Aiuta', () => {
  let extension: LoadedExtension;
  let first: Sandbox;
  let second: Sandbox;
  let page: Page;

  const ask = <T>(type: string, data: unknown) =>
    page.evaluate(([messageType, messageData]) => chrome.runtime.sendMessage({ channel: 'shop-try-on', type: messageType, data: messageData }), [type, data] as const) as Promise<Reply<T>>;
  const data = <T>(reply: Reply<T>): T => {
    if (!reply.ok) throw new Error(`The extension refused: ${JSON.stringify(reply)}`);
    return reply.data;
  };
  const jobStatus = async (jobId: string) => data(await ask<{ job: { status: string; operationId?: string } | null }>('jobs.get', { jobId })).job;
  const startTryOn = async () => data(await ask<{ job: { id: string } }>('tryOn.start', { items: [{ skuId: CATALOG[0]!.sku, name: 'Demo item' }], photo: { kind: 'saved' } })).job.id;
  const historyEntries = async () => data(await ask<{ entries: { id: string; images: { id: string }[] }[] }>('history.list', {})).entries;
  const records = async () => ((await page.evaluate(() => chrome.storage.local.get('pendingDeletes'))).pendingDeletes ?? []) as Record[];
  const recordOf = async (id: string) => (await records()).find((record) => record.id === id);
  const deletedAt = (sandbox: Sandbox, since: number, imageId: string): LogEntry[] =>
    entriesSince(sandbox, since, 'delete_generated').filter((entry) => entry.path.endsWith(`/${imageId}`) && entry.status < 300);

  async function finishedTryOn(): Promise<{ jobId: string; generatedId: string }> {
    const jobId = await startTryOn();
    await expect.poll(async () => (await jobStatus(jobId))?.status, { timeout: 30_000 }).toBe('done');
    const entry = (await historyEntries()).find((candidate) => candidate.id === jobId)!;
    return { jobId, generatedId: entry.images[0]!.id };
  }

  beforeAll(async () => {
    extension = await launchExtension();
    first = await startSandboxForExtension(extension.worker, { generationMs: 800 });
    second = await startSandbox({ generationMs: 800 });
    await savePhotoWithConsent(extension, first);
    page = await extension.openPage('options.html');
  });

  afterAll(async () => {
    await extension?.close();
    await first?.close();
    await second?.close();
  });

  it('deletes a result at the API that stored it after the API base URL changed, and the history says it is gone', async () => {
    const { generatedId } = await finishedTryOn();
    const entry = (await historyEntries()).find((candidate) => candidate.images[0]?.id === generatedId)!;
    // Same token server; the API is now the second emulator, which never saw this image.
    await writeExtensionSettings(await liveWorker(extension.context), sandboxSettings(first, { apiBaseUrl: second.apiUrl }));
    const [sinceFirst, sinceSecond] = [lastSeq(first), lastSeq(second)];

    await page.reload();
    await page.getByRole('button', { name: 'Delete the try-on of Demo item' }).click();
    await expect.poll(() => deletedAt(first, sinceFirst, generatedId).length, { timeout: 15_000 }).toBe(1);
    expect(entriesSince(second, sinceSecond).filter((logged) => logged.route.startsWith('delete_'))).toEqual([]);
    expect(await recordOf(generatedId)).toMatchObject({ state: 'deleted', target: { apiBaseUrl: first.apiUrl } });
    expect((await historyEntries()).some((candidate) => candidate.id === entry.id)).toBe(false);
    const line = page.locator(`[data-testid="remote-delete"][data-image-id="${generatedId}"]`);
    await expect.poll(() => line.getAttribute('data-state')).toBe('deleted');
    expect(await line.textContent()).toContain('Result: Demo item · deleted at Aiuta');

    await writeExtensionSettings(await liveWorker(extension.context), sandboxSettings(first));
  });

  it('deletes the generated image of a cancelled try-on once the generation finishes, and keeps it out of the history', async () => {
    const since = lastSeq(first);
    first.holdGenerations(true);
    const jobId = await startTryOn();
    await expect.poll(async () => Boolean((await jobStatus(jobId))?.operationId), { timeout: 15_000 }).toBe(true);
    expect(data(await ask<{ job: { status: string } }>('tryOn.cancel', { jobId })).job.status).toBe('cancelled');
    // The service finishes the generation after the cancel.
    first.holdGenerations(false);
    await expect.poll(() => entriesSince(first, since, 'delete_generated').filter((entry) => entry.status < 300).length, { timeout: 30_000 }).toBe(1);
    const made = entriesSince(first, since, 'status')
      .flatMap((entry) => ((entry.responseBody as { generated_images?: { id: string }[] } | undefined)?.generated_images ?? []).map((image) => image.id));
    const deleted = entriesSince(first, since, 'delete_generated').find((entry) => entry.status < 300)!;
    expect(made.length).toBeGreaterThan(0);
    expect(deleted.path.endsWith(`/${made[0]}`)).toBe(true);
    expect((await historyEntries()).some((entry) => entry.id === jobId)).toBe(false);
    expect((await jobStatus(jobId))?.status).toBe('cancelled');
  });

  it('says what could not be deleted while the host fails, and Retry deletes it once it is back', async () => {
    const { jobId, generatedId } = await finishedTryOn();
    first.setFaults({ rate503: 1, retryAfterSeconds: 0, routes: ['delete_generated'] });
    expect(await ask('history.delete', { id: jobId })).toMatchObject({ ok: false, error: { code: 'remote_delete_failed' } });
    await page.reload();
    const line = page.locator(`[data-testid="remote-delete"][data-image-id="${generatedId}"]`);
    await expect.poll(() => line.getAttribute('data-state')).toBe('pending');
    expect(await line.textContent()).toContain('will be deleted when the service is reachable');

    // Each start of the worker tries again once the wait since the last try has passed (its last try is
    // moved an hour back here rather than waited for); the tries run out while the host still fails.
    for (let round = 0; round < 10 && (await recordOf(generatedId))?.state === 'pending'; round++) {
      const tries = (await recordOf(generatedId))!.tries;
      await stopServiceWorkers(page);
      await page.evaluate(async (imageId) => {
        const { pendingDeletes = [] } = await chrome.storage.local.get('pendingDeletes');
        const earlier = (pendingDeletes as { id: string; updatedAt?: number }[]).map((record) => (record.id === imageId ? { ...record, updatedAt: Date.now() - 3_600_000 } : record));
        await chrome.storage.local.set({ pendingDeletes: earlier });
      }, generatedId);
      await ask('jobs.list', {});
      await expect.poll(async () => {
        const record = await recordOf(generatedId);
        return record!.tries > tries || record!.state !== 'pending';
      }, { timeout: 20_000 }).toBe(true);
    }
    expect(await recordOf(generatedId)).toMatchObject({ state: 'failed', tries: 5 });
    await expect.poll(() => line.getAttribute('data-state'), { timeout: 10_000 }).toBe('failed');
    expect(await line.textContent()).toContain('could not be deleted');

    first.setFaults({ ...NO_FAULTS });
    const since = lastSeq(first);
    await line.getByRole('button', { name: /^Retry deleting/ }).click();
    await expect.poll(() => deletedAt(first, since, generatedId).length, { timeout: 15_000 }).toBe(1);
    await expect.poll(() => line.getAttribute('data-state'), { timeout: 10_000 }).toBe('deleted');
  });
});
