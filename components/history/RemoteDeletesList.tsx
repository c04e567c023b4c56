import { useState } from 'preact/hooks';
import { ErrorNotice } from '@/components/ErrorNotice';
import type { RemoteDeleteLine } from '@/components/history/remote-deletes';
import type { AppErrorData } from '@/utils/errors';
import { t } from '@/utils/i18n';

export interface RemoteDeletesListProps {
  lines: RemoteDeleteLine[];
  error?: AppErrorData | null;
  onRetry(ids: string[]): Promise<void>;
}

function describe(line: RemoteDeleteLine): string {
  if (line.what === 'photo') return t('history_remote_photo');
  if (line.what === 'cancelled') return line.label ? t('history_remote_cancelled', line.label) : t('history_remote_cancelled_unnamed');
  return line.label ? t('history_remote_result', line.label) : t('history_remote_result_unnamed');
}

const stateText = { deleted: 'history_remote_deleted', pending: 'history_remote_pending', failed: 'history_remote_failed' } as const;

/** What was deleted at Aiuta, what is still to be deleted and what could not be (with Retry). */
export function RemoteDeletesList({ lines, error, onRetry }: RemoteDeletesListProps) {
  const [busy, setBusy] = useState(false);
  if (!lines.length && !error) return null;
  const retry = async (ids: string[]) => {
    setBusy(true);
    try {
      await onRetry(ids);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section class="remote-deletes" aria-labelledby="remote-deletes-title" data-testid="remote-deletes">
      <h3 id="remote-deletes-title">{t('history_remote_title')}</h3>
      {error && <ErrorNotice error={error} />}
      <ul class="remote-deletes__list">
        {lines.map((line) => (
          <li key={`${line.what}:${line.id}`} class={`remote-delete remote-delete--${line.state}`} data-testid="remote-delete" data-state={line.state} data-image-id={line.id}>
            <span class="remote-delete__what">{describe(line)}</span>
            {' · '}
            <span class="remote-delete__state">{t(line.what === 'cancelled' && line.state === 'pending' ? 'history_remote_pending_cancelled' : stateText[line.state])}</span>
            {line.state === 'failed' && (
              <button type="button" disabled={busy} aria-label={t('history_remote_retry_label', describe(line))} onClick={() => retry([line.id])}>
                {t('history_remote_retry')}
              </button>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
