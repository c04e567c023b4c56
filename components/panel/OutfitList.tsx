import { t } from '@/utils/i18n';
import type { TryOnItem } from '@/utils/product';

export interface OutfitListProps {
  /** Items set aside on other pages that this try-on will include. */
  items: TryOnItem[];
  limit: number;
  onRemove(skuId: string): void;
}

/** The other items the shopper will wear in this try-on, each removable. */
export function OutfitList({ items, limit, onRemove }: OutfitListProps) {
  if (items.length === 0) return null;
  return (
    <section class="outfit" aria-labelledby="outfit-title" id="outfit">
      <h2 id="outfit-title" class="section-title">
        {t('panel_outfit_title')}
      </h2>
      <p class="hint">{t('panel_outfit_hint', String(limit))}</p>
      <ul class="outfit__list">
        {items.map((item) => (
          <li key={item.skuId} class="outfit__item">
            {item.image && <img src={item.image} alt="" class="outfit__image" />}
            <span class="outfit__name">{item.name ?? item.skuId}</span>
            <button type="button" class="link-button" onClick={() => onRemove(item.skuId)} aria-label={t('panel_outfit_remove_named', item.name ?? item.skuId)}>
              {t('panel_outfit_remove')}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
