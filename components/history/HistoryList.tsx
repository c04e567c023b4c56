import { useRef, useState } from 'preact/hooks';
import { ErrorNotice } from '@/components/ErrorNotice';
import { downloadName, isExpired, productTitle } from '@/components/history/history-entry';
import { useFocusAfterDelete, type FocusAfterDelete } from '@/components/use-focus-after-delete';
import { downloadImage } from '@/utils/download-image';
import type { AppErrorData } from '@/utils/errors';
import type { HistoryEntry } from '@/utils/history/schema';
import { t } from '@/utils/i18n';

export interface HistoryListProps {
  /** Newest first; null while loading. */
  entries: HistoryEntry[] | null;
  error?: AppErrorData | null;
  /** Resolves to whether the result is gone from this browser. */
  onDelete(entry: HistoryEntry): Promise<boolean>;
  /** Says a sentence in the page's polite status region (a result was deleted). */
  announce?(text: string): void;
}

/** Past try-on results, newest first: open, download or delete each (deleting also removes it remotely). */
export function HistoryList({ entries, error, onDelete, announce }: HistoryListProps) {
  const box = useRef<HTMLDivElement>(null);
  // After a delete, focus stays among the Delete buttons; with none left, it goes to the note that the list is empty.
  const place = useFocusAfterDelete(
    () => [...(box.current?.querySelectorAll<HTMLElement>('[data-testid="history-item"] .history-item__delete') ?? [])],
    () => box.current?.querySelector<HTMLElement>('[data-testid="history-empty"]'),
  );
  if (entries === null) return <p class="muted">{t('popup_loading')}</p>;

  const remove = async (entry: HistoryEntry) => {
    if (await onDelete(entry)) announce?.(t('history_deleted', productTitle(entry)));
  };

  return (
    <div class="history" ref={box}>
      {error && <ErrorNotice error={error} />}
      {entries.length === 0 ? (
        <p class="muted" data-testid="history-empty" tabIndex={-1}>
          {t('history_empty')}
        </p>
      ) : (
        <ul class="history__list" aria-label={t('history_title')}>
          {entries.map((entry, index) => (
            <HistoryItem key={entry.id} entry={entry} index={index} place={place} onDelete={() => remove(entry)} />
          ))}
        </ul>
      )}
    </div>
  );
}

interface HistoryItemProps {
  entry: HistoryEntry;
  /** Where the item is in the list. */
  index: number;
  place: FocusAfterDelete;
  onDelete(): Promise<void>;
}

function HistoryItem({ entry, index, place, onDelete }: HistoryItemProps) {
  const item = useRef<HTMLLIElement>(null);
  const [busy, setBusy] = useState(false);
  const [note, setNote] = useState<string | null>(null);
  const now = Date.now();
  const expired = isExpired(entry, now);
  const image = entry.images[0];
  const title = productTitle(entry);
  const pageUrl = entry.items[0]?.pageUrl;
  const date = new Date(entry.createdAt);

  const download = async () => {
    if (!image) return;
    const how = await downloadImage(image.url, (type) => downloadName(entry, 0, type));
    setNote(how === 'opened' ? t('history_download_opened') : null);
  };

  const remove = async () => {
    // A delete caused elsewhere (another page) never moves focus: only one from this item's button.
    const held = place.holds(item.current);
    setBusy(true);
    await onDelete();
    setBusy(false);
    if (held) place.restore(index);
  };

  return (
    <li ref={item} class={`history-item${expired ? ' history-item--expired' : ''}`} data-testid="history-item" data-entry-id={entry.id}>
      <div class="history-item__thumb">
        {image && !expired ? (
          <a href={image.url} target="_blank" rel="noreferrer">
            <img src={image.url} alt={t('history_image_alt', title)} loading="lazy" />
          </a>
        ) : (
          <span class="history-item__placeholder" aria-hidden="true">
            ⌛
          </span>
        )}
      </div>
      <div class="history-item__body">
        <p class="history-item__title">
          {pageUrl ? (
            <a href={pageUrl} target="_blank" rel="noreferrer">
              {title}
            </a>
          ) : (
            title
          )}
        </p>
        <p class="muted small">
          <time dateTime={date.toISOString()}>{date.toLocaleString()}</time>
          {expired && (
            <>
              {' · '}
              <strong class="badge badge--expired">{t('history_expired')}</strong>
            </>
          )}
        </p>
        <div class="history-item__actions">
          {image && !expired && (
            <>
              <a class="button" href={image.url} target="_blank" rel="noreferrer">
                {t('history_open')}
              </a>
              <button type="button" onClick={download}>
                {t('history_download')}
              </button>
            </>
          )}
          <button type="button" class="danger history-item__delete" disabled={busy} aria-label={t('history_delete_label', title)} onClick={remove}>
            {t('history_delete')}
          </button>
        </div>
        {note && <p class="muted small">{note}</p>}
      </div>
    </li>
  );
}
