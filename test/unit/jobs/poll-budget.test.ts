import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import type { Job } from '@/utils/jobs/schema';
import { generationTimesItem } from '@/utils/storage';
import { engineAgainstScript, injectedClock, stillRunning, succeeded } from '../support/jobs';

/**
 * The engine's real poll schedule against a scripted service on an injected clock: every wait
 * moves the clock on, every request takes `latencyMs`. Counts status requests per second of
 * generation and the lag between "ready on the service" and the job being done.
 */
const latencyMs = 40;
let runs = 0;

async function runGeneration(readyAfterMs: number) {
  const jobId = `job-${++runs}`;
  const clock = injectedClock(1_000_000);
  let createdAt = 0;
  let statusRequests = 0;
  const { engine, store } = engineAgainstScript(
    clock,
    {
      async create() {
        await clock.tick(latencyMs);
        createdAt = clock.now - latencyMs / 2;
      },
      async status() {
        statusRequests++;
        const seenAt = clock.now + latencyMs / 2;
        await clock.tick(latencyMs);
        return seenAt >= createdAt + readyAfterMs ? succeeded() : stillRunning();
      },
    },
    jobId,
  );
  await engine.start({ items: [{ skuId: 'sku-1' }], photo: { kind: 'model', imageId: 'model-1' } });
  await engine.settled();
  const job = (await store.get(jobId)) as Job;
  expect(job.status).toBe('done');
  const readyAt = createdAt + readyAfterMs;
  return {
    statusRequests,
    perSecond: statusRequests / ((job.updatedAt - createdAt) / 1000),
    lagMs: job.updatedAt - readyAt,
  };
}

/** Generations of about `durationMs` (±10 %), each after the ones before it (so later ones are warm). */
async function runSeries(durationMs: number, count: number) {
  const results = [];
  for (let i = 0; i < count; i++) results.push(await runGeneration(durationMs * (0.9 + (0.2 * ((i * 7) % count)) / count)));
  return results;
}
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

describe('status requests per generation (injected clock)', () => {
  beforeEach(() => fakeBrowser.reset());

  for (const durationMs of [3_000, 30_000]) {
    it(`cold ${durationMs / 1000} s generation: at most one request per second, result within a second`, async () => {
      const [cold] = await runSeries(durationMs, 1);
      expect(cold!.perSecond).toBeLessThanOrEqual(1);
      expect(cold!.lagMs).toBeLessThanOrEqual(1_000 + latencyMs);
    });

    it(`warm ${durationMs / 1000} s generations: at most one request per second, median lag at most 0.4 s`, async () => {
      const results = await runSeries(durationMs, 12);
      for (const result of results) expect(result.perSecond).toBeLessThanOrEqual(1);
      // After the first two have taught the engine the typical duration.
      expect(median(results.slice(2).map((r) => r.lagMs))).toBeLessThanOrEqual(400);
    });
  }

  it('keeps the budget when a generation takes far longer than the learned duration', async () => {
    await generationTimesItem.setValue([3_000, 3_000, 3_000]);
    const [slow] = await runSeries(60_000, 1);
    expect(slow!.perSecond).toBeLessThanOrEqual(1);
    expect(slow!.lagMs).toBeLessThanOrEqual(3_000 + latencyMs);
  });

  it('keeps the budget when a generation is much faster than the learned duration, and notices it at the next sparse request', async () => {
    await generationTimesItem.setValue([30_000, 30_000, 30_000]);
    const [fast] = await runSeries(2_000, 1);
    expect(fast!.perSecond).toBeLessThanOrEqual(1);
    expect(fast!.lagMs).toBeLessThanOrEqual(3_000 + latencyMs);
  });
});
