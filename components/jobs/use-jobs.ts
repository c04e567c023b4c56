import { useEffect, useState } from 'preact/hooks';
import { activeJob, mergeJob } from '@/components/jobs/job-progress';
import { toAppError, type AppErrorData } from '@/utils/errors';
import { jobNotFoundError, type Job } from '@/utils/jobs/schema';
import { onEvent, sendMessage } from '@/utils/messaging';

/** While a job runs, its state is asked for this often too, in case an event was missed (the worker restarted). */
export const JOB_RESYNC_MS = 3000;

interface Watched {
  jobs: Job[] | null;
  error: AppErrorData | null;
}

/**
 * The one way pages watch try-ons: the background's `job.updated` events, the stored state when
 * watching starts, and the stored state again every few seconds while a watched job is unfinished.
 * Newer states win (see `mergeJob`), whichever way they arrive.
 */
function useWatchedJobs(
  load: (() => Promise<Job[]>) | null,
  accepts: (job: Job) => boolean,
  key: unknown,
  /** What becomes of an unfinished job the background no longer has ("Delete all my data" ran): null drops it. */
  whenGone: (job: Job, now: number) => Job | null,
): Watched {
  const [watched, setWatched] = useState<Watched>({ jobs: null, error: null });
  const running = (watched.jobs ?? []).some(activeJob);

  useEffect(() => {
    setWatched({ jobs: null, error: null });
    if (!load) return;
    let alive = true;
    const take = (jobs: Job[]) => alive && setWatched((current) => ({ jobs: jobs.filter(accepts).reduce(mergeJob, current.jobs ?? []), error: null }));
    const unsubscribe = onEvent('job.updated', ({ job }) => take([job]));
    load()
      .then(take)
      .catch((cause) => alive && setWatched((current) => ({ jobs: current.jobs ?? [], error: toAppError(cause).toJSON() })));
    return () => {
      alive = false;
      unsubscribe();
    };
  }, [key]);

  useEffect(() => {
    if (!load || !running) return;
    const timer = setInterval(() => {
      const asked = Date.now();
      load()
        .then((jobs) =>
          setWatched((current) => {
            const known = new Set(jobs.map((job) => job.id));
            // The stored state is the whole truth for jobs it was asked after: one missing from it is gone,
            // and would otherwise be shown running for good.
            const kept = (current.jobs ?? []).flatMap((job) =>
              activeJob(job) && !known.has(job.id) && job.updatedAt <= asked ? (whenGone(job, Date.now()) ?? []) : [job],
            );
            return { ...current, jobs: jobs.filter(accepts).reduce(mergeJob, kept) };
          }),
        )
        .catch(() => undefined);
    }, JOB_RESYNC_MS);
    return () => clearInterval(timer);
  }, [key, running]);

  return watched;
}

/** Every try-on of this browser session, newest first (the popup). */
export function useJobs(): Watched {
  return useWatchedJobs(() => sendMessage('jobs.list', {}).then((reply) => reply.jobs), () => true, 'all', () => null);
}

/** One try-on, as it moves on (the panel); null until it is known, or without a job id. */
export function useJob(jobId: string | null): Job | null {
  const load = jobId ? () => sendMessage('jobs.get', { jobId }).then((reply) => (reply.job ? [reply.job] : [])) : null;
  return useWatchedJobs(load, (job) => job.id === jobId, jobId, ended).jobs?.[0] ?? null;
}

/** A watched try-on the background no longer has, as the panel shows it: ended, to be started again. */
function ended(job: Job, now: number): Job {
  return { ...job, status: 'failed', error: jobNotFoundError().toJSON(), updatedAt: now, stageStartedAt: now };
}

/** Asks the background to stop a try-on; resolves with its new state. */
export async function cancelJob(jobId: string): Promise<Job> {
  return (await sendMessage('tryOn.cancel', { jobId })).job;
}
