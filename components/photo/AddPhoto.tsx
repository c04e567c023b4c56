import { useId } from 'preact/hooks';
import type { TargetedEvent } from 'preact';
import { photoAccept } from '@/components/photo/photo-file';
import { t } from '@/utils/i18n';
import { maxSavedPhotos } from '@/utils/photos/schema';

export interface AddPhotoProps {
  agreed: boolean;
  busy: boolean;
  /** The shopper has as many photos as can be kept. */
  full: boolean;
  onFile(file: File): void;
}

/** The file field for a new photo; the hint under it also says it can be dropped or pasted. */
export function AddPhoto({ agreed, busy, full, onFile }: AddPhotoProps) {
  const id = useId();
  const fileId = `${id}-file`;
  const hintId = `${id}-hint`;
  const pick = (event: TargetedEvent<HTMLInputElement>) => {
    const input = event.currentTarget;
    const file = input.files?.[0];
    input.value = '';
    if (file) onFile(file);
  };
  const hint = busy ? t('photo_saving') : !agreed ? t('photo_consent_first') : full ? t('photo_full', String(maxSavedPhotos)) : t('photo_file_hint');
  return (
    <div class="photo-picker__upload" data-gated="upload">
      <label for={fileId}>{t('photo_file_label')}</label>
      <input id={fileId} type="file" accept={photoAccept} aria-describedby={hintId} disabled={!agreed || busy || full} onChange={pick} />
      <p id={hintId} class="photo-picker__hint">
        {hint}
        {agreed && !busy && !full && ` ${t('photo_drop_hint')}`}
      </p>
    </div>
  );
}
