/** Runs async steps one at a time, in the order they were queued; a failed step does not stop the next. */
export type SerialQueue = <T>(step: () => Promise<T>) => Promise<T>;

/**
 * Storage has no transactions, and a job's poll loop, a cancel, a new job and a page's request can
 * all read and write within one tick: the background runs every read-modify-write of storage through
 * one queue of these, so no write is lost to another.
 */
export function createSerialQueue(): SerialQueue {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(step: () => Promise<T>): Promise<T> => {
    const run = tail.then(step, step);
    tail = run.catch(() => undefined);
    return run;
  };
}
