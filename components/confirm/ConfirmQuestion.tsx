import type { ConfirmAction } from '@/utils/confirm-actions';
import { t } from '@/utils/i18n';

const questions = {
  start: 'confirm_start',
  retry: 'confirm_retry',
  delete_photo: 'confirm_delete_photo',
} as const;

export interface ConfirmQuestionProps {
  /** Undefined while loading, null when the question is gone. */
  question: { action: ConfirmAction; productName?: string; pageHost: string } | null | undefined;
  answer(confirmed: boolean): void;
}

/** One question about one click in the try-on panel, with Confirm and Cancel. */
export function ConfirmQuestion({ question, answer }: ConfirmQuestionProps) {
  if (question === undefined) return <main class="confirm-window" aria-busy="true" />;
  if (question === null)
    return (
      <main class="confirm-window">
        <p role="alert">{t('confirm_expired')}</p>
      </main>
    );
  const product = question.productName || t('panel_product_unnamed');
  return (
    <main class="confirm-window">
      <h1>{t('confirm_title')}</h1>
      <p>{t(questions[question.action], product)}</p>
      <p class="hint">{t('confirm_why', question.pageHost || '—')}</p>
      <div class="actions">
        <button type="button" class="primary" onClick={() => answer(true)}>
          {t('confirm_yes')}
        </button>
        <button type="button" onClick={() => answer(false)}>
          {t('confirm_no')}
        </button>
      </div>
    </main>
  );
}
