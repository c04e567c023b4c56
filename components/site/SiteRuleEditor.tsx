import { useEffect, useId, useMemo, useRef, useState } from 'preact/hooks';
import { Field } from '@/components/settings/Field';
import { sourceLabel } from '@/components/site/DetectionSummary';
import { skuSource } from '@/components/site/current-tab';
import type { SiteRule } from '@/utils/detect/site-rule';
import { toAppError } from '@/utils/errors';
import { t } from '@/utils/i18n';
import type { Product } from '@/utils/product';
import type { FieldErrors } from '@/utils/settings/form';
import {
  browserSelectorCheck,
  knownIdKinds,
  toSiteRuleFormInput,
  validateSiteRuleForm,
  type SiteRuleFormField,
  type SiteRuleFormInput,
} from '@/utils/settings/site-rule-form';

export interface SiteRuleEditorProps {
  /** The site the rule is for (prefilled; editable only where no page fixes it). */
  host: string;
  rule?: SiteRule;
  /** What the open store page yields with a rule being edited; without it there is no preview. */
  preview?(rule: SiteRule): Promise<Product | null>;
  onSave(rule: SiteRule): Promise<void>;
  onRemove(host: string): Promise<void>;
  /** Id kinds the page offers, added to the choices. */
  pageIdKinds?: readonly string[];
  hostEditable?: boolean;
  onDone?(): void;
}

type Preview = { kind: 'none' } | { kind: 'waiting' } | { kind: 'found'; product: Product | null } | { kind: 'failed'; message: string };
type SaveState = 'idle' | 'saved' | 'removed' | { failed: string };

const PREVIEW_DELAY_MS = 250;

/** A per-site rule: catalog name, preferred id kind, selector and/or regex, with a live preview. */
export function SiteRuleEditor({ host, rule, preview: previewRule, onSave, onRemove, pageIdKinds = [], hostEditable = false, onDone }: SiteRuleEditorProps) {
  const id = useId();
  const [input, setInput] = useState<SiteRuleFormInput>(() => toSiteRuleFormInput(rule, host));
  const [errors, setErrors] = useState<FieldErrors<SiteRuleFormField>>({});
  const [preview, setPreview] = useState<Preview>({ kind: 'none' });
  const [save, setSave] = useState<SaveState>('idle');
  const isSelector = useMemo(() => browserSelectorCheck(document), []);

  // Settings arrive as a new object on every storage change (the site switch, a save elsewhere):
  // re-seed the form only when this rule's content really changed, so unsaved typing survives.
  const ruleKey = JSON.stringify(rule ?? null);
  useEffect(() => setInput(toSiteRuleFormInput(rule, host)), [ruleKey, host]);

  // Live preview: ask the page what this rule yields, a moment after the typing stops. The function
  // may be a new one on every render of the parent; only whether there is one matters here.
  const previewRef = useRef(previewRule);
  previewRef.current = previewRule;
  const canPreview = Boolean(previewRule);
  useEffect(() => {
    const ask = previewRef.current;
    if (!ask) return;
    const result = validateSiteRuleForm(input, isSelector);
    if (!result.ok) {
      setPreview({ kind: 'none' });
      return;
    }
    let current = true;
    setPreview({ kind: 'waiting' });
    const timer = setTimeout(() => {
      ask(result.rule)
        .then((product) => current && setPreview({ kind: 'found', product }))
        .catch((cause) => current && setPreview({ kind: 'failed', message: toAppError(cause).message }));
    }, PREVIEW_DELAY_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [canPreview, input, isSelector]);

  const change = (field: SiteRuleFormField, value: string) => {
    const next = { ...input, [field]: value };
    setInput(next);
    setSave('idle');
    if (Object.keys(errors).length > 0) {
      const result = validateSiteRuleForm(next, isSelector);
      setErrors(result.ok ? {} : result.errors);
    }
  };

  const submit = async () => {
    const result = validateSiteRuleForm(input, isSelector);
    if (!result.ok) return setErrors(result.errors);
    setErrors({});
    try {
      await onSave(result.rule);
      setSave('saved');
      onDone?.();
    } catch (cause) {
      setSave({ failed: toAppError(cause).message });
    }
  };

  const remove = async () => {
    try {
      await onRemove(rule?.host ?? input.host);
      setInput(toSiteRuleFormInput(undefined, host));
      setSave('removed');
      onDone?.();
    } catch (cause) {
      setSave({ failed: toAppError(cause).message });
    }
  };

  const message = (field: SiteRuleFormField) => (errors[field] ? t(errors[field]) : undefined);
  const kinds = [...new Set([...knownIdKinds, ...pageIdKinds, ...(input.idKind ? [input.idKind] : [])])];

  return (
    <form
      class="site-rule"
      noValidate
      aria-label={t('site_rule_for', input.host || host)}
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      {hostEditable && (
        <Field label={t('site_rule_host')} value={input.host} error={message('host')} hint={t('site_rule_host_hint')} onInput={(value) => change('host', value)} />
      )}
      <Field
        label={t('site_rule_catalog_name')}
        value={input.skuCatalogName}
        error={message('skuCatalogName')}
        hint={t('site_rule_catalog_name_hint')}
        placeholder="main"
        mono
        onInput={(value) => change('skuCatalogName', value)}
      />
      <div class="field">
        <label for={`${id}-kind`}>{t('site_rule_id_kind')}</label>
        <select id={`${id}-kind`} value={input.idKind} onChange={(event) => change('idKind', event.currentTarget.value)}>
          <option value="">{t('site_rule_id_kind_auto')}</option>
          {kinds.map((kind) => (
            <option key={kind} value={kind}>
              {kind}
            </option>
          ))}
        </select>
        {errors.idKind && <p class="field__error">{t(errors.idKind)}</p>}
      </div>
      <Field
        label={t('site_rule_selector')}
        value={input.selector}
        error={message('selector')}
        hint={t('site_rule_selector_hint')}
        placeholder="[itemprop=sku]"
        mono
        onInput={(value) => change('selector', value)}
      />
      <Field
        label={t('site_rule_regex')}
        value={input.regex}
        error={message('regex')}
        hint={t('site_rule_regex_hint')}
        placeholder="SKU:\s*(\S+)"
        mono
        onInput={(value) => change('regex', value)}
      />
      {canPreview && <RulePreview preview={preview} />}
      <div class="actions">
        <button type="submit" class="primary">
          {t('site_rule_save')}
        </button>
        {rule && (
          <button type="button" onClick={remove}>
            {t('site_rule_remove')}
          </button>
        )}
        <p class="status" role="status">
          {save === 'saved' && t('site_rule_saved')}
          {save === 'removed' && t('site_rule_removed')}
          {typeof save === 'object' && save.failed}
        </p>
      </div>
    </form>
  );
}

function RulePreview({ preview }: { preview: Preview }) {
  return (
    <div class="preview" aria-live="polite" data-testid="rule-preview">
      <span class="preview__label">{t('site_preview')}</span>{' '}
      {preview.kind === 'none' && <span class="muted">{t('site_preview_none')}</span>}
      {preview.kind === 'waiting' && <span class="muted">{t('site_preview_waiting')}</span>}
      {preview.kind === 'failed' && <span class="muted">{t('site_preview_failed')}</span>}
      {preview.kind === 'found' &&
        (preview.product?.sku ? (
          <span>
            <strong class="mono" data-testid="preview-sku">
              {preview.product.sku}
            </strong>{' '}
            <span class="muted">({sourceLabel(skuSource(preview.product) ?? '?')})</span>
          </span>
        ) : (
          <span class="muted">{t('site_preview_nothing')}</span>
        ))}
    </div>
  );
}
