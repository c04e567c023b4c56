import { useEffect, useRef, useState } from 'preact/hooks';
import { ErrorNotice } from '@/components/ErrorNotice';
import { toAppError, type AppErrorData } from '@/utils/errors';
import { t } from '@/utils/i18n';

type Step = { kind: 'idle' } | { kind: 'confirming' } | { kind: 'deleting' } | { kind: 'done' } | { kind: 'failed'; error: AppErrorData };

export interface DeleteAllDataProps {
  /** Deletes everything; rejects when local data is gone but a remote delete has to wait. */
  onDelete(): Promise<void>;
  /** Called after a delete, whether or not every remote copy could be deleted yet. */
  onDeleted?(): void;
  /**
   * Another change to the shopper's data to say in this section's polite status region (one result
   * deleted), in place of what "Delete all my data" last said there.
   */
  status?: string | null;
}

/** "Delete all my data": the photo, results, consent and running try-ons, here and on the service. */
export function DeleteAllData({ onDelete, onDeleted, status = null }: DeleteAllDataProps) {
  const [step, setStep] = useState<Step>({ kind: 'idle' });
  const start = useRef<HTMLButtonElement>(null);
  const cancel = useRef<HTMLButtonElement>(null);
  // The button pressed goes away as the question replaces it (and the question once answered): focus
  // follows to the safe answer, then back, so a keyboard or screen-reader user keeps their place.
  const used = useRef(false);
  useEffect(() => {
    if (!used.current) return;
    if (step.kind === 'confirming') cancel.current?.focus();
    else if (step.kind !== 'deleting') start.current?.focus();
  }, [step.kind]);
  const ask = () => {
    used.current = true;
    setStep({ kind: 'confirming' });
  };

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
            <button type="button" ref={cancel} disabled={step.kind === 'deleting'} onClick={() => setStep({ kind: 'idle' })}>
              {t('history_cancel')}
            </button>
          </div>
        </div>
      ) : (
        <button type="button" class="danger" ref={start} onClick={ask}>
          {t('history_delete_all')}
        </button>
      )}
      <p role="status" class="small">
        {status ?? (step.kind === 'done' && t('history_delete_all_done'))}
      </p>
      {step.kind === 'failed' && <ErrorNotice error={step.error} />}
    </section>
  );
}
