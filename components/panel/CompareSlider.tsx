import { useId, useState } from 'preact/hooks';
import { t } from '@/utils/i18n';

export interface CompareSliderProps {
  before: string;
  after: string;
  /** Alt text of the result image; the photo before is decorative here (the shopper knows it). */
  afterAlt: string;
}

/** The result over the photo it came from; a range input (keyboard friendly) moves the divide. */
export function CompareSlider({ before, after, afterAlt }: CompareSliderProps) {
  const id = useId();
  const [split, setSplit] = useState(50);
  return (
    <div class="compare">
      <div class="compare__frame" style={{ '--split': `${split}%` }}>
        <img class="compare__after" src={after} alt={afterAlt} />
        <img class="compare__before" src={before} alt="" />
        <span class="compare__label compare__label--before" aria-hidden="true">
          {t('panel_compare_before')}
        </span>
        <span class="compare__label compare__label--after" aria-hidden="true">
          {t('panel_compare_after')}
        </span>
      </div>
      <label class="visually-hidden" for={`${id}-split`}>
        {t('panel_compare_label')}
      </label>
      <input
        id={`${id}-split`}
        class="compare__range"
        type="range"
        min={0}
        max={100}
        value={split}
        aria-valuetext={t('panel_compare_value', String(split))}
        onInput={(event) => setSplit(Number(event.currentTarget.value))}
      />
    </div>
  );
}
