import { useEffect, useId, useState } from 'preact/hooks';
import type { TargetedEvent } from 'preact';
import { ErrorNotice } from '@/components/ErrorNotice';
import { ConsentNotice } from '@/components/photo/ConsentNotice';
import { PhotoGuide } from '@/components/photo/PhotoGuide';
import type { PhotoLibrary } from '@/components/photo/use-photo';
import { t, tOr } from '@/utils/i18n';
import type { PhotoChoice } from '@/utils/jobs/schema';
import './photo-picker.css';

export interface PhotoChoiceProps {
  /**
   * The shopper picked the photo to try on with (their saved photo or a predefined model), or `null`
   * when the chosen saved photo can no longer be used (consent withdrawn or photo deleted).
   */
  onChosen?(choice: PhotoChoice | null): void;
  /** The choice to show as selected at first (e.g. when the shopper comes back to try again). */
  value?: PhotoChoice | null;
  /** Select the saved photo by itself when there is one and the shopper agreed to uploads. */
  preferSaved?: boolean;
}

export interface PhotoPickerProps extends PhotoChoiceProps {
  library: PhotoLibrary;
}

const SAVED = 'saved';

/**
 * Where the shopper's photo comes from: their saved photo, a new upload (only after they agreed to
 * it), or one of the try-on service's predefined models, which needs no upload of their own.
 */
export function PhotoPicker({ library, onChosen, value = null, preferSaved = false }: PhotoPickerProps) {
  const id = useId();
  const { photo, consent, models, apiHost, busy, error } = library;
  const [selected, setSelected] = useState<string | null>(value ? choiceKey(value) : null);

  const choose = (key: string, choice: PhotoChoice) => {
    setSelected(key);
    onChosen?.(choice);
  };

  // The saved photo stops being usable: whoever holds the choice must not start a try-on with it.
  const dropSaved = () => {
    if (selected !== SAVED) return;
    setSelected(null);
    onChosen?.(null);
  };

  useEffect(() => {
    if (preferSaved && photo && consent && selected === null) choose(SAVED, { kind: 'saved' });
  }, [preferSaved, photo, consent]);

  const agree = async (accepted: boolean) => {
    await library.setConsent(accepted);
    if (!accepted) dropSaved();
  };

  const upload = async (event: TargetedEvent<HTMLInputElement>) => {
    const input = event.currentTarget;
    const file = input.files?.[0];
    if (!file) return;
    const saved = await library.upload(file);
    input.value = '';
    if (saved) choose(SAVED, { kind: 'saved' });
  };

  const remove = async () => {
    if (await library.remove()) dropSaved();
  };

  const agreed = Boolean(consent);
  const fileId = `${id}-file`;
  const hintId = `${id}-hint`;

  return (
    <section class="photo-picker" aria-labelledby={`${id}-title`} aria-busy={busy}>
      <h2 id={`${id}-title`} class="photo-picker__title">
        {t('photo_title')}
      </h2>
      {consent !== undefined && <ConsentNotice consent={consent} apiHost={apiHost} onChange={agree} />}

      <div class="photo-picker__options" role="radiogroup" aria-label={t('photo_choices')}>
        {photo && (
          <label class="photo-picker__option" data-gated="choose">
            <input
              type="radio"
              name={`${id}-choice`}
              checked={selected === SAVED}
              disabled={!agreed}
              onChange={() => choose(SAVED, { kind: 'saved' })}
            />
            <img src={photo.thumbnail} alt="" class="photo-picker__thumb" />
            <span>{t('photo_saved')}</span>
          </label>
        )}
        {models.map((model, index) => (
          <label class="photo-picker__option" data-gated="choose" key={model.id}>
            <input
              type="radio"
              name={`${id}-choice`}
              checked={selected === `model:${model.id}`}
              onChange={() => choose(choiceKey({ kind: 'model', imageId: model.id }), { kind: 'model', imageId: model.id, url: model.url })}
            />
            <img src={model.url} alt="" class="photo-picker__thumb" loading="lazy" />
            <span>{t('photo_model', [tOr(`photo_category_${model.category}`, model.category), String(index + 1)])}</span>
          </label>
        ))}
      </div>

      {photo !== undefined && <PhotoGuide firstTime={photo === null} />}
      <div class="photo-picker__upload" data-gated="upload">
        <label for={fileId}>{t('photo_file_label')}</label>
        <input
          id={fileId}
          type="file"
          accept="image/jpeg,image/png,image/webp,image/heic,image/heif,.heic,.heif"
          aria-describedby={hintId}
          disabled={!agreed || busy}
          onChange={upload}
        />
        <p id={hintId} class="photo-picker__hint">
          {busy ? t('photo_saving') : agreed ? t('photo_file_hint') : t('photo_consent_first')}
        </p>
        {photo && (
          <button type="button" class="photo-picker__delete" data-gated="delete_photo" onClick={remove}>
            {t('photo_delete')}
          </button>
        )}
      </div>
      {error && <ErrorNotice error={error} />}
    </section>
  );
}

function choiceKey(choice: PhotoChoice): string {
  return choice.kind === 'saved' ? SAVED : `model:${choice.imageId}`;
}
