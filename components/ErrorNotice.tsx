import type { AppErrorData } from '@/utils/errors';
import { errorSentence } from '@/utils/error-sentence';
import { t } from '@/utils/i18n';
import { actionFor, type ErrorAction } from '@/components/error-action';
import './error-notice.css';

export interface ErrorNoticeProps {
  error: AppErrorData;
  /** Called with the one action that fixes this error; without it the notice only explains. */
  onAction?(action: ErrorAction): void;
}

/**
 * A failure as one plain sentence plus the button that fixes it. What the service said in its own
 * words follows only as a labelled detail, since it is not in the shopper's language.
 */
export function ErrorNotice({ error, onAction }: ErrorNoticeProps) {
  const action = actionFor(error.code, error.params);
  return (
    <div class="error-notice" role="alert" data-error-code={error.code}>
      <p class="error-notice__sentence">{errorSentence(error)}</p>
      <ServiceWords error={error} />
      {onAction && (
        <button type="button" class="error-notice__action" data-action={action} data-gated={action === 'retry' ? 'retry' : undefined} onClick={() => onAction(action)}>
          {t(`error_action_${action}`)}
        </button>
      )}
    </div>
  );
}

/** What the service said in its own words (not in the shopper's language), labelled as such; nothing when it said nothing. */
export function ServiceWords({ error }: { error: AppErrorData }) {
  const detail = error.params?.detail;
  if (!detail) return null;
  return (
    <p class="error-notice__detail">
      {t('error_detail_label')} <q lang="">{detail}</q>
    </p>
  );
}
