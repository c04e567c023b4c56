import { useEffect, useState } from 'preact/hooks';
import { toAppError, type AppErrorData } from '@/utils/errors';
import type { HistoryEntry } from '@/utils/history/schema';
import { onEvent, sendMessage } from '@/utils/messaging';

export interface HistoryState {
  /** Newest first; null while loading. */
  entries: HistoryEntry[] | null;
  error: AppErrorData | null;
  /** Deletes a result here and on the service; the list reloads either way. */
  remove(entry: HistoryEntry): Promise<void>;
  reload(): Promise<void>;
}

/** Past try-on results, reloaded when a try-on finishes while the page is open. */
export function useHistory(): HistoryState {
  const [entries, setEntries] = useState<HistoryEntry[] | null>(null);
  const [error, setError] = useState<AppErrorData | null>(null);

  const load = () =>
    sendMessage('history.list', {})
      .then((reply) => setEntries(reply.entries))
      .catch((cause) => {
        setEntries((current) => current ?? []);
        setError(toAppError(cause).toJSON());
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
    await load();
  };

  const reload = () => {
    setError(null);
    return load();
  };

  return { entries, error, remove, reload };
}

/** "Delete all my data": everything here and on the service; rejects when a remote delete must wait. */
export async function deleteAllData(): Promise<void> {
  await sendMessage('data.deleteAll', {});
}
