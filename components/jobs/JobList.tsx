import { useState } from 'preact/hooks';
import { ErrorNotice } from '@/components/ErrorNotice';
import { activeJob, stageProgress } from '@/components/jobs/job-progress';
import { toAppError, type AppErrorData } from '@/utils/errors';
import { t } from '@/utils/i18n';
import type { Job, JobStatus } from '@/utils/jobs/schema';

const statusKeys: Record<JobStatus, `popup_job_${JobStatus}`> = {
  queued: 'popup_job_queued',
  uploading: 'popup_job_uploading',
  generating: 'popup_job_generating',
  done: 'popup_job_done',
  failed: 'popup_job_failed',
  cancelled: 'popup_job_cancelled',
};

export interface JobListProps {
  jobs: Job[];
  /** The current time, ticking from the parent so elapsed times move. */
  now: number;
  /** Stops a running try-on; rejects with the reason it could not. */
  onCancel(jobId: string): Promise<unknown>;
}

/** Try-ons of this browser session with live progress. */
export function JobList({ jobs, now, onCancel }: JobListProps) {
  if (jobs.length === 0) return <p class="muted small">{t('popup_jobs_none')}</p>;
  return (
    <ul class="jobs" aria-label={t('popup_jobs_title')}>
      {jobs.map((job) => (
        <JobRow key={job.id} job={job} now={now} onCancel={() => onCancel(job.id)} />
      ))}
    </ul>
  );
}

function JobRow({ job, now, onCancel }: { job: Job; now: number; onCancel(): Promise<unknown> }) {
  const [cancelError, setCancelError] = useState<AppErrorData | null>(null);
  const title = job.items.map((item) => item.name || item.skuId).join(' + ');
  const seconds = Math.max(0, Math.round((now - job.createdAt) / 1000));
  const active = activeJob(job);
  const result = job.result?.[0];

  const cancel = () => onCancel().catch((cause) => setCancelError(toAppError(cause).toJSON()));

  return (
    <li class={`job job--${job.status}`} data-testid="job" data-status={job.status}>
      <div class="job__head">
        <span class="job__title">{title}</span>
        <span class="muted small">{active ? t('popup_job_elapsed', String(seconds)) : new Date(job.updatedAt).toLocaleTimeString()}</span>
      </div>
      <p class="job__status" aria-live="polite">
        {t(statusKeys[job.status])}
        {active && job.serviceSilentSince !== undefined && <span class="job__silent">{t('job_service_silent')}</span>}
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
