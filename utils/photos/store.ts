import { AppError } from '@/utils/errors';
import type { AiutaClient } from '@/utils/aiuta/client';
import type { ReportImages } from '@/utils/auth/image-reports';
import { apiTarget, targetFromKey } from '@/utils/aiuta/target';
import type { RemoteDeletes, RemoteImage } from '@/utils/aiuta/remote-deletes';
import type { SerialQueue } from '@/utils/serial-queue';
import type { PhotoCodec } from '@/utils/photos/codec';
import { base64ToBytes, preparePhoto } from '@/utils/photos/pipeline';
import { openPhotoDb, type PhotoDb } from '@/utils/photos/photo-db';
import { legacyStoredPhotoSchema, maxSavedPhotos, photoLimitReached, type PhotoInfo, type PhotoList, type StoredPhoto } from '@/utils/photos/schema';
import { chosenPhotoItem, consentItem, legacyPhotoDataItem, legacyPhotoMetaItem, readValid, type Consent } from '@/utils/storage';

/**
 * The shopper's saved photos (at most `maxSavedPhotos`) and which one is chosen. The database keeps
 * each photo as a record by id (utils/photos/photo-db.ts); `local:chosenPhoto` names the chosen one.
 * Calls without a photo id are about the chosen photo.
 */
export interface PhotoStore {
  /** Validates, re-encodes and keeps a new photo, and chooses it; refused when the shopper already has the most photos. */
  save(dataUrl: string): Promise<PhotoInfo>;
  /** The chosen photo. */
  get(): Promise<PhotoInfo | null>;
  /** Every saved photo, oldest first, and which one is chosen. */
  list(): Promise<PhotoList>;
  /** Makes this saved photo the one try-ons use. */
  choose(id: string): Promise<PhotoList>;
  /** Removes a photo (the chosen one without an id) here and its uploaded copy on Aiuta's side. */
  delete(id?: string): Promise<void>;
  /** The uploaded copies on Aiuta's side that the stored photos refer to. */
  remoteImages(): Promise<RemoteImage[]>;
  /** "Delete all my data", from inside the write queue: removes every photo here, leaving their remote copies to the caller. */
  clear(): Promise<void>;
  /** Moves a photo kept by an earlier version into the photo database (every other call does this first too). */
  migrate(): Promise<void>;
  /** The shopper agrees to send their photo to the try-on service, or withdraws that. */
  setConsent(accepted: boolean): Promise<Consent>;
  /** The uploaded copy's id of a photo (the chosen one without an id), uploading first when there is none that is still valid. */
  ensureUploaded(options?: { photoId?: string; signal?: AbortSignal }): Promise<string>;
  /** Aiuta no longer has this upload (it said "input image not found"): the next try-on uploads again. */
  forgetUpload(imageId: string): Promise<void>;
}

export interface PhotoStoreDeps {
  client: AiutaClient;
  codec: PhotoCodec;
  remoteDeletes: RemoteDeletes;
  now: () => number;
  getSettings: () => Promise<{ apiBaseUrl: string; subscriptionId: string }>;
  write: SerialQueue;
  /** Tells the token backend this upload is this installation's, before anything can ask to delete it. */
  reportImages?: ReportImages;
  db?: PhotoDb;
  newId?: () => string;
}

/** An upload is reused only while it has this much life left, so it cannot expire mid-generation. */
export const uploadReuseMarginMs = 10 * 60_000;

const photoMissing = () => new AppError('photo_missing', 'Add a photo of yourself first (in the extension popup).');

export function createPhotoStore(deps: PhotoStoreDeps): PhotoStore {
  const db = deps.db ?? openPhotoDb();
  const newId = deps.newId ?? (() => crypto.randomUUID());
  /** Uploads in flight, by photo id and API target. */
  const uploading = new Map<string, Promise<string>>();

  // Every call waits for this first, so the migration needs no place in the write queue (and a call
  // made from inside the queue, like "Delete all my data", cannot wait on itself).
  let migrated: Promise<void> | undefined;
  const ready = () =>
    (migrated ??= migrateLegacyPhoto(db, newId)
      .then(() => keepChoiceValid(db))
      .catch((error: unknown) => {
        migrated = undefined;
        throw error;
      }));
  const serial: SerialQueue = async (step) => {
    await ready();
    return deps.write(step);
  };
  const readAll = async (): Promise<{ photos: StoredPhoto[]; chosen: StoredPhoto | null }> => {
    await ready();
    const photos = await db.list();
    const chosenId = await chosenPhotoItem.getValue();
    return { photos, chosen: photos.find((photo) => photo.id === chosenId) ?? photos.at(-1) ?? null };
  };
  const readList = async (): Promise<PhotoList> => {
    const { photos, chosen } = await readAll();
    return { photos: photos.map(toInfo), chosenId: chosen?.id ?? null };
  };
  const target = async () => apiTarget(await deps.getSettings());

  async function save(dataUrl: string): Promise<PhotoInfo> {
    // Checked before the work of re-encoding, and again where the photo is written.
    if ((await readAll()).photos.length >= maxSavedPhotos) throw photoLimitReached();
    const prepared = await preparePhoto(dataUrl, deps.codec);
    const meta: StoredPhoto = {
      id: newId(),
      width: prepared.width,
      height: prepared.height,
      bytes: prepared.jpeg.length,
      savedAt: deps.now(),
      thumbnail: prepared.thumbnail,
    };
    await serial(async () => {
      if ((await db.list()).length >= maxSavedPhotos) throw photoLimitReached();
      await db.put(meta, prepared.jpeg);
      await chosenPhotoItem.setValue(meta.id);
    });
    return toInfo(meta);
  }

  async function choose(id: string): Promise<PhotoList> {
    await serial(async () => {
      if (!(await db.get(id))) throw new AppError('photo_missing', 'This photo is no longer saved. Choose another one.');
      await chosenPhotoItem.setValue(id);
    });
    return readList();
  }

  async function remove(id?: string): Promise<void> {
    const previous = await serial(async () => {
      const { photos, chosen } = await readAll();
      const old = id === undefined ? chosen : (photos.find((photo) => photo.id === id) ?? null);
      if (!old) return null;
      await db.remove(old.id);
      // The chosen photo is gone: the newest one left takes its place.
      if (old.id === chosen?.id) await chosenPhotoItem.setValue(photos.filter((photo) => photo.id !== old.id).at(-1)?.id ?? null);
      return old;
    });
    const remote = uploadOf(previous);
    if (!remote.length) return;
    const failed = await deps.remoteDeletes.delete(remote);
    if (failed) {
      throw new AppError('remote_delete_failed', 'Your photo was removed from this device, but its copy on the try-on service could not be deleted yet. The extension will try again later.');
    }
  }

  async function ensureUploaded({ photoId, signal }: { photoId?: string; signal?: AbortSignal } = {}): Promise<string> {
    const meta = photoId === undefined ? (await readAll()).chosen : (await ready(), await db.get(photoId));
    if (!meta) {
      if (photoId === undefined) throw photoMissing();
      throw new AppError('photo_missing', 'The photo chosen for this try-on was deleted. Choose another photo and start again.');
    }
    const where = await target();
    const reusable = meta.uploaded && meta.uploaded.target === where &&
      (meta.uploaded.expiresAt === undefined || meta.uploaded.expiresAt - uploadReuseMarginMs > deps.now());
    if (reusable) return meta.uploaded!.id;
    // Two products tried on at once with the same photo share one upload.
    const key = `${meta.id}\n${where}`;
    let promise = uploading.get(key);
    if (!promise) {
      const started = upload(meta).finally(() => {
        if (uploading.get(key) === started) uploading.delete(key);
      });
      uploading.set(key, started);
      promise = started;
    }
    signal?.throwIfAborted();
    return abortable(promise, signal);
  }

  async function upload(meta: StoredPhoto): Promise<string> {
    if (!(await consentItem.getValue())) {
      throw new AppError('consent_required', 'Please agree to send your photo to the try-on service first (in the extension popup).');
    }
    const jpeg = await db.jpeg(meta.id);
    if (!jpeg) throw photoMissing();
    // Not tied to one job's signal: a cancelled job must not abort an upload another job shares.
    const uploaded = await deps.client.uploadImage(new Blob([jpeg as Uint8Array<ArrayBuffer>], { type: 'image/jpeg' }));
    // Where the client actually sent it (the settings may have changed since the upload began).
    const storedAt = apiTarget(uploaded.target);
    await deps.reportImages?.([uploaded.id]);
    const kept = await serial(async () => {
      const current = await db.get(meta.id);
      // The shopper may have deleted the photo while it was uploading.
      if (!current) return false;
      await db.update({ ...current, uploaded: { id: uploaded.id, expiresAt: uploaded.expiresAt, target: storedAt } });
      return true;
    });
    if (!kept) {
      // Nothing refers to this copy any more: delete it on the service rather than leave it there.
      await deps.remoteDeletes.delete([{ kind: 'uploaded', id: uploaded.id, expiresAt: uploaded.expiresAt, target: uploaded.target }]);
      throw new AppError('photo_missing', 'Your photo was deleted while it was uploading. Please choose a photo and start the try-on again.');
    }
    return uploaded.id;
  }

  async function forgetUpload(imageId: string): Promise<void> {
    await serial(async () => {
      for (const photo of await db.list()) {
        if (photo.uploaded?.id !== imageId) continue;
        const { uploaded: _gone, ...rest } = photo;
        await db.update(rest);
      }
    });
  }

  return {
    save,
    get: async () => {
      const { chosen } = await readAll();
      return chosen ? toInfo(chosen) : null;
    },
    list: readList,
    choose,
    delete: remove,
    remoteImages: async () => {
      await ready();
      return (await db.list()).flatMap(uploadOf);
    },
    clear: async () => {
      await ready();
      await db.clear();
    },
    migrate: ready,
    setConsent: (accepted) =>
      serial(async () => {
        const consent = accepted ? { acceptedAt: deps.now() } : null;
        await consentItem.setValue(consent);
        return consent;
      }),
    ensureUploaded,
    forgetUpload,
  };
}

/**
 * Versions that kept one photo had no choice to record: "the" photo was the newest one. Records that
 * photo (or, after any other mishap, the newest photo) as chosen, so the choice always names a saved
 * photo while there is one.
 */
async function keepChoiceValid(db: PhotoDb): Promise<void> {
  const photos = await db.list();
  const chosenId = await chosenPhotoItem.getValue();
  if (photos.some((photo) => photo.id === chosenId)) return;
  const fallback = photos.at(-1)?.id ?? null;
  if (fallback !== chosenId) await chosenPhotoItem.setValue(fallback);
}

/**
 * Versions before the photo database kept the photo in storage.local, which content scripts can read.
 * Moves it into the database under a new id, then removes the old items; a damaged leftover is dropped.
 */
async function migrateLegacyPhoto(db: PhotoDb, newId: () => string): Promise<void> {
  const legacy = await readValid(legacyPhotoMetaItem, legacyStoredPhotoSchema.nullable(), null);
  const data = await legacyPhotoDataItem.getValue();
  if (legacy && typeof data === 'string' && data) await db.put({ ...legacy, id: newId() }, base64ToBytes(data));
  await legacyPhotoMetaItem.removeValue();
  await legacyPhotoDataItem.removeValue();
}

function uploadOf(meta: StoredPhoto | null): RemoteImage[] {
  // `uploaded.target` has always been recorded with the id (it decides reuse), so it names the host to delete at.
  return meta?.uploaded ? [{ kind: 'uploaded', id: meta.uploaded.id, expiresAt: meta.uploaded.expiresAt, target: targetFromKey(meta.uploaded.target) }] : [];
}

function toInfo(meta: StoredPhoto): PhotoInfo {
  const { uploaded, ...info } = meta;
  return uploaded ? { ...info, uploaded: { id: uploaded.id, expiresAt: uploaded.expiresAt } } : info;
}

function abortable<T>(promise: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (!signal) return promise;
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
