// @vitest-environment happy-dom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { JOB_RESYNC_MS, useJob, useJobs } from '@/components/jobs/use-jobs';
import type { Job } from '@/utils/jobs/schema';
import { useRenderRoot } from '../../support/render-root';
import { jobFixture } from '../../support/jobs';

const sendMessage = vi.hoisted(() => vi.fn());
vi.mock('@/utils/messaging', () => ({ sendMessage, onEvent: () => () => undefined }));

const dom = useRenderRoot(() => sendMessage.mockReset());
afterEach(() => vi.useRealTimers());

const running: Job = jobFixture({ status: 'generating', items: [{ skuId: 'SKU-1', name: 'Scarf' }] });

/** The background's stored jobs, as `jobs.get` and `jobs.list` answer them; change it to move on. */
let stored: Job[] = [];
function background() {
  sendMessage.mockImplementation(async (type: string, data: { jobId?: string }) => {
    if (type === 'jobs.list') return { jobs: stored };
    if (type === 'jobs.get') return { job: stored.find((job) => job.id === data.jobId) ?? null };
    return { ok: true };
  });
}

const settle = async () => {
  for (let i = 0; i < 8; i++) await act(() => new Promise((resolve) => setTimeout(resolve, 0)));
};
/** One resync tick: the interval fires, its answer arrives. */
const resync = async () => {
  await act(() => {
    vi.advanceTimersByTime(JOB_RESYNC_MS);
  });
  await settle();
};

describe('watching try-ons', () => {
  it('shows a watched try-on the background no longer has as ended, not running for good', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    stored = [running];
    background();
    let job: Job | null = null;
    function Probe() {
      job = useJob('job-1');
      return null;
    }
    render(<Probe />, dom.root);
    await settle();
    expect(job!.status).toBe('generating');
    await resync();
    expect(job!.status).toBe('generating');

    // "Delete all my data" cleared the stored jobs while it ran.
    stored = [];
    await resync();
    expect(job!.status).toBe('failed');
    expect(job!.error?.code).toBe('job_not_found');
  });

  it('drops a try-on the background no longer has from the list, and keeps the ones it has', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const other: Job = { ...running, id: 'job-2', createdAt: 2 };
    stored = [running, other];
    background();
    let jobs: Job[] | null = null;
    function Probe() {
      jobs = useJobs().jobs;
      return null;
    }
    render(<Probe />, dom.root);
    await settle();
    expect(jobs!.map((job) => job.id)).toEqual(['job-2', 'job-1']);
    stored = [other];
    await resync();
    expect(jobs!.map((job) => job.id)).toEqual(['job-2']);
  });
});
