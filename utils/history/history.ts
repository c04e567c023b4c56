import { AppError } from '@/utils/errors';
import type { RemoteDeletes, RemoteImage } from '@/utils/aiuta/remote-deletes';
import { historyEntrySchema, type HistoryEntry } from '@/utils/history/schema';
import type { SerialQueue } from '@/utils/serial-queue';
import { historyItem, readValidList } from '@/utils/storage';

export interface History {
  /** Newest first. */
  list(): Promise<HistoryEntry[]>;
  add(entry: HistoryEntry): Promise<void>;
  /** Removes one result here and its images on Aiuta's side. */
  delete(id: string): Promise<void>;
  /** The shopper's results and uploads on Aiuta's side that the stored history refers to. */
  remoteImages(): Promise<RemoteImage[]>;
}

/** Older results are dropped (and deleted remotely) beyond this; their links expire anyway. */
export const maxHistoryEntries = 100;

/** Generated images of the shopper's own uploads; `aiuta`-owned ones cannot be deleted and need not be. */
export function remoteImagesOf(entry: HistoryEntry): RemoteImage[] {
  return entry.images
    .filter((image) => image.owner !== 'aiuta')
    .map((image) => ({ kind: 'generated' as const, id: image.id, expiresAt: image.expiresAt }));
}

export function createHistory(deps: { remoteDeletes: RemoteDeletes; write: SerialQueue }): History {
  const serial = deps.write;
  const read = () => readValidList(historyItem, historyEntrySchema);

  return {
    list: read,
    async add(entry) {
      const evicted = await serial(async () => {
        const entries = [entry, ...(await read()).filter((old) => old.id !== entry.id)];
        await historyItem.setValue(entries.slice(0, maxHistoryEntries));
        return entries.slice(maxHistoryEntries);
      });
      // Not awaited: a slow service must not hold up showing the new result (failures are queued).
      if (evicted.length) void deps.remoteDeletes.delete(evicted.flatMap(remoteImagesOf)).catch(() => undefined);
    },
    async delete(id) {
      const removed = await serial(async () => {
        const entries = await read();
        await historyItem.setValue(entries.filter((entry) => entry.id !== id));
        return entries.find((entry) => entry.id === id);
      });
      if (!removed) return;
      const failed = await deps.remoteDeletes.delete(remoteImagesOf(removed));
      if (failed) {
        throw new AppError('remote_delete_failed', 'The result was removed from this device, but the try-on service could not delete its image yet. The extension will try again later.');
      }
    },
    async remoteImages() {
      const entries = await read();
      const uploads = new Set(entries.flatMap((entry) => (entry.uploadedImageId ? [entry.uploadedImageId] : [])));
      return [...entries.flatMap(remoteImagesOf), ...[...uploads].map((id) => ({ kind: 'uploaded' as const, id }))];
    },
  };
}
