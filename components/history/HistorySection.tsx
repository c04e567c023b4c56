import { DeleteAllData } from '@/components/history/DeleteAllData';
import { HistoryList } from '@/components/history/HistoryList';
import { deleteAllData, useHistory } from '@/components/history/use-history';

/**
 * Container: the results history and "Delete all my data" (popup and options page). After a delete
 * the list reloads, and `onDataDeleted` lets the page reload its other sections.
 */
export function HistorySection({ onDataDeleted }: { onDataDeleted?(): void }) {
  const history = useHistory();
  const deleted = () => {
    void history.reload();
    onDataDeleted?.();
  };
  return (
    <>
      <HistoryList entries={history.entries} error={history.error} onDelete={history.remove} />
      <DeleteAllData onDelete={deleteAllData} onDeleted={deleted} />
    </>
  );
}
