import { describe, expect, it } from 'vitest';
import { addGenerationSample, defaultPollSchedule, generationSamples, nextPollDelay, quietPeriodMs } from '@/utils/jobs/poll-schedule';

/** The times (ms since the generation started) at which status requests are sent, up to `untilMs`. */
function pollTimes(quietUntil: number, untilMs: number): number[] {
  const times: number[] = [];
  for (let t = 0; t <= untilMs; t += nextPollDelay(t, quietUntil)) {
    times.push(t);
    if (nextPollDelay(t, quietUntil) === 0) break;
  }
  return times;
}

describe('poll schedule', () => {
  it('polls densely enough to notice a result within 0.4 s during the first 20 s', () => {
    const times = pollTimes(0, 20_000);
    const gaps = times.slice(1).map((t, i) => t - times[i]!);
    expect(Math.max(...gaps)).toBeLessThanOrEqual(400 - 50); // leaves 50 ms for the request itself
  });

  it('backs off after 20 s towards 3 s, and stops exactly at the timeout', () => {
    expect(nextPollDelay(20_000, 0)).toBe(defaultPollSchedule.denseMs);
    expect(nextPollDelay(40_000, 0)).toBeGreaterThan(1_000);
    expect(nextPollDelay(120_000, 0)).toBe(3_000);
    expect(nextPollDelay(179_000, 0)).toBe(1_000);
    expect(nextPollDelay(180_000, 0)).toBe(0);
    const times = pollTimes(0, 180_000);
    expect(times.at(-1)).toBe(180_000);
    // A job that never finishes averages under one request per second over the whole 3 minutes.
    expect(times.length).toBeLessThan(180);
  });

  it('stays sparse during the learned quiet period and lands exactly on its end', () => {
    const times = pollTimes(9_000, 9_000);
    expect(times).toEqual([0, 2_000, 4_000, 6_000, 8_000, 9_000]);
    expect(nextPollDelay(9_000, 9_000)).toBe(defaultPollSchedule.denseMs);
  });

  it('learns the quiet period from the fastest recent generation, only with enough samples', () => {
    expect(quietPeriodMs([])).toBe(0);
    expect(quietPeriodMs([12_000, 11_000])).toBe(0);
    expect(quietPeriodMs([12_000, 11_000, 14_000])).toBe(10_000);
    expect(quietPeriodMs([500, 11_000, 14_000])).toBe(0);
    expect(quietPeriodMs([90_000, 80_000, 70_000])).toBe(15_000);
  });

  it('keeps only the most recent samples', () => {
    let samples: number[] = [];
    for (let i = 0; i < 15; i++) samples = addGenerationSample(samples, i * 1_000);
    expect(samples).toHaveLength(generationSamples.keep);
    expect(samples[0]).toBe(5_000);
  });

  it('averages at most one status request per second once the quiet period is learned', () => {
    // Generations that take ~12 s: the quiet period becomes 11 s (from lower bounds near 12 s).
    const quietUntil = quietPeriodMs([11_900, 12_100, 12_300]);
    const readyAt = 12_000;
    const times = pollTimes(quietUntil, 60_000);
    const requests = times.findIndex((t) => t >= readyAt) + 1;
    const noticedAt = times.find((t) => t >= readyAt)!;
    expect(noticedAt - readyAt).toBeLessThanOrEqual(400);
    expect(requests / (noticedAt / 1000)).toBeLessThanOrEqual(1);
  });
});
