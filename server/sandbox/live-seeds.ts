/**
 * Seeds of the sandboxes this process starts, so a failed test can say which seed replays its random
 * faults (see seed-on-failure.ts). Apart from index.ts, so that a test setup can read them cheaply.
 */

interface Tracked {
  seed: number;
  closed: boolean;
}

const tracked: Tracked[] = [];

/** Records a started sandbox's seed; call the answer when it closes. */
export function trackSeed(seed: number): () => void {
  const entry: Tracked = { seed, closed: false };
  tracked.push(entry);
  return () => {
    entry.closed = true;
  };
}

/** From now on: the seeds of sandboxes open now or started later (closed or not by then). */
export function seedsInUseFromNow(): () => number[] {
  const open = tracked.filter((entry) => !entry.closed);
  const from = tracked.length;
  return () => [...new Set([...open, ...tracked.slice(from)].map((entry) => entry.seed))];
}
