import type { AppErrorData } from '@/utils/errors';
import { tOr, t } from '@/utils/i18n';
import { actionFor, type ErrorAction } from '@/components/error-action';
import './error-notice.css';

export interface ErrorNoticeProps {
  error: AppErrorData;
  /** Called with the one action that fixes this error; without it the notice only explains. */
  onAction?(action: ErrorAction): void;
}

/** The shopper's sentence for an error: translated by its code, else the sender's own sentence. */
export function errorSentence(error: AppErrorData): string {
  return tOr(`error_${error.code}`, error.message);
}

/** A failure as one plain sentence plus the button that fixes it. */
export function ErrorNotice({ error, onAction }: ErrorNoticeProps) {
  const action = actionFor(error.code);
  return (
    <div class="error-notice" role="alert" data-error-code={error.code}>
      <p class="error-notice__sentence">{errorSentence(error)}</p>
      {onAction && (
        <button type="button" class="error-notice__action" data-action={action} data-gated={action === 'retry' ? 'retry' : undefined} onClick={() => onAction(action)}>
          {t(`error_action_${action}`)}
        </button>
      )}
    </div>
  );
}
