import { useEffect, useState } from 'preact/hooks';
import { ErrorNotice } from '@/components/ErrorNotice';
import { toAppError, type AppErrorData } from '@/utils/errors';
import { t } from '@/utils/i18n';
import { onEvent, sendMessage } from '@/utils/messaging';
import type { Job, JobStatus } from '@/utils/jobs/schema';
import { activeJob, mergeJob, stageProgress } from '@/components/jobs/job-progress';

const statusKeys: Record<JobStatus, `popup_job_${JobStatus}`> = {
  queued: 'popup_job_queued',
  uploading: 'popup_job_uploading',
  generating: 'popup_job_generating',
  done: 'popup_job_done',
  failed: 'popup_job_failed',
  cancelled: 'popup_job_cancelled',
};

/** Try-ons of this browser session with live progress, pushed by the background as they move on. */
export function JobList() {
  const [jobs, setJobs] = useState<Job[] | null>(null);
  const [error, setError] = useState<AppErrorData | null>(null);
  const [now, setNow] = useState(Date.now());

  useEffect(() => {
    let alive = true;
    const unsubscribe = onEvent('job.updated', ({ job }) => setJobs((current) => mergeJob(current ?? [], job)));
    sendMessage('jobs.list', {})
      // Events that arrived while the list was on its way are newer: merge rather than replace.
      .then((reply) => alive && setJobs((current) => reply.jobs.reduce(mergeJob, current ?? [])))
      .catch((cause) => {
        if (!alive) return;
        setJobs([]);
        setError(toAppError(cause).toJSON());
      });
    return () => {
      alive = false;
      unsubscribe();
    };
  }, []);

  const running = (jobs ?? []).some(activeJob);
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [running]);

  if (jobs === null) return null;
  if (error) return <ErrorNotice error={error} />;
  if (jobs.length === 0) return <p class="muted small">{t('popup_jobs_none')}</p>;

  return (
    <ul class="jobs" aria-label={t('popup_jobs_title')}>
      {jobs.map((job) => (
        <JobRow key={job.id} job={job} now={now} />
      ))}
    </ul>
  );
}

function JobRow({ job, now }: { job: Job; now: number }) {
  const [cancelError, setCancelError] = useState<AppErrorData | null>(null);
  const title = job.items.map((item) => item.name || item.skuId).join(' + ');
  const seconds = Math.max(0, Math.round((now - job.createdAt) / 1000));
  const active = activeJob(job);
  const result = job.result?.[0];

  const cancel = () =>
    sendMessage('tryOn.cancel', { jobId: job.id }).catch((cause) => setCancelError(toAppError(cause).toJSON()));

  return (
    <li class={`job job--${job.status}`} data-testid="job" data-status={job.status}>
      <div class="job__head">
        <span class="job__title">{title}</span>
        <span class="muted small">{active ? t('popup_job_elapsed', String(seconds)) : new Date(job.updatedAt).toLocaleTimeString()}</span>
      </div>
      <p class="job__status" aria-live="polite">
        {t(statusKeys[job.status])}
      </p>
      {active && (
        <div class="job__progress">
          <progress max={1} value={stageProgress(job.status)} aria-label={t(statusKeys[job.status])} />
          <button type="button" onClick={cancel}>
            {t('popup_job_cancel')}
          </button>
        </div>
      )}
      {job.status === 'done' && result && (
        <a href={result.url} target="_blank" rel="noreferrer" class="job__result">
          <img src={result.url} alt={t('history_image_alt', title)} />
        </a>
      )}
      {job.status === 'failed' && job.error && <ErrorNotice error={job.error} />}
      {cancelError && <ErrorNotice error={cancelError} />}
    </li>
  );
}
