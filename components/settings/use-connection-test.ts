import { useState } from 'preact/hooks';
import { toAppError, type AppErrorData } from '@/utils/errors';
import type { CatalogProbe } from '@/utils/catalog/probe';
import { sendMessage } from '@/utils/messaging';
import { diagnoseConnection, probeServer, urlToProbe, type ConnectionDiagnosis } from '@/utils/settings/connection-diagnosis';
import type { SettingsFormValues } from '@/utils/settings/connection-form';

export interface ConnectionFailure {
  error: AppErrorData;
  diagnosis: ConnectionDiagnosis;
}

export type ConnectionTestState =
  | { kind: 'idle' }
  | { kind: 'testing' }
  | { kind: 'passed'; issuer?: string; expiresAt: number; apiReachable: boolean; testedAt: number; api?: ConnectionFailure; catalog?: CatalogProbe }
  | ({ kind: 'failed' } & ConnectionFailure);

/** Explains a failure; for "unreachable" it first checks whether the server refuses us (CORS). */
async function explain(error: AppErrorData, values: SettingsFormValues): Promise<ConnectionFailure> {
  const url = urlToProbe(error.code, values);
  return { error, diagnosis: diagnoseConnection(error.code, url ? await probeServer(url) : undefined) };
}

/**
 * "Test connection": the background gets a token from the token endpoint and makes one trivial call
 * to the API with x-user-id. `run` first saves the form (`prepare`, null when a field must be fixed).
 */
export function useConnectionTest(): { state: ConnectionTestState; run(prepare: () => Promise<SettingsFormValues | null>): Promise<void> } {
  const [state, setState] = useState<ConnectionTestState>({ kind: 'idle' });
  const run = async (prepare: () => Promise<SettingsFormValues | null>) => {
    setState({ kind: 'idle' });
    const values = await prepare();
    if (!values) return;
    setState({ kind: 'testing' });
    try {
      const { apiError, ...reply } = await sendMessage('settings.testConnection', {});
      const api = !reply.apiReachable && apiError ? await explain(apiError, values) : undefined;
      setState({ kind: 'passed', ...reply, api, testedAt: Date.now() });
    } catch (cause) {
      setState({ kind: 'failed', ...(await explain(toAppError(cause).toJSON(), values)) });
    }
  };
  return { state, run };
}
