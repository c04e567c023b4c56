import { useEffect, useId, useRef, useState } from 'preact/hooks';
import { ErrorNotice } from '@/components/ErrorNotice';
import { AddPhoto } from '@/components/photo/AddPhoto';
import { ConsentNotice } from '@/components/photo/ConsentNotice';
import { ModelTabs } from '@/components/photo/ModelTabs';
import { PhotoGuide } from '@/components/photo/PhotoGuide';
import { SavedPhotos } from '@/components/photo/SavedPhotos';
import { imageFileOf } from '@/components/photo/photo-file';
import type { PhotoLibrary } from '@/components/photo/use-photo';
import { useFocusAfterDelete } from '@/components/use-focus-after-delete';
import { t } from '@/utils/i18n';
import type { PhotoChoice } from '@/utils/jobs/schema';
import { maxSavedPhotos } from '@/utils/photos/schema';
import './photo-picker.css';

export interface PhotoChoiceProps {
  /**
   * The shopper picked the photo to try on with (one of their saved photos or a predefined model), or
   * `null` when the chosen saved photo can no longer be used (consent withdrawn or photo deleted).
   */
  onChosen?(choice: PhotoChoice | null): void;
  /** The choice to show as selected at first (e.g. when the shopper comes back to try again). */
  value?: PhotoChoice | null;
  /** Select the chosen saved photo by itself when there is one and the shopper agreed to uploads. */
  preferSaved?: boolean;
  /**
   * Says a sentence (a photo was deleted) in the page's polite status region, for a page that has
   * one (the panel); without it the picker shows its own.
   */
  announce?(text: string): void;
}

export interface PhotoPickerProps extends PhotoChoiceProps {
  library: PhotoLibrary;
}

type Selected = { kind: 'saved'; id: string } | { kind: 'model'; id: string } | null;

const selectedOf = (choice: PhotoChoice | null): Selected =>
  !choice ? null : choice.kind === 'model' ? { kind: 'model', id: choice.imageId } : choice.photoId ? { kind: 'saved', id: choice.photoId } : null;

/**
 * Where the shopper's photo comes from: one of their saved photos (up to five; a new one by file,
 * drag and drop, or paste, only after they agreed to uploads), or one of the try-on service's
 * predefined models, by category, which needs no upload of their own.
 */
export function PhotoPicker({ library, onChosen, value = null, preferSaved = false, announce }: PhotoPickerProps) {
  const id = useId();
  const section = useRef<HTMLElement>(null);
  const [status, setStatus] = useState<string | null>(null);
  const { photos, chosenId, consent, categories, category, apiHost, busy, error } = library;
  const [selected, setSelected] = useState<Selected>(selectedOf(value));
  const [dragging, setDragging] = useState(false);
  const agreed = Boolean(consent);
  const full = (photos?.length ?? 0) >= maxSavedPhotos;

  const select = (next: Selected, choice: PhotoChoice | null) => {
    setSelected(next);
    onChosen?.(choice);
  };
  const chooseSaved = (photoId: string) => {
    select({ kind: 'saved', id: photoId }, { kind: 'saved', photoId });
    void library.choose(photoId);
  };

  useEffect(() => {
    if (preferSaved && chosenId && consent && selected === null) select({ kind: 'saved', id: chosenId }, { kind: 'saved', photoId: chosenId });
  }, [preferSaved, chosenId, consent]);

  // A photo saved before this picker knew photo ids: show the chosen one as selected.
  useEffect(() => {
    if (value?.kind === 'saved' && !value.photoId && chosenId && selected === null) setSelected({ kind: 'saved', id: chosenId });
  }, [chosenId]);

  // Consent withdrawn or the photo deleted elsewhere (another page, "Delete all my data"): the saved photo cannot be used.
  useEffect(() => {
    if (selected?.kind !== 'saved') return;
    if (consent === null || (photos !== undefined && !photos.some((photo) => photo.id === selected.id))) select(null, null);
  }, [consent, photos]);

  const agree = async (accepted: boolean) => {
    await library.setConsent(accepted);
    if (!accepted && selected?.kind === 'saved') select(null, null);
  };

  // Saving a photo makes it the chosen one in the store already: only the picker's selection follows.
  const add = async (file: File) => {
    const saved = await library.add(file);
    if (saved) select({ kind: 'saved', id: saved.id }, { kind: 'saved', photoId: saved.id });
  };
  const addLatest = useRef(add);
  addLatest.current = add;

  // After a delete, focus stays among the Delete buttons; with no saved photo left, it goes to the
  // field that adds one (to the title while that is closed).
  const place = useFocusAfterDelete(
    () => [...(section.current?.querySelectorAll<HTMLElement>('.saved-photos__card .photo-picker__delete') ?? [])],
    () => {
      const file = section.current?.querySelector<HTMLInputElement>('.photo-picker__upload input[type="file"]');
      return file && !file.disabled ? file : section.current?.querySelector<HTMLElement>('.photo-picker__title');
    },
  );

  const remove = async (photoId: string) => {
    const index = photos?.findIndex((photo) => photo.id === photoId) ?? -1;
    const card = [...(section.current?.querySelectorAll('.saved-photos__card') ?? [])].find((element) => element.getAttribute('data-photo-id') === photoId);
    // A delete caused elsewhere (another page) never moves focus: only one from this photo's card.
    const held = place.holds(card);
    const deleted = await library.remove(photoId);
    if (deleted && selected?.kind === 'saved' && selected.id === photoId) select(null, null);
    if (deleted) (announce ?? setStatus)(t('photo_deleted_numbered', String(index + 1)));
    if (held) place.restore(Math.max(index, 0));
  };

  // Ctrl+V of an image while this page has focus adds it like a picked file.
  useEffect(() => {
    const onPaste = (event: ClipboardEvent) => {
      const file = imageFileOf(event.clipboardData);
      if (!file) return;
      event.preventDefault();
      void addLatest.current(file);
    };
    document.addEventListener('paste', onPaste);
    return () => document.removeEventListener('paste', onPaste);
  }, []);

  const onDragOver = (event: DragEvent) => {
    if (![...(event.dataTransfer?.types ?? [])].includes('Files')) return;
    event.preventDefault();
    setDragging(true);
  };
  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    const file = imageFileOf(event.dataTransfer);
    if (file) void add(file);
  };

  return (
    <section
      ref={section}
      class="photo-picker"
      data-dragging={dragging ? 'yes' : undefined}
      aria-labelledby={`${id}-title`}
      aria-busy={busy}
      onDragOver={onDragOver}
      onDragLeave={() => setDragging(false)}
      onDrop={onDrop}
    >
      <h2 id={`${id}-title`} class="photo-picker__title" tabIndex={-1}>
        {t('photo_title')}
      </h2>
      {consent !== undefined && <ConsentNotice consent={consent} apiHost={apiHost} onChange={agree} />}
      <SavedPhotos
        photos={photos ?? []}
        selectedId={selected?.kind === 'saved' ? selected.id : null}
        disabled={!agreed}
        onChoose={(photo) => chooseSaved(photo.id)}
        onDelete={(photo) => void remove(photo.id)}
      />
      <ModelTabs
        categories={categories}
        category={category}
        chosenId={selected?.kind === 'model' ? selected.id : null}
        onCategory={library.setCategory}
        onChoose={(model) => select({ kind: 'model', id: model.id }, { kind: 'model', imageId: model.id, url: model.url })}
      />
      {photos !== undefined && <PhotoGuide firstTime={photos.length === 0} />}
      <AddPhoto agreed={agreed} busy={busy} full={full} onFile={(file) => void add(file)} />
      {error && <ErrorNotice error={error} />}
      {!announce && (
        <p class="photo-picker__status" role="status">
          {status}
        </p>
      )}
    </section>
  );
}
