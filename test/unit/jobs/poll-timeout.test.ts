import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import type { AiutaClient, OperationState } from '@/utils/aiuta/client';
import { createJobEngine } from '@/utils/jobs/engine';
import { createJobStore } from '@/utils/jobs/job-store';
import type { Job } from '@/utils/jobs/schema';
import { createSerialQueue } from '@/utils/serial-queue';

/**
 * The engine's own poll schedule (no overrides) on an injected clock: a try-on is given up three
 * minutes after its operation was created, not before and not much later.
 */
async function runUntilSettled(readyAfterMs: number) {
  let clock = 5_000_000;
  let createdAt = 0;
  const client = {
    async createTryOn() {
      createdAt = clock;
      return { operationId: 'op-1', target: { apiBaseUrl: 'https://api.example.test/v1', subscriptionId: 'sub-1' } };
    },
    async getOperation(): Promise<OperationState> {
      return clock - createdAt >= readyAfterMs
        ? { status: 'SUCCESS', images: [{ id: 'generated-1', url: 'https://example.test/1.jpg', owner: 'user' }] }
        : { status: 'IN_PROGRESS', images: [] };
    },
  } as unknown as AiutaClient;
  const write = createSerialQueue();
  const store = createJobStore({ now: () => clock, write, announce: async () => undefined });
  const engine = createJobEngine({
    store,
    client,
    photos: { ensureUploaded: async () => 'uploaded-1', forgetUpload: async () => undefined },
    history: { add: async () => undefined, discard: async () => undefined },
    now: () => clock,
    sleep: async (ms, signal) => {
      signal?.throwIfAborted();
      clock += ms;
      await Promise.resolve();
    },
    newId: () => 'job-1',
    write,
  });
  await engine.start({ items: [{ skuId: 'sku-1' }], photo: { kind: 'model', imageId: 'model-1' } });
  await engine.settled();
  const job = (await store.get('job-1')) as Job;
  return { job, endedAfterMs: job.updatedAt - createdAt };
}

describe('the try-on timeout (default schedule, injected clock)', () => {
  beforeEach(() => fakeBrowser.reset());

  it('gives up a generation still running at 180 s, within one poll interval (3 s) after it', async () => {
    const { job, endedAfterMs } = await runUntilSettled(Number.POSITIVE_INFINITY);
    expect(job.status).toBe('failed');
    expect(job.error?.code).toBe('generation_timeout');
    expect(endedAfterMs).toBeGreaterThanOrEqual(180_000);
    expect(endedAfterMs).toBeLessThanOrEqual(183_000);
  });

  it('still finishes a generation that is ready just before 180 s', async () => {
    const { job, endedAfterMs } = await runUntilSettled(178_000);
    expect(job.status).toBe('done');
    expect(endedAfterMs).toBeLessThan(180_000 + 1);
  });
});
