import type { AiutaClient } from '@/utils/aiuta/client';
import type { ModelCategory } from '@/utils/aiuta/models';
import type { SerialQueue } from '@/utils/serial-queue';
import { modelsCacheItem, modelsCacheSchema, readValid } from '@/utils/storage';

type ModelCategories = ModelCategory[];

/**
 * Aiuta's predefined models, revalidated with If-None-Match each time (one 304 when unchanged).
 * When the service cannot be reached, the last list is still good enough to pick a model from.
 */
export async function listModelsCached(client: AiutaClient, target: string, now: () => number, write: SerialQueue): Promise<ModelCategories> {
  const cached = await readValid(modelsCacheItem, modelsCacheSchema.nullable(), null);
  const usable = cached?.target === target ? cached : null;
  try {
    const list = await client.listModels(usable?.etag);
    if (list.notModified) {
      if (usable) return usable.categories;
      // A 304 without anything cached (e.g. the cache was cleared meanwhile): ask again without an ETag.
      const fresh = await client.listModels();
      if (fresh.notModified) return [];
      return store(write, target, fresh.etag, fresh.categories, now());
    }
    return store(write, target, list.etag, list.categories, now());
  } catch (error) {
    if (usable) return usable.categories;
    throw error;
  }
}

async function store(write: SerialQueue, target: string, etag: string | undefined, categories: ModelCategories, fetchedAt: number): Promise<ModelCategories> {
  await write(() => modelsCacheItem.setValue({ target, etag, categories, fetchedAt }));
  return categories;
}
