import { isFinished, type Job, type JobStatus } from '@/utils/jobs/schema';

export const activeJob = (job: Job) => !isFinished(job);

/** How far along a job is, for the progress bar (the API gives no percentage, only stages). */
export function stageProgress(status: JobStatus): number {
  switch (status) {
    case 'queued':
      return 0.1;
    case 'uploading':
      return 0.35;
    case 'generating':
      return 0.7;
    default:
      return 1;
  }
}

/** Adds or replaces a job, ignoring an update older than what is shown; newest first. */
export function mergeJob(jobs: readonly Job[], job: Job): Job[] {
  const existing = jobs.find((old) => old.id === job.id);
  if (existing && existing.updatedAt > job.updatedAt) return [...jobs];
  return [job, ...jobs.filter((old) => old.id !== job.id)].sort((a, b) => b.createdAt - a.createdAt);
}
