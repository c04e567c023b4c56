import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import type { Job } from '@/utils/jobs/schema';
import { engineAgainstScript, injectedClock, stillRunning, succeeded } from '../support/jobs';

/**
 * The engine's own poll schedule (no overrides) on an injected clock: a try-on is given up three
 * minutes after its operation was created, not before and not much later.
 */
async function runUntilSettled(readyAfterMs: number) {
  const clock = injectedClock(5_000_000);
  let createdAt = 0;
  const { engine, store } = engineAgainstScript(clock, {
    create: async () => void (createdAt = clock.now),
    status: async () => (clock.now - createdAt >= readyAfterMs ? succeeded() : stillRunning()),
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
