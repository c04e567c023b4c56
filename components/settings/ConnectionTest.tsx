import { useState } from 'preact/hooks';
import { t } from '@/utils/i18n';
import { sendMessage } from '@/utils/messaging';
import { toAppError, type AppErrorData } from '@/utils/errors';
import { diagnoseConnection, probeServer, urlToProbe, type ConnectionDiagnosis } from '@/utils/settings/connection-diagnosis';
import type { SettingsFormField, SettingsFormValues } from '@/utils/settings/connection-form';

export interface ConnectionTestProps {
  /** Saves the form if needed; null when a field must be fixed first. */
  prepare(): Promise<SettingsFormValues | null>;
  /** Points the form at the field a failure most likely comes from (undefined clears it). */
  onPointAt(field: SettingsFormField | undefined): void;
}

type TestState =
  | { kind: 'idle' }
  | { kind: 'testing' }
  | { kind: 'passed'; issuer?: string; expiresAt: number; apiReachable: boolean; testedAt: number; api?: Failure }
  | ({ kind: 'failed' } & Failure);

interface Failure {
  error: AppErrorData;
  diagnosis: ConnectionDiagnosis;
}

/** Explains a failure; for "unreachable" it first checks whether the server refuses us (CORS). */
async function explain(error: AppErrorData, values: SettingsFormValues): Promise<Failure> {
  const url = urlToProbe(error.code, values);
  return { error, diagnosis: diagnoseConnection(error.code, url ? await probeServer(url) : undefined) };
}

/**
 * "Test connection": the background gets a token from the token endpoint and makes one trivial call
 * to the API with x-user-id; this shows what came back, or what went wrong and where to look.
 */
export function ConnectionTest({ prepare, onPointAt }: ConnectionTestProps) {
  const [state, setState] = useState<TestState>({ kind: 'idle' });

  const run = async () => {
    onPointAt(undefined);
    const values = await prepare();
    if (!values) return setState({ kind: 'idle' });
    setState({ kind: 'testing' });
    try {
      const { apiError, ...reply } = await sendMessage('settings.testConnection', {});
      const api = !reply.apiReachable && apiError ? await explain(apiError, values) : undefined;
      onPointAt(api?.diagnosis.field);
      setState({ kind: 'passed', ...reply, api, testedAt: Date.now() });
    } catch (cause) {
      const failure = await explain(toAppError(cause).toJSON(), values);
      onPointAt(failure.diagnosis.field);
      setState({ kind: 'failed', ...failure });
    }
  };

  return (
    <section class="connection-test" aria-live="polite">
      <button type="button" onClick={run} disabled={state.kind === 'testing'}>
        {state.kind === 'testing' ? t('settings_testing') : t('settings_test_connection')}
      </button>
      {state.kind === 'passed' && <Passed {...state} />}
      {state.kind === 'failed' && <FailureNotice {...state} />}
    </section>
  );
}

const fieldLabels = {
  subscriptionId: 'settings_subscription_id',
  tokenEndpoint: 'settings_token_endpoint',
  apiBaseUrl: 'settings_api_base_url',
  apiFlavour: 'settings_flavour',
  developerApiKey: 'settings_developer_api_key',
} as const satisfies Record<SettingsFormField, string>;

function FailureNotice({ error, diagnosis }: Failure) {
  return (
    <div class="result result--failed" role="alert" data-error-code={error.code}>
      <p class="result__title">{t(diagnosis.problem)}</p>
      <p class="result__detail">{error.message}</p>
      {diagnosis.field && <p class="result__field">{t('settings_test_check_field', t(fieldLabels[diagnosis.field]))}</p>}
    </div>
  );
}

interface PassedProps {
  issuer?: string;
  expiresAt: number;
  apiReachable: boolean;
  testedAt: number;
  api?: Failure;
}

function Passed({ issuer, expiresAt, apiReachable, testedAt, api }: PassedProps) {
  const seconds = Math.max(0, Math.round((expiresAt - testedAt) / 1000));
  return (
    <div class={`result ${apiReachable ? 'result--passed' : 'result--failed'}`} data-testid="connection-result">
      <p class="result__title">{apiReachable ? t('settings_test_passed') : t('settings_test_token_only')}</p>
      <dl class="facts">
        <dt>{t('settings_test_issuer')}</dt>
        <dd class="mono" data-testid="token-issuer">{issuer ?? t('settings_test_no_issuer')}</dd>
        <dt>{t('settings_test_expires')}</dt>
        <dd data-testid="token-expiry">
          {t('settings_test_expires_value', [new Date(expiresAt).toLocaleTimeString(), String(seconds)])}
        </dd>
        <dt>{t('settings_test_api')}</dt>
        <dd>{apiReachable ? t('settings_test_api_ok') : t('settings_test_api_not_ok')}</dd>
      </dl>
      {api && <FailureNotice {...api} />}
    </div>
  );
}
