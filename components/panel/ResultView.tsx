import { useState } from 'preact/hooks';
import { t } from '@/utils/i18n';
import { CompareSlider } from './CompareSlider';

export interface ResultImage {
  id: string;
  url: string;
}

export interface ResultViewProps {
  images: ResultImage[];
  /** The photo the result was made from, when the panel has it. */
  before?: string;
  /** What was tried on, in the store's words, for the alt text and the file name. */
  itemNames: string[];
  /** Set when this product can still go into the outfit; its sentence says why not otherwise. */
  outfitNote?: string;
  canAddToOutfit: boolean;
  onTryAgain(): void;
  onAddToOutfit(): void;
  onDownload(image: ResultImage): void;
}

/** The shopper wearing the item: compare with the photo, download, try again, or build an outfit. */
export function ResultView({ images, before, itemNames, outfitNote, canAddToOutfit, onTryAgain, onAddToOutfit, onDownload }: ResultViewProps) {
  const [index, setIndex] = useState(0);
  const [comparing, setComparing] = useState(false);
  const image = images[index] ?? images[0];
  if (!image) return null;
  const alt = t('panel_result_alt', itemNames.join(', '));
  return (
    <section class="result" aria-labelledby="result-title">
      <h2 id="result-title" class="section-title">
        {t('panel_result_title')}
      </h2>
      {comparing && before ? (
        <CompareSlider before={before} after={image.url} afterAlt={alt} />
      ) : (
        <img class="result__image" src={image.url} alt={alt} />
      )}
      {images.length > 1 && (
        <div class="result__thumbs" role="group" aria-label={t('panel_result_more')}>
          {images.map((other, position) => (
            <button type="button" key={other.id} class="thumb-button" aria-pressed={position === index} onClick={() => setIndex(position)}>
              <img src={other.url} alt={t('panel_result_number', String(position + 1))} />
            </button>
          ))}
        </div>
      )}
      <div class="actions">
        {before && (
          <button type="button" aria-pressed={comparing} onClick={() => setComparing(!comparing)}>
            {t('panel_compare_toggle')}
          </button>
        )}
        <button type="button" onClick={() => onDownload(image)}>
          {t('panel_download')}
        </button>
        <button type="button" onClick={onTryAgain}>
          {t('panel_try_again')}
        </button>
        <button type="button" onClick={onAddToOutfit} disabled={!canAddToOutfit}>
          {t('panel_add_to_outfit')}
        </button>
      </div>
      {outfitNote && (
        <p class="hint" role="status">
          {outfitNote}
        </p>
      )}
    </section>
  );
}
