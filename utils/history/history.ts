import { AppError } from '@/utils/errors';
import type { RemoteDeletes, RemoteImage } from '@/utils/aiuta/remote-deletes';
import { targetOf, type ApiTarget } from '@/utils/aiuta/target';
import { historyEntrySchema, type HistoryEntry } from '@/utils/history/schema';
import type { SerialQueue } from '@/utils/serial-queue';
import { resultLabel } from '@/utils/product';
import { historyItem, readValidList } from '@/utils/storage';

export interface History {
  /** Newest first. */
  list(): Promise<(HistoryEntry & { target: ApiTarget })[]>;
  add(entry: HistoryEntry & { target: ApiTarget }): Promise<void>;
  /** Removes one result here and its images on Aiuta's side. */
  delete(id: string): Promise<void>;
  /** Removes one result here only (a cancelled try-on whose images are deleted by other means). */
  discard(id: string): Promise<void>;
  /** Stamps entries written before targets were recorded with the current target (once, at start-up). */
  adoptUntargeted(): Promise<void>;
  /** The shopper's results and uploads on Aiuta's side that the stored history refers to. */
  remoteImages(): Promise<RemoteImage[]>;
}

/** Older results are dropped (and deleted remotely) beyond this; their links expire anyway. */
export const maxHistoryEntries = 100;

/** Generated images of the shopper's own uploads; `aiuta`-owned ones cannot be deleted and need not be. */
export function remoteImagesOf(entry: HistoryEntry & { target: ApiTarget }): RemoteImage[] {
  const label = resultLabel(entry.items);
  return entry.images
    .filter((image) => image.owner !== 'aiuta')
    .map((image) => ({ kind: 'generated' as const, id: image.id, expiresAt: image.expiresAt, target: entry.target, label }));
}

export function createHistory(deps: {
  remoteDeletes: RemoteDeletes;
  write: SerialQueue;
  /** The current settings: the target of entries that have none. */
  getSettings: () => Promise<{ apiBaseUrl: string; subscriptionId: string }>;
}): History {
  const serial = deps.write;
  const readRaw = () => readValidList(historyItem, historyEntrySchema);
  // Entries from before targets were recorded belong to the settings of that time: the current ones.
  const read = async (): Promise<(HistoryEntry & { target: ApiTarget })[]> => {
    const entries = await readRaw();
    const fallback = entries.some((entry) => !entry.target) ? targetOf(await deps.getSettings()) : undefined;
    return entries.map((entry) => ({ ...entry, target: entry.target ?? fallback! }));
  };
  /** Removes one entry here; resolves to it, or undefined when there was none. */
  const remove = (id: string) =>
    serial(async () => {
      const entries = await read();
      const removed = entries.find((entry) => entry.id === id);
      if (removed) await historyItem.setValue(entries.filter((entry) => entry !== removed));
      return removed;
    });

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
    async discard(id) {
      await remove(id);
    },
    async adoptUntargeted() {
      const target = targetOf(await deps.getSettings());
      await serial(async () => {
        const entries = await readRaw();
        if (entries.every((entry) => entry.target)) return;
        await historyItem.setValue(entries.map((entry) => ({ ...entry, target: entry.target ?? target })));
      });
    },
    async delete(id) {
      const removed = await remove(id);
      if (!removed) return;
      const failed = await deps.remoteDeletes.delete(remoteImagesOf(removed));
      if (failed) {
        throw new AppError('remote_delete_failed', 'The result was removed from this device, but the try-on service could not delete its image yet. The extension will try again later.');
      }
    },
    async remoteImages() {
      const entries = await read();
      const uploads = new Map(entries.flatMap((entry) => (entry.uploadedImageId ? [[entry.uploadedImageId, entry.target] as const] : [])));
      return [...entries.flatMap(remoteImagesOf), ...[...uploads].map(([id, target]) => ({ kind: 'uploaded' as const, id, target }))];
    },
  };
}
