import { useId, useRef } from 'preact/hooks';
import type { ModelCategory } from '@/utils/aiuta/models';
import { t, tOr } from '@/utils/i18n';

export interface ModelTabsProps {
  categories: ModelCategory[];
  /** The category to show; the first one when it is not listed (or not known yet). */
  category: string | null;
  /** The chosen model's image id, if a model is chosen. */
  chosenId: string | null;
  onCategory(category: string): void;
  onChoose(model: { id: string; url: string }): void;
}

const categoryName = (category: string) => tOr(`photo_category_${category}`, category);

/**
 * The try-on service's predefined models, one tab per category (the ARIA tabs pattern: arrow keys,
 * Home and End move between tabs and show them), the models of the shown one as radio cards.
 */
export function ModelTabs({ categories, category, chosenId, onCategory, onChoose }: ModelTabsProps) {
  const id = useId();
  const tabs = useRef<(HTMLButtonElement | null)[]>([]);
  if (!categories.length) return null;
  const shownIndex = Math.max(0, categories.findIndex((group) => group.category === category));
  const shown = categories[shownIndex]!;
  const tabId = (index: number) => `${id}-tab-${index}`;
  const panelId = `${id}-panel`;

  const onKeyDown = (event: KeyboardEvent) => {
    const last = categories.length - 1;
    const next = { ArrowRight: shownIndex + 1, ArrowLeft: shownIndex - 1, Home: 0, End: last }[event.key];
    if (next === undefined) return;
    event.preventDefault();
    const index = next < 0 ? last : next > last ? 0 : next;
    onCategory(categories[index]!.category);
    tabs.current[index]?.focus();
  };

  return (
    <div class="model-tabs">
      <div role="tablist" aria-label={t('photo_models')} class="model-tabs__list" onKeyDown={onKeyDown}>
        {categories.map((group, index) => (
          <button
            key={group.category}
            ref={(element) => {
              tabs.current[index] = element;
            }}
            type="button"
            role="tab"
            id={tabId(index)}
            class="model-tabs__tab"
            aria-selected={index === shownIndex}
            aria-controls={panelId}
            tabIndex={index === shownIndex ? 0 : -1}
            onClick={() => onCategory(group.category)}
          >
            {categoryName(group.category)}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={panelId} aria-labelledby={tabId(shownIndex)} class="model-tabs__panel">
        <div class="photo-picker__options" role="radiogroup" aria-label={t('photo_models_of', categoryName(shown.category))}>
          {shown.models.map((model, index) => (
            <label class="photo-picker__option" data-gated="choose" key={model.id}>
              <input type="radio" name={`${id}-model`} checked={chosenId === model.id} onChange={() => onChoose(model)} />
              <img src={model.url} alt="" class="photo-picker__thumb" loading="lazy" />
              <span>{t('photo_model', [categoryName(shown.category), String(index + 1)])}</span>
            </label>
          ))}
        </div>
      </div>
    </div>
  );
}
