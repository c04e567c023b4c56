import { useId, useState } from 'preact/hooks';
import { Field } from '@/components/settings/Field';
import { ConnectionTest, pointedField } from '@/components/settings/ConnectionTest';
import type { ConnectionTestState } from '@/components/settings/use-connection-test';
import { toAppError, type AppErrorData } from '@/utils/errors';
import { ErrorNotice } from '@/components/ErrorNotice';
import { t } from '@/utils/i18n';
import { apiFlavours, isAiutaUrl, type ApiFlavour } from '@/utils/aiuta/flavours';
import {
  baseUrlForFlavour,
  toSettingsFormInput,
  validateSettingsField,
  validateSettingsForm,
  type SettingsFormField,
  type SettingsFormValues,
} from '@/utils/settings/connection-form';
import type { FieldErrors } from '@/utils/settings/form';
import type { Settings } from '@/utils/settings/schema';

type FormInput = Record<SettingsFormField, string>;
type SaveState = { kind: 'idle' } | { kind: 'saving' } | { kind: 'saved' } | { kind: 'failed'; error: AppErrorData };

const flavourLabels: Record<ApiFlavour, 'settings_flavour_digital_try_on_v1' | 'settings_flavour_unified_v1'> = {
  'digital-try-on-v1': 'settings_flavour_digital_try_on_v1',
  'unified-v1': 'settings_flavour_unified_v1',
};

const hostOf = (value: string) => {
  try {
    return new URL(value.trim()).host;
  } catch {
    return value.trim();
  }
};

const sameInput = (a: FormInput, b: FormInput) => (Object.keys(a) as SettingsFormField[]).every((key) => a[key].trim() === b[key].trim());

export interface SettingsFormProps {
  /** The settings when the form opened; what the person types stays theirs until they save. */
  settings: Settings;
  /** Saves the connection settings; resolves with the settings as stored. */
  onSave(values: SettingsFormValues): Promise<Settings>;
  test: ConnectionTestState;
  /** Runs "Test connection" after `prepare` saved the form (null when a field must be fixed first). */
  onTest(prepare: () => Promise<SettingsFormValues | null>): void;
}

/**
 * The connection settings: subscription ID, token endpoint, API base URL, API flavour, the optional
 * catalog endpoint and the sandbox-only developer key. Used as is by the popup and the options page.
 */
export function SettingsForm({ settings, onSave, test, onTest }: SettingsFormProps) {
  const id = useId();
  const [input, setInput] = useState<FormInput>(() => toSettingsFormInput(settings));
  const [stored, setStored] = useState<FormInput>(() => toSettingsFormInput(settings));
  const [errors, setErrors] = useState<FieldErrors<SettingsFormField>>({});
  const [save, setSave] = useState<SaveState>({ kind: 'idle' });
  const pointedAt = pointedField(test);

  const change = (field: SettingsFormField, value: string) => {
    setInput({ ...input, [field]: value });
    setSave({ kind: 'idle' });
    // Once a field shows a problem, re-check it while typing so the message goes away when fixed.
    if (errors[field]) setErrors({ ...errors, [field]: validateSettingsField(field, value) });
  };

  const check = (field: SettingsFormField) => {
    if (input[field].trim() === '' && stored[field].trim() === '') return;
    setErrors({ ...errors, [field]: validateSettingsField(field, input[field]) });
  };

  const changeFlavour = (flavour: ApiFlavour) => {
    const from = input.apiFlavour as ApiFlavour;
    setInput({ ...input, apiFlavour: flavour, apiBaseUrl: baseUrlForFlavour(input.apiBaseUrl, from, flavour) });
    setSave({ kind: 'idle' });
  };

  /** Validates and stores the form; returns the saved values, or null when a field needs fixing. */
  const submit = async (): Promise<SettingsFormValues | null> => {
    const result = validateSettingsForm(input);
    if (!result.ok) {
      setErrors(result.errors);
      setSave({ kind: 'idle' });
      focusFirstProblem(id);
      return null;
    }
    setErrors({});
    setSave({ kind: 'saving' });
    try {
      const saved = await onSave(result.values);
      const savedInput = toSettingsFormInput(saved);
      setInput(savedInput);
      setStored(savedInput);
      setSave({ kind: 'saved' });
      return result.values;
    } catch (cause) {
      setSave({ kind: 'failed', error: toAppError(cause).toJSON() });
      return null;
    }
  };

  const message = (field: SettingsFormField) => (errors[field] ? t(errors[field]) : undefined);
  const dirty = !sameInput(input, stored);

  /** The three address fields share everything but their name, label, hint and example. */
  const addressField = (name: 'tokenEndpoint' | 'apiBaseUrl' | 'catalogEndpoint', label: string, hint: string, placeholder: string) => (
    <Field
      label={label}
      name={name}
      inputMode="url"
      placeholder={placeholder}
      value={input[name]}
      error={message(name)}
      hint={hint}
      highlighted={pointedAt === name}
      onInput={(value) => change(name, value)}
      onBlur={() => check(name)}
    />
  );

  return (
    <form
      id={id}
      class="settings-form"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      <Field
        label={t('settings_subscription_id')}
        name="subscriptionId"
        value={input.subscriptionId}
        error={message('subscriptionId')}
        hint={t('settings_subscription_id_hint')}
        highlighted={pointedAt === 'subscriptionId'}
        mono
        onInput={(value) => change('subscriptionId', value)}
        onBlur={() => check('subscriptionId')}
      />
      {addressField('tokenEndpoint', t('settings_token_endpoint'), t('settings_token_endpoint_hint'), 'https://shop.example/aiuta_jwt')}
      <fieldset class="choice">
        <legend>{t('settings_flavour')}</legend>
        {apiFlavours.map((flavour) => (
          <label key={flavour} class="choice__option">
            <input
              type="radio"
              name={`${id}-flavour`}
              value={flavour}
              checked={input.apiFlavour === flavour}
              onChange={() => changeFlavour(flavour)}
            />
            <span>{t(flavourLabels[flavour])}</span>
          </label>
        ))}
      </fieldset>
      {addressField('apiBaseUrl', t('settings_api_base_url'), t('settings_api_base_url_hint'), 'https://api.aiuta.com/digital-try-on/v1')}
      {input.apiBaseUrl.trim() && !message('apiBaseUrl') && !isAiutaUrl(input.apiBaseUrl) && (
        <p class="warning" role="note" data-warning="api-base-not-aiuta">
          {t('settings_api_base_not_aiuta', [hostOf(input.apiBaseUrl)])}
        </p>
      )}
      {addressField('catalogEndpoint', t('settings_catalog_endpoint'), t('settings_catalog_endpoint_hint'), 'https://shop.example/aiuta_sku')}
      <details class="developer" open={Boolean(input.developerApiKey) || Boolean(errors.developerApiKey)}>
        <summary>{t('settings_developer')}</summary>
        <p class="warning">{t('settings_developer_warning')}</p>
        <Field
          label={t('settings_developer_api_key')}
          name="developerApiKey"
          type="password"
          value={input.developerApiKey}
          error={message('developerApiKey')}
          hint={t('settings_developer_api_key_hint')}
          mono
          onInput={(value) => change('developerApiKey', value)}
          onBlur={() => check('developerApiKey')}
        />
      </details>
      <div class="actions">
        <button type="submit" class="primary" disabled={save.kind === 'saving'}>
          {t('settings_save')}
        </button>
        <p class="status" role="status">
          {save.kind === 'saved' && t('settings_saved')}
          {save.kind === 'saving' && t('settings_saving')}
          {save.kind === 'idle' && dirty && t('settings_unsaved')}
        </p>
      </div>
      {save.kind === 'failed' && <ErrorNotice error={save.error} />}
      <ConnectionTest
        state={test}
        onRun={() =>
          onTest(async () => {
            // The background tests what is stored, so unsaved or invalid input goes through Save first.
            const result = validateSettingsForm(input);
            return result.ok && !dirty ? result.values : submit();
          })
        }
      />
    </form>
  );
}

function focusFirstProblem(formId: string): void {
  // After the render that shows the messages, so the screen reader reads the message with the field.
  requestAnimationFrame(() => {
    document.getElementById(formId)?.querySelector<HTMLInputElement>('[aria-invalid="true"]')?.focus();
  });
}
