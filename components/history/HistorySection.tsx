import { useState } from 'preact/hooks';
import { DeleteAllData } from '@/components/history/DeleteAllData';
import { HistoryList } from '@/components/history/HistoryList';
import { remoteDeleteLines } from '@/components/history/remote-deletes';
import { RemoteDeletesList } from '@/components/history/RemoteDeletesList';
import { deleteAllData, useHistory } from '@/components/history/use-history';
import { useRemoteDeletes } from '@/components/history/use-remote-deletes';

/**
 * Container: the results history, what became of the copies at Aiuta (deleted, still to delete, could
 * not be deleted: Retry) and "Delete all my data" (popup and options page). After a delete
 * the list reloads, and `onDataDeleted` lets the page reload its other sections.
 */
export function HistorySection({ onDataDeleted }: { onDataDeleted?(): void }) {
  const history = useHistory();
  const deletes = useRemoteDeletes();
  // What the last delete of one result did, said in the section's one polite status region (that of "Delete all my data").
  const [status, setStatus] = useState<string | null>(null);
  const deleteAll = () => {
    setStatus(null);
    return deleteAllData();
  };
  const deleted = () => {
    void history.reload();
    onDataDeleted?.();
  };
  return (
    <>
      <HistoryList entries={history.entries} error={history.error} onDelete={history.remove} announce={setStatus} />
      <RemoteDeletesList lines={remoteDeleteLines(deletes.records ?? [])} error={deletes.error} onRetry={deletes.retry} />
      <DeleteAllData onDelete={deleteAll} onDeleted={deleted} status={status} />
    </>
  );
}
