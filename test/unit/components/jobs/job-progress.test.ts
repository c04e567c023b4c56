import { describe, expect, it } from 'vitest';
import { activeJob, mergeJob, stageProgress } from '@/components/jobs/job-progress';
import type { Job } from '@/utils/jobs/schema';

describe('job progress', () => {
  const job = (id: string, status: Job['status'], updatedAt: number, createdAt = 1): Job => ({
    id,
    status,
    items: [{ skuId: 'A' }],
    photo: { kind: 'saved' },
    createdAt,
    updatedAt,
    stageStartedAt: updatedAt,
  });

  it('moves forward stage by stage', () => {
    const order = (['queued', 'uploading', 'generating', 'done'] as const).map(stageProgress);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(activeJob(job('a', 'generating', 1))).toBe(true);
    expect(activeJob(job('a', 'failed', 1))).toBe(false);
  });

  it('replaces a job with its newer state and ignores a late, older update', () => {
    let jobs = mergeJob([], job('a', 'uploading', 10));
    jobs = mergeJob(jobs, job('a', 'generating', 20));
    expect(jobs.map((one) => one.status)).toEqual(['generating']);
    jobs = mergeJob(jobs, job('a', 'uploading', 15));
    expect(jobs.map((one) => one.status)).toEqual(['generating']);
  });

  it('lists the newest job first', () => {
    const jobs = [job('old', 'done', 5, 1), job('new', 'queued', 6, 3), job('mid', 'failed', 7, 2)].reduce(mergeJob, [] as Job[]);
    expect(jobs.map((one) => one.id)).toEqual(['new', 'mid', 'old']);
  });
});
