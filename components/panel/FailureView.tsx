import { ErrorNotice } from '@/components/ErrorNotice';
import type { ErrorAction } from '@/components/error-action';
import type { AppErrorData } from '@/utils/errors';
import { t } from '@/utils/i18n';

export interface FailureViewProps {
  error: AppErrorData;
  onAction(action: ErrorAction): void;
  onBack(): void;
}

/** A try-on that did not work: what happened, the one action that fixes it, and a way back. */
export function FailureView({ error, onAction, onBack }: FailureViewProps) {
  return (
    <div class="failure">
      <h2 class="section-title">{t('error_title')}</h2>
      <ErrorNotice error={error} onAction={onAction} />
      <button type="button" class="link-button" onClick={onBack}>
        {t('panel_back')}
      </button>
    </div>
  );
}
