import { useId, useState } from 'preact/hooks';
import { t } from '@/utils/i18n';

export interface ManualSkuFormProps {
  /**
   * Why the form is shown: no code was found, the service did not know the found one, or the
   * catalog check found none of the page's codes (`tried`).
   */
  reason: 'not_found' | 'unknown' | 'not_available';
  tried?: string[];
  initial?: string;
  onSubmit(skuId: string): void;
}

const MAX_SKU = 128;

/** Lets the shopper type the product code when the page did not reveal a usable one. */
const why = { not_found: 'panel_sku_not_found', unknown: 'panel_sku_unknown', not_available: 'panel_sku_not_available' } as const;

export function ManualSkuForm({ reason, tried = [], initial = '', onSubmit }: ManualSkuFormProps) {
  const id = useId();
  const [value, setValue] = useState(initial);
  const [problem, setProblem] = useState(false);
  const submit = (event: Event) => {
    event.preventDefault();
    const sku = value.trim();
    if (sku === '' || sku.length > MAX_SKU) {
      setProblem(true);
      return;
    }
    onSubmit(sku);
  };
  return (
    <form class="manual-sku" onSubmit={submit} noValidate>
      <p id={`${id}-why`} role={reason === 'not_available' ? 'status' : undefined}>
        {t(why[reason])}
      </p>
      {tried.length > 0 && (
        <p class="hint" data-testid="sku-tried">
          {t('panel_sku_tried', tried.join(', '))}
        </p>
      )}
      <label for={`${id}-sku`}>{t('panel_sku_label')}</label>
      <input
        id={`${id}-sku`}
        name="sku"
        type="text"
        autoComplete="off"
        spellcheck={false}
        maxLength={MAX_SKU}
        value={value}
        aria-describedby={problem ? `${id}-why ${id}-problem` : `${id}-why`}
        aria-invalid={problem}
        onInput={(event) => {
          setValue(event.currentTarget.value);
          setProblem(false);
        }}
      />
      {problem && (
        <p id={`${id}-problem`} class="field-problem" role="alert">
          {t('panel_sku_problem')}
        </p>
      )}
      <button type="submit" class="primary">
        {t('panel_sku_submit')}
      </button>
    </form>
  );
}
