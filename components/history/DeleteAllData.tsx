import { useState } from 'preact/hooks';
import { ErrorNotice } from '@/components/ErrorNotice';
import { toAppError, type AppErrorData } from '@/utils/errors';
import { t } from '@/utils/i18n';

type Step = { kind: 'idle' } | { kind: 'confirming' } | { kind: 'deleting' } | { kind: 'done' } | { kind: 'failed'; error: AppErrorData };

export interface DeleteAllDataProps {
  /** Deletes everything; rejects when local data is gone but a remote delete has to wait. */
  onDelete(): Promise<void>;
  /** Called after a delete, whether or not every remote copy could be deleted yet. */
  onDeleted?(): void;
}

/** "Delete all my data": the photo, results, consent and running try-ons, here and on the service. */
export function DeleteAllData({ onDelete, onDeleted }: DeleteAllDataProps) {
  const [step, setStep] = useState<Step>({ kind: 'idle' });

  const confirm = async () => {
    setStep({ kind: 'deleting' });
    try {
      await onDelete();
      setStep({ kind: 'done' });
    } catch (cause) {
      // Local data is gone even when a remote delete failed (the background retries those later).
      setStep({ kind: 'failed', error: toAppError(cause).toJSON() });
    }
    onDeleted?.();
  };

  return (
    <section class="delete-all" aria-labelledby="delete-all-title">
      <h3 id="delete-all-title">{t('history_privacy_title')}</h3>
      <p class="muted small">{t('history_delete_all_explained')}</p>
      {step.kind === 'confirming' || step.kind === 'deleting' ? (
        <div class="confirm" role="group" aria-label={t('history_delete_all_confirm_title')}>
          <p>
            <strong>{t('history_delete_all_confirm_title')}</strong> {t('history_delete_all_confirm_text')}
          </p>
          <div class="actions">
            <button type="button" class="danger" disabled={step.kind === 'deleting'} onClick={confirm}>
              {step.kind === 'deleting' ? t('history_deleting') : t('history_delete_all_yes')}
            </button>
            <button type="button" disabled={step.kind === 'deleting'} onClick={() => setStep({ kind: 'idle' })}>
              {t('history_cancel')}
            </button>
          </div>
        </div>
      ) : (
        <button type="button" class="danger" onClick={() => setStep({ kind: 'confirming' })}>
          {t('history_delete_all')}
        </button>
      )}
      <p role="status" class="small">
        {step.kind === 'done' && t('history_delete_all_done')}
      </p>
      {step.kind === 'failed' && <ErrorNotice error={step.error} />}
    </section>
  );
}
