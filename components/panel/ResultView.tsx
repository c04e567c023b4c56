import { useState } from 'preact/hooks';
import { t } from '@/utils/i18n';
import type { ShareOutcome } from '@/utils/share-image';
import { CompareSlider } from './CompareSlider';
import { ImageViewer, useImageViewer } from './ImageViewer';

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
  /** Shares the picture (or copies it); rejects when neither worked. */
  onShare(image: ResultImage): Promise<ShareOutcome>;
  /** The result is from before this panel opened (the history), not a try-on just made. */
  earlier?: boolean;
}

/**
 * The shopper wearing the item: compare with the photo, see it at full size, share or download it,
 * try again, or build an outfit. A sentence under the picture says what it can and cannot tell.
 */
export function ResultView({ images, before, itemNames, outfitNote, canAddToOutfit, onTryAgain, onAddToOutfit, onDownload, onShare, earlier = false }: ResultViewProps) {
  const [index, setIndex] = useState(0);
  const [comparing, setComparing] = useState(false);
  const [shareNote, setShareNote] = useState<string>();
  const viewer = useImageViewer();
  const image = images[index] ?? images[0];
  if (!image) return null;
  const alt = t('panel_result_alt', itemNames.join(', '));
  const share = () => {
    setShareNote(undefined);
    onShare(image).then(
      (outcome) => setShareNote(outcome === 'copied' ? t('panel_share_copied') : undefined),
      () => setShareNote(t('panel_share_failed')),
    );
  };
  return (
    <section class="result" aria-labelledby="result-title" data-earlier={earlier ? 'yes' : undefined}>
      <h2 id="result-title" class="section-title">
        {t('panel_result_title')}
      </h2>
      {comparing && before ? (
        <CompareSlider before={before} after={image.url} afterAlt={alt} />
      ) : (
        <img
          class="result__image"
          src={image.url}
          alt={alt}
          tabIndex={0}
          onClick={viewer.show}
          onKeyDown={(event) => event.key === 'Enter' && viewer.show()}
        />
      )}
      <p class="result__disclaimer">{t('panel_fit_disclaimer')}</p>
      {earlier && <p class="hint">{t('panel_result_earlier')}</p>}
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
        <button type="button" aria-haspopup="dialog" onClick={viewer.show}>
          {t('panel_view_full')}
        </button>
        <button type="button" onClick={share}>
          {t('panel_share')}
        </button>
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
      {shareNote && (
        <p class="hint" role="status">
          {shareNote}
        </p>
      )}
      {viewer.open && <ImageViewer src={image.url} alt={t('panel_viewer_image_alt', itemNames.join(', '))} onClose={viewer.close} />}
      {outfitNote && (
        <p class="hint" role="status">
          {outfitNote}
        </p>
      )}
    </section>
  );
}
