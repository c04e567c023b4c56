/**
 * When to ask Aiuta for an operation's status. Two goals pull apart: notice a result within 0.4 s
 * of it being ready, and send at most one status request per second of generation on average.
 *
 * The average is a hard rule, not a hope: the n-th request of a generation is never sent before
 * n × `budgetMsPerRequest` since the operation was created, so whenever a generation ends it has
 * cost at most one request per second, the first generation too. Within that budget the requests
 * go where a result is likely: from the typical duration learned from recent generations, a
 * request every 3 s before it (early failures such as "no person in the photo" still show soon),
 * then every 300 ms from a little before it, spending what the sparse start saved. When the saving
 * is spent the budget itself paces the requests (one a second), and a generation far past its
 * expected time backs off towards 3 s.
 *
 * With nothing learned yet the requests come at the budget's pace, one a second. No schedule can
 * do better without knowing when the result will come: a request notices results that became ready
 * in the 0.4 s before it, so n requests cover at most 0.4 × n seconds of an n-second wait, and fewer
 * than half of the possible ready times are noticed within 0.4 s (the median lag of a first
 * generation is about half a second plus the request's latency).
 *
 * Everything is a function of the time since the operation was created and the number of requests
 * sent, so a restarted worker picks up the same schedule (counting its unknown past as spent).
 */

export interface PollSchedule {
  /** The n-th status request is sent no earlier than n times this after the operation was created. */
  budgetMsPerRequest: number;
  /** Interval while the result is expected at any moment (0.4 s minus room for latency). */
  denseMs: number;
  /** Interval before that. */
  sparseMs: number;
  /** Dense requests start this fraction of the expected duration early... */
  denseLead: number;
  /** ...but at least this early. */
  denseLeadMinMs: number;
  /** Backoff starts at the later of this and twice the expected duration... */
  backoffFromMs: number;
  /** ...growing the interval by this many ms per ms elapsed... */
  backoffSlope: number;
  /** ...up to this. */
  maxMs: number;
  /** The generation is given up after this long. */
  timeoutMs: number;
}

export const defaultPollSchedule: PollSchedule = {
  budgetMsPerRequest: 1_000,
  denseMs: 300,
  sparseMs: 3_000,
  denseLead: 0.1,
  denseLeadMinMs: 300,
  backoffFromMs: 40_000,
  backoffSlope: 0.05,
  maxMs: 3_000,
  timeoutMs: 180_000,
};

/** What the schedule needs to know about the requests so far. */
export interface PollProgress {
  /** Status requests sent for this generation. */
  sent: number;
  /** When the last one was sent (ms since the operation was created); undefined before the first. */
  lastSentAtMs?: number;
}

/** When to send the next status request, in ms since the operation was created. */
export function nextPollAt(progress: PollProgress, expectedMs: number | undefined, schedule: PollSchedule = defaultPollSchedule): number {
  const budgetAt = (progress.sent + 1) * schedule.budgetMsPerRequest;
  const last = progress.lastSentAtMs;
  const backoffFrom = Math.max(schedule.backoffFromMs, 2 * (expectedMs ?? 0));
  let wanted: number;
  if (last !== undefined && last >= backoffFrom) {
    wanted = last + Math.min(schedule.maxMs, schedule.denseMs + (last - backoffFrom) * schedule.backoffSlope);
  } else if (expectedMs === undefined) {
    wanted = 0; // the budget alone sets the pace
  } else {
    const denseFrom = expectedMs - Math.max(schedule.denseLeadMinMs, expectedMs * schedule.denseLead);
    const sparseNext = (last ?? 0) + schedule.sparseMs;
    wanted = sparseNext < denseFrom ? sparseNext : Math.max(denseFrom, last === undefined ? 0 : last + schedule.denseMs);
  }
  return Math.round(Math.min(Math.max(wanted, budgetAt), schedule.timeoutMs));
}

/**
 * The progress to assume when a generation's polling starts at `elapsedMs`: a worker that was
 * stopped does not know how many requests it sent, so it counts the budget as spent.
 */
export function progressAt(elapsedMs: number, schedule: PollSchedule = defaultPollSchedule): PollProgress {
  const sent = Math.max(0, Math.floor(elapsedMs / schedule.budgetMsPerRequest));
  return sent ? { sent, lastSentAtMs: elapsedMs } : { sent: 0 };
}

/** How many recent generations are remembered, and how many are needed before trusting them. */
/** While a generation is watched, the worker is kept alive this often (Chrome stops an idle one after 30 s). */
export const keepAliveEveryMs = 20_000;

export const generationSamples = { keep: 10, needed: 2 };

/**
 * The typical duration of recent generations: the median of the samples. Each sample is the middle
 * of the interval in which the result became ready (between the last request that saw the operation
 * unfinished and the one that saw it done); the median keeps one odd generation from moving it.
 * Undefined with too few samples.
 */
export function expectedDurationMs(samples: readonly number[]): number | undefined {
  if (samples.length < generationSamples.needed) return undefined;
  const sorted = [...samples].sort((a, b) => a - b);
  const middle = sorted.length / 2;
  return Math.round(sorted.length % 2 ? sorted[Math.floor(middle)]! : (sorted[middle - 1]! + sorted[middle]!) / 2);
}

/** Adds one sample, keeping the most recent ones. */
export function addGenerationSample(samples: readonly number[], sampleMs: number): number[] {
  return [...samples, Math.round(sampleMs)].slice(-generationSamples.keep);
}

/** How often to ask about an operation nobody is looking at (a cancelled try-on's, to delete what it makes). */
export interface OperationWatch {
  /** The progress to assume when watching starts `elapsedMs` after the operation was created. */
  start(elapsedMs: number): PollProgress;
  /** When to send the next status request, in ms since the operation was created. */
  next(progress: PollProgress): number;
  /** Given up after this long since the operation was created. */
  timeoutMs: number;
  /** How often the watcher keeps the worker alive, as a running try-on does. */
  keepAliveEveryMs: number;
}

/** The same budget as a watched try-on (at most one request per second of generation), at the budget's pace. */
export function operationWatch(schedule: PollSchedule = defaultPollSchedule): OperationWatch {
  return {
    start: (elapsedMs) => progressAt(elapsedMs, schedule),
    next: (progress) => nextPollAt(progress, undefined, schedule),
    timeoutMs: schedule.timeoutMs,
    keepAliveEveryMs,
  };
}
