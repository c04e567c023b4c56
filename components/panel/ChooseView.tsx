import type { ComponentChildren } from 'preact';
import { OutfitList } from '@/components/panel/OutfitList';
import { t } from '@/utils/i18n';
import type { TryOnItem } from '@/utils/product';

export interface ChooseViewProps {
  /** The outfit's other items this try-on will dress too. */
  others: TryOnItem[];
  limit: number;
  onRemove(skuId: string): void;
  /** The photo picker. */
  children: ComponentChildren;
}

/** Before a try-on: the outfit so far and the photo to use (the button that starts it is StartActions). */
export function ChooseView({ others, limit, onRemove, children }: ChooseViewProps) {
  return (
    <>
      <OutfitList items={others} limit={limit} onRemove={onRemove} />
      {children}
    </>
  );
}

export interface StartActionsProps {
  /** How many items the outfit adds to this try-on (for the button's label). */
  others: number;
  /** Whether a photo is chosen, so the try-on can start. */
  ready: boolean;
  /** The catalog check has not cleared the item yet (checking, preparing, failed). */
  waiting?: boolean;
  onStart(): void;
}

/**
 * The button that starts the try-on, drawn in the panel's footer: whatever arrives above it (the
 * saved photo, the consent notice, the models list) neither moves it out of view nor re-arms it.
 */
export function StartActions({ others, ready, waiting = false, onStart }: StartActionsProps) {
  return (
    <div class="actions actions--main">
      <button type="button" class="primary" data-gated="start" disabled={!ready || waiting} onClick={onStart}>
        {others > 0 ? t('panel_start_outfit', String(others + 1)) : t('panel_start')}
      </button>
      {!ready && <p class="hint">{t('panel_choose_first')}</p>}
    </div>
  );
}
