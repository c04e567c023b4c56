import type { ComponentChildren } from 'preact';
import { OutfitList } from '@/components/panel/OutfitList';
import { t } from '@/utils/i18n';
import type { TryOnItem } from '@/utils/product';

export interface ChooseViewProps {
  /** The outfit's other items this try-on will dress too. */
  others: TryOnItem[];
  limit: number;
  /** Whether a photo is chosen, so the try-on can start. */
  ready: boolean;
  /** The catalog check has not cleared the item yet (checking, preparing, failed). */
  waiting?: boolean;
  onRemove(skuId: string): void;
  onStart(): void;
  /** The photo picker. */
  children: ComponentChildren;
}

/** Before a try-on: the outfit so far, the photo to use, and the button that starts it. */
export function ChooseView({ others, limit, ready, waiting = false, onRemove, onStart, children }: ChooseViewProps) {
  return (
    <>
      <OutfitList items={others} limit={limit} onRemove={onRemove} />
      {children}
      <div class="actions actions--main">
        <button type="button" class="primary" data-gated="start" disabled={!ready || waiting} onClick={onStart}>
          {others.length > 0 ? t('panel_start_outfit', String(others.length + 1)) : t('panel_start')}
        </button>
        {!ready && <p class="hint">{t('panel_choose_first')}</p>}
      </div>
    </>
  );
}
