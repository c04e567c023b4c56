import type { PendingDelete } from '@/utils/storage';

/** One line of the history's account of deletes at Aiuta: what it was and what became of it. */
export interface RemoteDeleteLine {
  /** The ids to retry with (one record). */
  id: string;
  what: 'photo' | 'result' | 'cancelled';
  /** The result's product names, when known. */
  label?: string;
  state: PendingDelete['state'];
  updatedAt?: number;
}

/** The records as the shopper sees them: what could not be deleted first, then pending, then the latest deleted. */
export function remoteDeleteLines(records: readonly PendingDelete[]): RemoteDeleteLine[] {
  const order = { failed: 0, pending: 1, deleted: 2 } as const;
  return records
    .map((record): RemoteDeleteLine => ({
      id: record.id,
      what: record.kind === 'uploaded' ? 'photo' : record.kind === 'operation' ? 'cancelled' : 'result',
      label: record.label,
      state: record.state,
      updatedAt: record.updatedAt,
    }))
    .sort((a, b) => order[a.state] - order[b.state] || (b.updatedAt ?? 0) - (a.updatedAt ?? 0));
}
