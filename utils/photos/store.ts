import { AppError } from '@/utils/errors';
import type { AiutaClient } from '@/utils/aiuta/client';
import type { ReportImages } from '@/utils/auth/image-reports';
import { apiTarget } from '@/utils/aiuta/target';
import type { RemoteDeletes, RemoteImage } from '@/utils/aiuta/remote-deletes';
import type { SerialQueue } from '@/utils/serial-queue';
import type { PhotoCodec } from '@/utils/photos/codec';
import { base64ToBytes, bytesToBase64, preparePhoto } from '@/utils/photos/pipeline';
import { storedPhotoSchema, type PhotoInfo, type StoredPhoto } from '@/utils/photos/schema';
import { consentItem, photoDataItem, photoMetaItem, readValid, type Consent } from '@/utils/storage';

export interface PhotoStore {
  /** Validates, re-encodes and keeps the photo; replaces (and deletes remotely) the previous one. */
  save(dataUrl: string): Promise<PhotoInfo>;
  get(): Promise<PhotoInfo | null>;
  /** Removes the photo here and its uploaded copy on Aiuta's side. */
  delete(): Promise<void>;
  /** The uploaded copy on Aiuta's side that the stored photo refers to. */
  remoteImages(): Promise<RemoteImage[]>;
  /** The shopper agrees to send their photo to the try-on service, or withdraws that. */
  setConsent(accepted: boolean): Promise<Consent>;
  /** The uploaded copy's id, uploading first when there is none that is still valid. */
  ensureUploaded(signal?: AbortSignal): Promise<string>;
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
}

/** An upload is reused only while it has this much life left, so it cannot expire mid-generation. */
export const uploadReuseMarginMs = 10 * 60_000;

export function createPhotoStore(deps: PhotoStoreDeps): PhotoStore {
  const serial = deps.write;
  let uploading: { savedAt: number; target: string; promise: Promise<string> } | undefined;

  const readMeta = () => readValid(photoMetaItem, storedPhotoSchema.nullable(), null);
  const target = async () => apiTarget(await deps.getSettings());

  async function save(dataUrl: string): Promise<PhotoInfo> {
    const prepared = await preparePhoto(dataUrl, deps.codec);
    const meta: StoredPhoto = {
      width: prepared.width,
      height: prepared.height,
      bytes: prepared.jpeg.length,
      savedAt: deps.now(),
      thumbnail: prepared.thumbnail,
    };
    const previous = await serial(async () => {
      const old = await readMeta();
      await photoDataItem.setValue(bytesToBase64(prepared.jpeg));
      await photoMetaItem.setValue(meta);
      return old;
    });
    // The old upload is of no use any more; deleting it is best effort (failures are retried later).
    if (previous?.uploaded && previous.uploaded.target === (await target())) {
      await deps.remoteDeletes.delete([{ kind: 'uploaded', id: previous.uploaded.id, expiresAt: previous.uploaded.expiresAt }]);
    }
    return toInfo(meta);
  }

  async function remove(): Promise<void> {
    const previous = await serial(async () => {
      const old = await readMeta();
      await photoMetaItem.removeValue();
      await photoDataItem.removeValue();
      return old;
    });
    const remote = uploadOf(previous);
    if (!remote.length) return;
    const failed = await deps.remoteDeletes.delete(remote);
    if (failed) {
      throw new AppError('remote_delete_failed', 'Your photo was removed from this device, but its copy on the try-on service could not be deleted yet. The extension will try again later.');
    }
  }

  async function ensureUploaded(signal?: AbortSignal): Promise<string> {
    const meta = await readMeta();
    if (!meta) throw new AppError('photo_missing', 'Add a photo of yourself first (in the extension popup).');
    const where = await target();
    const reusable = meta.uploaded && meta.uploaded.target === where &&
      (meta.uploaded.expiresAt === undefined || meta.uploaded.expiresAt - uploadReuseMarginMs > deps.now());
    if (reusable) return meta.uploaded!.id;
    // Two products tried on at once share one upload.
    if (!uploading || uploading.savedAt !== meta.savedAt || uploading.target !== where) {
      const promise = upload(meta, where).finally(() => {
        if (uploading?.promise === promise) uploading = undefined;
      });
      uploading = { savedAt: meta.savedAt, target: where, promise };
    }
    signal?.throwIfAborted();
    return abortable(uploading.promise, signal);
  }

  async function upload(meta: StoredPhoto, where: string): Promise<string> {
    if (!(await consentItem.getValue())) {
      throw new AppError('consent_required', 'Please agree to send your photo to the try-on service first (in the extension popup).');
    }
    const data = await photoDataItem.getValue();
    if (!data) throw new AppError('photo_missing', 'Add a photo of yourself first (in the extension popup).');
    const jpeg = base64ToBytes(data);
    // Not tied to one job's signal: a cancelled job must not abort an upload another job shares.
    const uploaded = await deps.client.uploadImage(new Blob([jpeg as Uint8Array<ArrayBuffer>], { type: 'image/jpeg' }));
    await deps.reportImages?.([uploaded.id]);
    const kept = await serial(async () => {
      const current = await readMeta();
      // The shopper may have replaced or deleted the photo while it was uploading.
      if (current?.savedAt !== meta.savedAt) return false;
      await photoMetaItem.setValue({ ...current, uploaded: { id: uploaded.id, expiresAt: uploaded.expiresAt, target: where } });
      return true;
    });
    if (!kept) {
      // Nothing refers to this copy any more: delete it on the service rather than leave it there.
      await deps.remoteDeletes.delete([{ kind: 'uploaded', id: uploaded.id, expiresAt: uploaded.expiresAt }]);
      throw new AppError('photo_missing', 'Your photo was changed while it was uploading. Please start the try-on again.');
    }
    return uploaded.id;
  }

  async function forgetUpload(imageId: string): Promise<void> {
    await serial(async () => {
      const current = await readMeta();
      if (current?.uploaded?.id !== imageId) return;
      const { uploaded: _gone, ...rest } = current;
      await photoMetaItem.setValue(rest);
    });
  }

  return {
    save,
    get: async () => {
      const meta = await readMeta();
      return meta ? toInfo(meta) : null;
    },
    delete: remove,
    remoteImages: async () => uploadOf(await readMeta()),
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

function uploadOf(meta: StoredPhoto | null): RemoteImage[] {
  return meta?.uploaded ? [{ kind: 'uploaded', id: meta.uploaded.id, expiresAt: meta.uploaded.expiresAt }] : [];
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
