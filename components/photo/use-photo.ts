import { useEffect, useState } from 'preact/hooks';
import { checkPhotoFile, readAsDataUrl } from '@/components/photo/photo-file';
import { useSettings } from '@/components/settings/use-settings';
import { toAppError, type AppErrorData } from '@/utils/errors';
import { sendMessage } from '@/utils/messaging';
import type { PhotoInfo } from '@/utils/photos/schema';
import { consentItem, consentSchema, type Consent } from '@/utils/storage';

/** One of the try-on service's predefined models, with the category it is listed under. */
export interface Model {
  id: string;
  url: string;
  category: string;
}

export interface PhotoLibrary {
  /** The saved photo; undefined while loading, null when there is none. */
  photo: PhotoInfo | null | undefined;
  /** Undefined while loading. */
  consent: Consent | undefined;
  models: Model[];
  /** Host of the try-on service the photo would go to, from the settings. */
  apiHost: string;
  busy: boolean;
  error: AppErrorData | null;
  /** Saves a picked file as the photo; resolves to whether it was saved. */
  upload(file: File): Promise<boolean>;
  /** Deletes the photo here and on the service; resolves to whether it was deleted. */
  remove(): Promise<boolean>;
  setConsent(accepted: boolean): Promise<void>;
}

/** The shopper's photo, their consent to upload it, and the service's predefined models. */
export function usePhoto(): PhotoLibrary {
  const settings = useSettings();
  const [photo, setPhoto] = useState<PhotoInfo | null | undefined>(undefined);
  const [consent, setConsentState] = useState<Consent | undefined>(undefined);
  const [models, setModels] = useState<Model[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppErrorData | null>(null);

  useEffect(() => {
    let alive = true;
    const takeConsent = (value: unknown) => alive && setConsentState(consentSchema.safeParse(value).data ?? null);
    consentItem.getValue().then(takeConsent);
    const unwatch = consentItem.watch(takeConsent);
    sendMessage('photo.get', {})
      .then((reply) => alive && setPhoto(reply.photo))
      .catch((cause) => {
        if (!alive) return;
        setPhoto(null);
        setError(toAppError(cause).toJSON());
      });
    sendMessage('models.list', {})
      .then((reply) => alive && setModels(reply.categories.flatMap((group) => group.models.map((model) => ({ ...model, category: group.category })))))
      // Without models the shopper can still use their own photo; the list is an extra.
      .catch(() => alive && setModels([]));
    return () => {
      alive = false;
      unwatch();
    };
  }, []);

  const upload = async (file: File) => {
    setError(null);
    setBusy(true);
    try {
      checkPhotoFile(file);
      setPhoto((await sendMessage('photo.save', { dataUrl: await readAsDataUrl(file) })).photo);
      return true;
    } catch (cause) {
      setError(toAppError(cause, 'photo_unreadable').toJSON());
      return false;
    } finally {
      setBusy(false);
    }
  };

  const remove = async () => {
    setError(null);
    try {
      await sendMessage('photo.delete', {});
      setPhoto(null);
      return true;
    } catch (cause) {
      setError(toAppError(cause).toJSON());
      return false;
    }
  };

  const setConsent = async (accepted: boolean) => {
    try {
      setConsentState((await sendMessage('consent.set', { accepted })).consent);
    } catch (cause) {
      setError(toAppError(cause).toJSON());
    }
  };

  return { photo, consent, models, apiHost: hostOf(settings?.apiBaseUrl ?? ''), busy, error, upload, remove, setConsent };
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return '';
  }
}
