/**
 * When to ask Aiuta for an operation's status. Two goals pull apart: notice a result within 0.4 s
 * of it being ready, and send few requests. Polling is dense (every 300 ms) only while a result can
 * plausibly be ready: after the quiet period learned from recent generations and before 20 s, then
 * it backs off towards 3 s until the hard timeout. Everything is a function of the time since the
 * generation started, so a restarted worker picks up the same schedule.
 */

export interface PollSchedule {
  /** Interval between requests while a result may be ready at any moment (0.4 s minus room for latency). */
  denseMs: number;
  /** Dense polling ends here; most generations are done by then. */
  denseUntilMs: number;
  /** Interval during the learned quiet period, when no recent generation has been ready yet. */
  quietMs: number;
  /** After denseUntilMs the interval grows by this many ms per second elapsed... */
  backoffSlope: number;
  /** ...up to this. */
  maxMs: number;
  /** The generation is given up after this long. */
  timeoutMs: number;
}

export const defaultPollSchedule: PollSchedule = {
  denseMs: 300,
  denseUntilMs: 20_000,
  quietMs: 2_000,
  backoffSlope: 0.05,
  maxMs: 3_000,
  timeoutMs: 180_000,
};

/** Milliseconds to wait before the next status request. */
export function nextPollDelay(elapsedMs: number, quietUntilMs: number, schedule: PollSchedule = defaultPollSchedule): number {
  const untilTimeout = Math.max(0, schedule.timeoutMs - elapsedMs);
  let delay: number;
  if (elapsedMs < quietUntilMs) delay = Math.min(schedule.quietMs, quietUntilMs - elapsedMs);
  else if (elapsedMs < schedule.denseUntilMs) delay = schedule.denseMs;
  else delay = Math.min(schedule.maxMs, schedule.denseMs + (elapsedMs - schedule.denseUntilMs) * schedule.backoffSlope);
  return Math.min(Math.round(delay), untilTimeout);
}

/** How many recent generations are remembered, and how many are needed before trusting them. */
export const generationSamples = { keep: 10, needed: 3 };
const quietMarginMs = 1_000;
const maxQuietMs = 15_000;

/**
 * The quiet period: a little less than the fastest recent generation. Each sample is a lower bound
 * (when a status request still saw the operation unfinished), so the estimate cannot creep upwards
 * from results noticed late. With too few samples there is no quiet period: dense from the start.
 */
export function quietPeriodMs(samples: readonly number[]): number {
  if (samples.length < generationSamples.needed) return 0;
  return Math.max(0, Math.min(maxQuietMs, Math.min(...samples) - quietMarginMs));
}

/** Adds one sample, keeping the most recent ones. */
export function addGenerationSample(samples: readonly number[], sampleMs: number): number[] {
  return [...samples, Math.round(sampleMs)].slice(-generationSamples.keep);
}
