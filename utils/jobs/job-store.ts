import type { RemoteImage } from '@/utils/aiuta/remote-deletes';
import type { ApiTarget } from '@/utils/aiuta/target';
import { isFinished, jobSchema, type Job } from '@/utils/jobs/schema';
import type { SerialQueue } from '@/utils/serial-queue';
import { jobsItem, readValidList } from '@/utils/storage';

export interface JobStore {
  all(): Promise<Job[]>;
  get(id: string): Promise<Job | undefined>;
  /**
   * Stores a new job, unless an unfinished one already stored answers `sameAs`: that one is
   * returned instead, and nothing is stored (checked and added in one write, so two starts at once
   * cannot both add).
   */
  add(job: Job, sameAs?: (stored: Job) => boolean): Promise<Job>;
  /**
   * Applies a change and announces it. A finished job never changes again, so a poll that returns
   * after a cancel cannot turn it back into "done".
   */
  update(id: string, change: Partial<Omit<Job, 'id'>>): Promise<Job | undefined>;
  /** The shopper's uploads on Aiuta's side that stored jobs refer to (`fallback`: the target of a job that has none yet). */
  remoteImages(fallback: ApiTarget): Promise<RemoteImage[]>;
}

/** Finished jobs are kept this long (the panel shows them) and at most this many. */
const keepFinished = { ms: 60 * 60_000, count: 20 };

export function createJobStore(deps: { now: () => number; announce: (job: Job) => Promise<void>; write: SerialQueue }): JobStore {
  const serial = deps.write;
  const read = () => readValidList(jobsItem, jobSchema);

  async function add(job: Job, sameAs?: (stored: Job) => boolean): Promise<Job> {
    const valid = jobSchema.parse(job);
    const existing = await serial(async () => {
      const jobs = await read();
      const running = sameAs && jobs.find((old) => !isFinished(old) && sameAs(old));
      if (running) return running;
      const finished = jobs.filter((old) => isFinished(old) && deps.now() - old.updatedAt < keepFinished.ms);
      const active = jobs.filter((old) => !isFinished(old));
      await jobsItem.setValue([...finished.slice(-keepFinished.count), ...active, valid]);
      return undefined;
    });
    if (existing) return existing;
    await deps.announce(valid);
    return valid;
  }

  async function update(id: string, change: Partial<Omit<Job, 'id'>>): Promise<Job | undefined> {
    const result = await serial(async () => {
      const jobs = await read();
      const index = jobs.findIndex((job) => job.id === id);
      const current = jobs[index];
      if (!current || isFinished(current)) return { job: current, changed: false };
      const next = jobSchema.parse({ ...current, ...change, id, updatedAt: deps.now() });
      jobs[index] = next;
      await jobsItem.setValue(jobs);
      return { job: next, changed: true };
    });
    if (result.changed && result.job) await deps.announce(result.job);
    return result.job;
  }

  return {
    all: read,
    get: async (id) => (await read()).find((job) => job.id === id),
    add,
    update,
    remoteImages: async (fallback) =>
      (await read()).flatMap((job): RemoteImage[] =>
        job.photo.kind === 'saved' && job.uploadedImageId ? [{ kind: 'uploaded', id: job.uploadedImageId, target: job.target ?? fallback }] : [],
      ),
  };
}
