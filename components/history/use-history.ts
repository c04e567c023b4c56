import { useEffect, useState } from 'preact/hooks';
import { toAppError, type AppErrorData } from '@/utils/errors';
import type { HistoryEntry } from '@/utils/history/schema';
import { onEvent, sendMessage } from '@/utils/messaging';

export interface HistoryState {
  /** Newest first; null while loading. */
  entries: HistoryEntry[] | null;
  error: AppErrorData | null;
  /** Deletes a result here and on the service; the list reloads either way. Resolves to whether it is gone here. */
  remove(entry: HistoryEntry): Promise<boolean>;
  reload(): Promise<void>;
}

/** Past try-on results, reloaded when a try-on finishes while the page is open. */
export function useHistory(): HistoryState {
  const [entries, setEntries] = useState<HistoryEntry[] | null>(null);
  const [error, setError] = useState<AppErrorData | null>(null);

  /** Resolves to the entries shown, or null when they could not be read. */
  const load = (): Promise<HistoryEntry[] | null> =>
    sendMessage('history.list', {})
      .then((reply) => {
        setEntries(reply.entries);
        return reply.entries;
      })
      .catch((cause) => {
        setEntries((current) => current ?? []);
        setError(toAppError(cause).toJSON());
        return null;
      });

  useEffect(() => {
    void load();
    return onEvent('job.updated', ({ job }) => {
      if (job.status === 'done') void load();
    });
  }, []);

  const remove = async (entry: HistoryEntry) => {
    setError(null);
    try {
      await sendMessage('history.delete', { id: entry.id });
    } catch (cause) {
      // remote_delete_failed: gone here, the remote copy is retried later; the shopper is told so.
      setError(toAppError(cause).toJSON());
    }
    const shown = await load();
    return shown !== null && !shown.some((kept) => kept.id === entry.id);
  };

  const reload = async () => {
    setError(null);
    await load();
  };

  return { entries, error, remove, reload };
}

/** "Delete all my data": everything here and on the service; rejects when a remote delete must wait. */
export async function deleteAllData(): Promise<void> {
  await sendMessage('data.deleteAll', {});
}
