import { t } from '@/utils/i18n';
import type { Job } from '@/utils/jobs/schema';
import { formatElapsed } from '@/components/panel/elapsed';

export interface ProgressViewProps {
  job: Job;
  /** The current time, ticking from the parent so the elapsed time moves. */
  now: number;
  cancelling: boolean;
  onCancel(): void;
}

type Stage = 'uploading' | 'generating';
type StageState = 'done' | 'active' | 'waiting';

/** A predefined model is already on the service's side: no upload stage for it. */
export function stagesFor(job: Pick<Job, 'photo'>): Stage[] {
  return job.photo.kind === 'saved' ? ['uploading', 'generating'] : ['generating'];
}

export function stageState(stage: Stage, job: Pick<Job, 'status' | 'photo'>): StageState {
  const order = stagesFor(job);
  const current = job.status === 'queued' ? -1 : order.indexOf(job.status as Stage);
  const index = order.indexOf(stage);
  if (job.status === 'done' || index < current) return 'done';
  return index === current ? 'active' : 'waiting';
}

/** What the try-on is doing now (upload, generation), for how long, and a way to stop it. */
export function ProgressView({ job, now, cancelling, onCancel }: ProgressViewProps) {
  const active = job.status === 'queued' ? t('panel_stage_queued') : t(job.status === 'uploading' ? 'panel_stage_uploading' : 'panel_stage_generating');
  return (
    <section class="progress" aria-labelledby="progress-title" aria-busy="true">
      <h2 id="progress-title" class="section-title">
        {t('panel_progress_title')}
      </h2>
      <ol class="stages">
        {stagesFor(job).map((stage) => {
          const state = stageState(stage, job);
          return (
            <li key={stage} class={`stage stage--${state}`} data-stage={stage} data-state={state} aria-current={state === 'active' ? 'step' : undefined}>
              <span class="stage__mark" aria-hidden="true" />
              <span>{t(stage === 'uploading' ? 'panel_stage_uploading' : 'panel_stage_generating')}</span>
              <span class="visually-hidden">{t(`panel_stage_state_${state}`)}</span>
            </li>
          );
        })}
      </ol>
      <div class="progress__bar" aria-hidden="true">
        <div class="progress__fill" />
      </div>
      <p class="progress__status" role="status">
        {active}
        {job.serviceSilentSince !== undefined && <span class="progress__silent">{t('job_service_silent')}</span>}
      </p>
      <p class="progress__elapsed">
        {t('panel_elapsed', formatElapsed(now - job.createdAt))}
      </p>
      <button type="button" onClick={onCancel} disabled={cancelling}>
        {cancelling ? t('panel_cancelling') : t('panel_cancel')}
      </button>
    </section>
  );
}
