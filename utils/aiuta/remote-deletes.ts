import type { AiutaClient } from '@/utils/aiuta/client';
import { pendingDeleteSchema, pendingDeletesItem, readValidList, type PendingDelete } from '@/utils/storage';
import type { SerialQueue } from '@/utils/serial-queue';

/** An image on Aiuta's side that belongs to the shopper. */
export interface RemoteImage {
  kind: 'uploaded' | 'generated';
  id: string;
  expiresAt?: number;
}

export interface RemoteDeletes {
  /** Deletes now; whatever fails is kept and retried later. Resolves to how many failed. */
  delete(images: RemoteImage[]): Promise<number>;
  /** Retries what failed before (at start-up and on the wake-up alarm). */
  retryPending(): Promise<number>;
}

/** After this many failed tries an image is left to expire on its own (e.g. the settings changed). */
const maxTries = 5;

export function createRemoteDeletes(deps: { client: AiutaClient; now: () => number; write: SerialQueue }): RemoteDeletes {
  const serial = deps.write;

  async function attempt(images: PendingDelete[]): Promise<PendingDelete[]> {
    const failed: PendingDelete[] = [];
    for (const image of images) {
      // Aiuta removes expired images itself; a DELETE would only fail.
      if (image.expiresAt !== undefined && image.expiresAt <= deps.now()) continue;
      try {
        if (image.kind === 'uploaded') await deps.client.deleteUploadedImage(image.id);
        else await deps.client.deleteGeneratedImage(image.id);
      } catch {
        if (image.tries + 1 < maxTries) failed.push({ ...image, tries: image.tries + 1 });
      }
    }
    return failed;
  }

  const keep = (failed: PendingDelete[]) =>
    serial(async () => {
      const pending = await readValidList(pendingDeletesItem, pendingDeleteSchema);
      const merged = [...pending.filter((old) => !failed.some((item) => item.id === old.id)), ...failed];
      await pendingDeletesItem.setValue(merged);
    });

  return {
    async delete(images) {
      const failed = await attempt(images.map((image) => ({ ...image, tries: 0 })));
      if (failed.length) await keep(failed);
      return failed.length;
    },
    async retryPending() {
      const pending = await serial(async () => {
        const list = await readValidList(pendingDeletesItem, pendingDeleteSchema);
        await pendingDeletesItem.removeValue();
        return list;
      });
      if (!pending.length) return 0;
      const failed = await attempt(pending);
      if (failed.length) await keep(failed);
      return failed.length;
    },
  };
}
