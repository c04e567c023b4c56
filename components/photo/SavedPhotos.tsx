import { useId } from 'preact/hooks';
import { t } from '@/utils/i18n';
import type { PhotoInfo } from '@/utils/photos/schema';

export interface SavedPhotosProps {
  photos: PhotoInfo[];
  /** The saved photo shown as selected, if one is. */
  selectedId: string | null;
  /** Without consent the shopper's own photos cannot be chosen (they would have to be uploaded). */
  disabled: boolean;
  onChoose(photo: PhotoInfo): void;
  onDelete(photo: PhotoInfo): void;
}

/** The shopper's saved photos as radio cards with their thumbnails, each with its own delete button. */
export function SavedPhotos({ photos, selectedId, disabled, onChoose, onDelete }: SavedPhotosProps) {
  const id = useId();
  if (!photos.length) return null;
  return (
    <div class="photo-picker__options saved-photos" role="radiogroup" aria-label={t('photo_choices')}>
      {photos.map((photo, index) => {
        const name = t('photo_saved_numbered', String(index + 1));
        return (
          <div class="saved-photos__card" key={photo.id} data-photo-id={photo.id}>
            <label class="photo-picker__option" data-gated="choose">
              <input type="radio" name={`${id}-saved`} checked={selectedId === photo.id} disabled={disabled} onChange={() => onChoose(photo)} />
              <img src={photo.thumbnail} alt="" class="photo-picker__thumb" />
              <span>{name}</span>
            </label>
            <button type="button" class="photo-picker__delete" data-gated="delete_photo" aria-label={t('photo_delete_numbered', String(index + 1))} onClick={() => onDelete(photo)}>
              {t('photo_delete_short')}
            </button>
          </div>
        );
      })}
    </div>
  );
}
