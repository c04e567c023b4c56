import { ErrorNotice } from '@/components/ErrorNotice';
import type { ErrorAction } from '@/components/error-action';
import { adviceFor } from '@/components/photo/photo-guide';
import { GuideTips } from '@/components/photo/PhotoGuide';
import type { AppErrorData } from '@/utils/errors';
import { t } from '@/utils/i18n';

export interface FailureViewProps {
  error: AppErrorData;
  onAction(action: ErrorAction): void;
  onBack(): void;
}

/**
 * A try-on that did not work: what happened, the one action that fixes it, and a way back. When the
 * photo was the problem, the photo guide's tips that answer it sit beside "Change photo".
 */
export function FailureView({ error, onAction, onBack }: FailureViewProps) {
  const advice = adviceFor(error.code);
  return (
    <div class="failure">
      <h2 class="section-title">{t('error_title')}</h2>
      <ErrorNotice error={error} onAction={onAction} />
      {advice.length > 0 && (
        <div class="failure__advice photo-guide__body">
          <div>
            <p class="photo-guide__title">{t('guide_advice_title')}</p>
            <GuideTips tips={advice} />
          </div>
        </div>
      )}
      <button type="button" class="link-button" onClick={onBack}>
        {t('panel_back')}
      </button>
    </div>
  );
}
