import { toAppError, type AppErrorData } from '@/utils/errors';
import type { AiutaClient } from '@/utils/aiuta/client';
import type { TokenBroker } from '@/utils/auth/token-broker';
import type { CatalogProbe } from '@/utils/catalog/probe';
import type { CatalogResolver } from '@/utils/catalog/resolver';

export interface ConnectionReport {
  issuer?: string;
  expiresAt: number;
  apiReachable: boolean;
  /** Why the API could not be used, when it could not. */
  apiError?: AppErrorData;
  /** The catalog endpoint's answer, when one is set. */
  catalog?: CatalogProbe;
}

/**
 * Checks the settings end to end without uploading anything: a fresh upload token proves the token
 * endpoint works (its `iss` must match the subscription's JWT key), and the model list proves the API
 * base URL and subscription ID, and the catalog endpoint (when set) is asked something it must
 * refuse. A token failure rejects with its own error code.
 */
export async function testConnection(
  tokens: TokenBroker,
  client: AiutaClient,
  catalog: Pick<CatalogResolver, 'probe'>,
): Promise<ConnectionReport> {
  const token = await tokens.getToken({ operation: 'upload_image' }, { refresh: true });
  const probe = await catalog.probe();
  const report = { issuer: token.issuer, expiresAt: token.expiresAt, ...(probe ? { catalog: probe } : {}) };
  try {
    await client.listModels();
    return { ...report, apiReachable: true };
  } catch (error) {
    return { ...report, apiReachable: false, apiError: toAppError(error).toJSON() };
  }
}
