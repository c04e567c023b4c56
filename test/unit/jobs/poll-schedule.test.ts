import { describe, expect, it } from 'vitest';
import {
  addGenerationSample,
  defaultPollSchedule,
  expectedDurationMs,
  generationSamples,
  nextPollAt,
  progressAt,
  type PollProgress,
} from '@/utils/jobs/poll-schedule';

/** The times (ms since the operation was created) at which status requests are sent, up to `untilMs`. */
function pollTimes(expectedMs: number | undefined, untilMs: number, from: PollProgress = { sent: 0 }): number[] {
  const times: number[] = [];
  const progress = { ...from };
  for (;;) {
    const at = nextPollAt(progress, expectedMs);
    if (at > untilMs || (progress.lastSentAtMs !== undefined && at <= progress.lastSentAtMs)) break;
    times.push(at);
    progress.sent++;
    progress.lastSentAtMs = at;
  }
  return times;
}

describe('poll schedule', () => {
  it('never sends the n-th request before n seconds, whatever it expects', () => {
    for (const expected of [undefined, 1_000, 3_000, 12_000, 30_000, 90_000]) {
      const times = pollTimes(expected, 180_000);
      times.forEach((t, i) => expect(t).toBeGreaterThanOrEqual((i + 1) * 1_000));
    }
  });

  it('with nothing learned, polls once a second', () => {
    expect(pollTimes(undefined, 5_000)).toEqual([1_000, 2_000, 3_000, 4_000, 5_000]);
  });

  it('polls every 3 s before the expected time, then every 300 ms from 10 % before it, spending what it saved', () => {
    const times = pollTimes(30_000, 40_000);
    expect(times.filter((t) => t < 27_000)).toEqual([3_000, 6_000, 9_000, 12_000, 15_000, 18_000, 21_000, 24_000]);
    const dense = times.filter((t) => t >= 27_000);
    expect(dense[0]).toBe(27_000);
    // Every 300 ms for at least 3 s past the expected time.
    const gaps = dense.slice(1).map((t, i) => t - dense[i]!);
    const denseUntil = dense[gaps.findIndex((gap) => gap > 300)];
    expect(denseUntil).toBeGreaterThanOrEqual(33_000);
  });

  it('for short generations, puts its few requests around the expected time', () => {
    expect(pollTimes(3_000, 4_500)).toEqual([2_700, 3_000, 3_300, 4_000]);
  });

  it('backs off far past the expected time, and stops exactly at the timeout', () => {
    const times = pollTimes(undefined, 180_000);
    expect(times.at(-1)).toBe(defaultPollSchedule.timeoutMs);
    const gapAt = (t: number) => times[times.findIndex((x) => x >= t) + 1]! - times[times.findIndex((x) => x >= t)]!;
    expect(gapAt(30_000)).toBe(1_000);
    expect(gapAt(120_000)).toBe(3_000);
    expect(times.length).toBeLessThan(120);
  });

  it('a restarted worker counts the time already passed as spent', () => {
    expect(progressAt(0)).toEqual({ sent: 0 });
    expect(progressAt(12_500)).toEqual({ sent: 12, lastSentAtMs: 12_500 });
    expect(pollTimes(30_000, 40_000, progressAt(12_500))[0]).toBeGreaterThanOrEqual(13_000);
  });

  it('expects the median of recent generations, only with enough samples', () => {
    expect(generationSamples.needed).toBe(2);
    expect(expectedDurationMs([])).toBeUndefined();
    expect(expectedDurationMs([12_000])).toBeUndefined();
    expect(expectedDurationMs([12_000, 11_000])).toBe(11_500);
    expect(expectedDurationMs([500, 11_000, 14_000])).toBe(11_000);
  });

  it('keeps only the most recent samples', () => {
    let samples: number[] = [];
    for (let i = 0; i < 15; i++) samples = addGenerationSample(samples, i * 1_000);
    expect(samples).toHaveLength(generationSamples.keep);
    expect(samples[0]).toBe(5_000);
  });
});
