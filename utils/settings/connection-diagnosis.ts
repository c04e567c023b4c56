import type { SettingsFormField, SettingsFormValues } from '@/utils/settings/connection-form';

/** "Test connection": what a failure means and which field to look at. */

export type ConnectionProblem =
  | 'settings_test_not_configured'
  | 'settings_test_token_unreachable'
  | 'settings_test_token_cors'
  | 'settings_test_token_bad_response'
  | 'settings_test_token_rejected'
  | 'settings_test_token_expired'
  | 'settings_test_api_unreachable'
  | 'settings_test_api_cors'
  | 'settings_test_api_unauthorized'
  | 'settings_test_api_forbidden'
  | 'settings_test_api_bad_response'
  | 'settings_test_api_busy'
  | 'settings_test_api_error'
  | 'settings_test_extension_error';

export interface ConnectionDiagnosis {
  problem: ConnectionProblem;
  /** The field most likely to be wrong, to point at it. */
  field?: SettingsFormField;
}

/** How a server responds to a request from this extension's origin. */
export type ServerProbe = 'answers' | 'refuses-origin' | 'silent';

/**
 * A failed fetch looks the same to the extension whether the server is down or refused our origin
 * (CORS). Two requests tell them apart: a `no-cors` one resolves (with an unreadable answer) whenever
 * the server answered at all; a `cors` one resolves only if the server also allows our origin.
 */
export async function probeServer(url: string, fetcher: typeof fetch = fetch, timeoutMs = 5_000): Promise<ServerProbe> {
  const attempt = async (mode: RequestMode) => {
    try {
      await fetcher(url, { method: 'HEAD', mode, credentials: 'omit', cache: 'no-store', signal: AbortSignal.timeout(timeoutMs) });
      return true;
    } catch {
      return false;
    }
  };
  if (await attempt('cors')) return 'answers';
  return (await attempt('no-cors')) ? 'refuses-origin' : 'silent';
}

/**
 * Maps the background's error code to an explanation. `probe` (of the URL `urlToProbe` names) turns
 * "unreachable" into "refuses this extension (CORS)" when the server answers but not to us.
 */
export function diagnoseConnection(code: string, probe?: ServerProbe): ConnectionDiagnosis {
  const cors = probe === 'refuses-origin';
  switch (code) {
    case 'not_configured':
      return { problem: 'settings_test_not_configured' };
    case 'token_unreachable':
      return cors
        ? { problem: 'settings_test_token_cors', field: 'tokenEndpoint' }
        : { problem: 'settings_test_token_unreachable', field: 'tokenEndpoint' };
    case 'token_bad_response':
      return { problem: 'settings_test_token_bad_response', field: 'tokenEndpoint' };
    case 'token_rejected':
      return { problem: 'settings_test_token_rejected', field: 'subscriptionId' };
    case 'token_expired':
      return { problem: 'settings_test_token_expired', field: 'tokenEndpoint' };
    case 'api_unreachable':
    case 'api_timeout':
      return cors
        ? { problem: 'settings_test_api_cors', field: 'apiBaseUrl' }
        : { problem: 'settings_test_api_unreachable', field: 'apiBaseUrl' };
    case 'api_unauthorized':
      return { problem: 'settings_test_api_unauthorized', field: 'subscriptionId' };
    case 'api_forbidden':
      return { problem: 'settings_test_api_forbidden', field: 'subscriptionId' };
    case 'api_bad_response':
    case 'api_validation':
      return { problem: 'settings_test_api_bad_response', field: 'apiBaseUrl' };
    case 'api_rate_limited':
    case 'api_unavailable':
      return { problem: 'settings_test_api_busy' };
    case 'api_error':
      return { problem: 'settings_test_api_error', field: 'apiBaseUrl' };
    default:
      return { problem: 'settings_test_extension_error' };
  }
}

/** Which URL to probe for a code whose cause may be CORS. */
export function urlToProbe(code: string, values: Pick<SettingsFormValues, 'tokenEndpoint' | 'apiBaseUrl'>): string | undefined {
  if (code === 'token_unreachable') return values.tokenEndpoint;
  if (code === 'api_unreachable' || code === 'api_timeout') return values.apiBaseUrl;
  return undefined;
}
