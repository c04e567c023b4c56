import { useEffect, useState } from 'preact/hooks';
import { toAppError, type AppErrorData } from '@/utils/errors';
import { sendMessage } from '@/utils/messaging';
import { pendingDeleteSchema, pendingDeletesItem, readValidList, type PendingDelete } from '@/utils/storage';

export interface RemoteDeletesState {
  /** Every delete at Aiuta the background keeps a record of; null while loading. */
  records: PendingDelete[] | null;
  error: AppErrorData | null;
  /** Puts what could not be deleted back in the queue and tries at once. */
  retry(ids: string[]): Promise<void>;
}

/** What became of the deletes at Aiuta, kept current as the background works through them. */
export function useRemoteDeletes(): RemoteDeletesState {
  const [records, setRecords] = useState<PendingDelete[] | null>(null);
  const [error, setError] = useState<AppErrorData | null>(null);

  useEffect(() => {
    const load = () => void readValidList(pendingDeletesItem, pendingDeleteSchema).then(setRecords, () => setRecords([]));
    load();
    return pendingDeletesItem.watch(load);
  }, []);

  const retry = async (ids: string[]) => {
    setError(null);
    try {
      await sendMessage('deletes.retry', { ids });
    } catch (cause) {
      setError(toAppError(cause).toJSON());
    }
  };

  return { records, error, retry };
}
