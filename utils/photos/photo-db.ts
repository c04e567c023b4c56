import { z } from 'zod';
import { storedPhotoSchema, type StoredPhoto } from '@/utils/photos/schema';

/**
 * The shopper's photos in the extension's own IndexedDB: only extension pages and the service worker
 * (the extension's origin) can open it, never a content script or the store page. Each photo is a
 * record keyed by its id: what is read often (size, thumbnail, upload) in `photos`, the JPEG in
 * `jpegs`, so listing photos never loads their bytes; a photo and its bytes are written and removed
 * in one transaction, so neither is ever left without the other.
 */
export interface PhotoDb {
  /** Every photo's record, oldest first; a record that no longer matches its schema is left out. */
  list(): Promise<StoredPhoto[]>;
  get(id: string): Promise<StoredPhoto | null>;
  jpeg(id: string): Promise<Uint8Array | null>;
  /** Adds a photo with its bytes, or replaces the one with the same id. */
  put(photo: StoredPhoto, jpeg: Uint8Array): Promise<void>;
  /** Replaces a photo's record and keeps its bytes; does nothing when the photo is gone. */
  update(photo: StoredPhoto): Promise<void>;
  remove(id: string): Promise<void>;
  clear(): Promise<void>;
}

const dbName = 'shop-try-on-photos';
const photosStore = 'photos';
const jpegsStore = 'jpegs';

export function openPhotoDb(factory: () => IDBFactory = () => indexedDB): PhotoDb {
  let opening: Promise<IDBDatabase> | undefined;
  const db = () => {
    opening ??= new Promise<IDBDatabase>((resolve, reject) => {
      const request = factory().open(dbName, 1);
      request.onupgradeneeded = () => {
        request.result.createObjectStore(photosStore, { keyPath: 'id' });
        request.result.createObjectStore(jpegsStore);
      };
      request.onsuccess = () => {
        // Another version of the extension wants to upgrade the database: let it, and open again next time.
        request.result.onversionchange = () => {
          request.result.close();
          opening = undefined;
        };
        resolve(request.result);
      };
      request.onerror = () => reject(request.error);
    }).catch((error: unknown) => {
      opening = undefined;
      throw error;
    });
    return opening;
  };

  /** Runs `work` in one transaction and resolves with its result once the transaction has committed. */
  async function transact<T>(stores: string[], mode: IDBTransactionMode, work: (tx: IDBTransaction) => IDBRequest<T> | void): Promise<T> {
    const tx = (await db()).transaction(stores, mode);
    const request = work(tx);
    return new Promise<T>((resolve, reject) => {
      tx.oncomplete = () => resolve(request ? request.result : (undefined as T));
      tx.onerror = () => reject(tx.error);
      tx.onabort = () => reject(tx.error ?? new Error('The photo database transaction was aborted.'));
    });
  }

  const valid = (value: unknown): StoredPhoto | null => {
    const parsed = z.safeParse(storedPhotoSchema, value);
    return parsed.success ? parsed.data : null;
  };

  return {
    async list() {
      const all = await transact<unknown[]>([photosStore], 'readonly', (tx) => tx.objectStore(photosStore).getAll());
      return all.flatMap((value) => valid(value) ?? []).sort((a, b) => a.savedAt - b.savedAt);
    },
    async get(id) {
      return valid(await transact<unknown>([photosStore], 'readonly', (tx) => tx.objectStore(photosStore).get(id)));
    },
    async jpeg(id) {
      const value = await transact<unknown>([jpegsStore], 'readonly', (tx) => tx.objectStore(jpegsStore).get(id));
      return value instanceof Uint8Array ? value : null;
    },
    async put(photo, jpeg) {
      await transact([photosStore, jpegsStore], 'readwrite', (tx) => {
        tx.objectStore(photosStore).put(storedPhotoSchema.parse(photo));
        tx.objectStore(jpegsStore).put(jpeg, photo.id);
      });
    },
    async update(photo) {
      const record = storedPhotoSchema.parse(photo);
      await transact([photosStore], 'readwrite', (tx) => {
        const store = tx.objectStore(photosStore);
        // Checked inside the transaction, so a photo removed meanwhile is not brought back without its bytes.
        const existing = store.getKey(record.id);
        existing.onsuccess = () => {
          if (existing.result !== undefined) store.put(record);
        };
      });
    },
    async remove(id) {
      await transact([photosStore, jpegsStore], 'readwrite', (tx) => {
        tx.objectStore(photosStore).delete(id);
        tx.objectStore(jpegsStore).delete(id);
      });
    },
    async clear() {
      await transact([photosStore, jpegsStore], 'readwrite', (tx) => {
        tx.objectStore(photosStore).clear();
        tx.objectStore(jpegsStore).clear();
      });
    },
  };
}
