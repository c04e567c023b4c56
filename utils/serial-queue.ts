/**
 * Runs async read-modify-write steps one at a time. Storage has no transactions, and a job's poll
 * loop, a cancel and a new job can all touch the same item within one tick.
 */
export function createSerialQueue() {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(step: () => Promise<T>): Promise<T> => {
    const run = tail.then(step, step);
    tail = run.catch(() => undefined);
    return run;
  };
}
