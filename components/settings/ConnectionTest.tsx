import { ServiceWords } from '@/components/ErrorNotice';
import { errorSentence } from '@/utils/error-sentence';
import { t } from '@/utils/i18n';
import type { ConnectionFailure, ConnectionTestState } from '@/components/settings/use-connection-test';
import type { CatalogProbe } from '@/utils/catalog/probe';
import type { SettingsFormField } from '@/utils/settings/connection-form';

export interface ConnectionTestProps {
  state: ConnectionTestState;
  onRun(): void;
}

/**
 * "Test connection": its button, and what came back or what went wrong and where to look. A failure
 * reads as the panel says it (utils/error-sentence.ts), the service's own words only labelled.
 */
export function ConnectionTest({ state, onRun }: ConnectionTestProps) {
  return (
    <section class="connection-test" aria-live="polite">
      <button type="button" onClick={onRun} disabled={state.kind === 'testing'}>
        {state.kind === 'testing' ? t('settings_testing') : t('settings_test_connection')}
      </button>
      {state.kind === 'passed' && <Passed {...state} />}
      {state.kind === 'failed' && <FailureNotice {...state} />}
    </section>
  );
}

/** The field a finished test points at, when a failure most likely comes from one. */
export function pointedField(state: ConnectionTestState): SettingsFormField | undefined {
  if (state.kind === 'failed') return state.diagnosis.field;
  if (state.kind === 'passed') return state.api?.diagnosis.field;
  return undefined;
}

const fieldLabels = {
  subscriptionId: 'settings_subscription_id',
  tokenEndpoint: 'settings_token_endpoint',
  apiBaseUrl: 'settings_api_base_url',
  apiFlavour: 'settings_flavour',
  developerApiKey: 'settings_developer_api_key',
  catalogEndpoint: 'settings_catalog_endpoint',
} as const satisfies Record<SettingsFormField, string>;

function FailureNotice({ error, diagnosis }: ConnectionFailure) {
  return (
    <div class="result result--failed" role="alert" data-error-code={error.code}>
      <p class="result__title">{t(diagnosis.problem)}</p>
      <p class="result__detail">{errorSentence(error)}</p>
      <ServiceWords error={error} />
      {diagnosis.field && <p class="result__field">{t('settings_test_check_field', t(fieldLabels[diagnosis.field]))}</p>}
    </div>
  );
}

interface PassedProps {
  issuer?: string;
  expiresAt: number;
  apiReachable: boolean;
  testedAt: number;
  api?: ConnectionFailure;
  catalog?: CatalogProbe;
}

function Passed({ issuer, expiresAt, apiReachable, testedAt, api, catalog }: PassedProps) {
  const catalogFailed = catalog?.state === 'failed';
  const seconds = Math.max(0, Math.round((expiresAt - testedAt) / 1000));
  return (
    <div class={`result ${apiReachable && !catalogFailed ? 'result--passed' : 'result--failed'}`} data-testid="connection-result">
      <p class="result__title">
        {!apiReachable ? t('settings_test_token_only') : catalogFailed ? t('settings_test_catalog_failed') : t('settings_test_passed')}
      </p>
      <dl class="facts">
        <dt>{t('settings_test_issuer')}</dt>
        <dd class="mono" data-testid="token-issuer">{issuer ?? t('settings_test_no_issuer')}</dd>
        <dt>{t('settings_test_expires')}</dt>
        <dd data-testid="token-expiry">
          {t('settings_test_expires_value', [new Date(expiresAt).toLocaleTimeString(), String(seconds)])}
        </dd>
        <dt>{t('settings_test_api')}</dt>
        <dd>{apiReachable ? t('settings_test_api_ok') : t('settings_test_api_not_ok')}</dd>
        {catalog && (
          <>
            <dt>{t('settings_test_catalog')}</dt>
            <dd data-testid="catalog-check">
              {catalog.state === 'checks' && t('settings_test_catalog_checks')}
              {catalog.state === 'no_check' && t('settings_test_catalog_no_check', String(catalog.status))}
              {catalog.state === 'failed' && errorSentence(catalog.error)}
            </dd>
          </>
        )}
      </dl>
      {api && <FailureNotice {...api} />}
      {catalogFailed && <p class="result__field">{t('settings_test_check_field', t(fieldLabels.catalogEndpoint))}</p>}
    </div>
  );
}
