import { useEffect, useState } from 'preact/hooks';
import { checkPhotoFile, readAsDataUrl } from '@/components/photo/photo-file';
import { useSettings } from '@/components/settings/use-settings';
import type { ModelCategory } from '@/utils/aiuta/models';
import { AppError, toAppError, type AppErrorData } from '@/utils/errors';
import { t } from '@/utils/i18n';
import { onEvent, sendMessage } from '@/utils/messaging';
import { maxSavedPhotos, photoLimitReached, type PhotoInfo, type PhotoList } from '@/utils/photos/schema';
import { consentItem, consentSchema, modelCategoryItem, type Consent } from '@/utils/storage';

export interface PhotoLibrary {
  /** The saved photos, oldest first; undefined while loading. */
  photos: PhotoInfo[] | undefined;
  /** The saved photo try-ons use unless the shopper picks another; null when there is none. */
  chosenId: string | null;
  /** Undefined while loading. */
  consent: Consent | undefined;
  /** The try-on service's predefined models, by category. */
  categories: ModelCategory[];
  /** The category the shopper looked at last (may be one the service no longer lists). */
  category: string | null;
  /** Host of the try-on service the photo would go to, from the settings. */
  apiHost: string;
  busy: boolean;
  error: AppErrorData | null;
  /** Keeps a file (picked, dropped or pasted) as a new photo; resolves to it, or null when it was not kept. */
  add(file: File): Promise<PhotoInfo | null>;
  /** Deletes a photo here and on the service; resolves to whether it was deleted. */
  remove(id: string): Promise<boolean>;
  /** Makes a saved photo the one try-ons use next time too. */
  choose(id: string): Promise<void>;
  setCategory(category: string): void;
  setConsent(accepted: boolean): Promise<void>;
}

/** The shopper's photos, their consent to upload them, and the service's predefined models. */
export function usePhoto(): PhotoLibrary {
  const settings = useSettings();
  const [library, setLibrary] = useState<PhotoList | undefined>(undefined);
  const [consent, setConsentState] = useState<Consent | undefined>(undefined);
  const [categories, setCategories] = useState<ModelCategory[]>([]);
  const [category, setCategoryState] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppErrorData | null>(null);

  useEffect(() => {
    let alive = true;
    const takeConsent = (value: unknown) => alive && setConsentState(consentSchema.safeParse(value).data ?? null);
    consentItem.getValue().then(takeConsent);
    const unwatch = consentItem.watch(takeConsent);
    modelCategoryItem.getValue().then((value) => alive && typeof value === 'string' && setCategoryState((shown) => shown ?? value));
    sendMessage('photo.list', {})
      .then((reply) => alive && setLibrary(reply.library))
      .catch((cause) => {
        if (!alive) return;
        setLibrary({ photos: [], chosenId: null });
        setError(toAppError(cause).toJSON());
      });
    // Another page (the popup, the options, another panel) saved, chose or deleted a photo, or deleted all data.
    const unlisten = onEvent('photos.changed', () => {
      sendMessage('photo.list', {}).then((reply) => alive && setLibrary(reply.library), () => undefined);
    });
    sendMessage('models.list', {})
      .then((reply) => alive && setCategories(reply.categories.filter((group) => group.models.length > 0)))
      // Without models the shopper can still use their own photo; the list is an extra.
      .catch(() => alive && setCategories([]));
    return () => {
      alive = false;
      unwatch();
      unlisten();
    };
  }, []);

  const photos = library?.photos;

  const add = async (file: File) => {
    setError(null);
    // Dropped and pasted files reach here too: the same rules as the file field, which is closed without consent or when full.
    if (!consent) {
      setError(new AppError('consent_required', t('photo_consent_first')).toJSON());
      return null;
    }
    if ((photos?.length ?? 0) >= maxSavedPhotos) {
      setError(photoLimitReached().toJSON());
      return null;
    }
    setBusy(true);
    try {
      checkPhotoFile(file);
      const { photo } = await sendMessage('photo.save', { dataUrl: await readAsDataUrl(file) });
      setLibrary((await sendMessage('photo.list', {})).library);
      return photo;
    } catch (cause) {
      setError(toAppError(cause, 'photo_unreadable').toJSON());
      return null;
    } finally {
      setBusy(false);
    }
  };

  const remove = async (id: string) => {
    setError(null);
    try {
      await sendMessage('photo.delete', { id });
      return true;
    } catch (cause) {
      setError(toAppError(cause).toJSON());
      return false;
    } finally {
      // Removed here even when the service's copy could not be deleted yet.
      await sendMessage('photo.list', {}).then((reply) => setLibrary(reply.library), () => undefined);
    }
  };

  const choose = async (id: string) => {
    try {
      setLibrary((await sendMessage('photo.choose', { id })).library);
    } catch (cause) {
      setError(toAppError(cause).toJSON());
    }
  };

  const setCategory = (value: string) => {
    setCategoryState(value);
    // Remembering the tab is a convenience: a failure leaves the shopper where they are.
    sendMessage('models.setCategory', { category: value }).catch(() => undefined);
  };

  const setConsent = async (accepted: boolean) => {
    try {
      setConsentState((await sendMessage('consent.set', { accepted })).consent);
    } catch (cause) {
      setError(toAppError(cause).toJSON());
    }
  };

  return {
    photos,
    chosenId: library?.chosenId ?? null,
    consent,
    categories,
    category,
    apiHost: hostOf(settings?.apiBaseUrl ?? ''),
    busy,
    error,
    add,
    remove,
    choose,
    setCategory,
    setConsent,
  };
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return '';
  }
}
