import { toAppError, type AppErrorData } from '@/utils/errors';
import type { AiutaClient } from '@/utils/aiuta/client';
import type { TokenBroker } from '@/utils/auth/token-broker';

export interface ConnectionReport {
  issuer?: string;
  expiresAt: number;
  apiReachable: boolean;
  /** Why the API could not be used, when it could not. */
  apiError?: AppErrorData;
}

/**
 * Checks the settings end to end without uploading anything: a fresh upload token proves the token
 * endpoint works (its `iss` must match the subscription's JWT key), and the model list proves the API
 * base URL and subscription ID. A token failure rejects with its own error code.
 */
export async function testConnection(tokens: TokenBroker, client: AiutaClient): Promise<ConnectionReport> {
  const token = await tokens.getToken({ operation: 'upload_image' }, { refresh: true });
  const report = { issuer: token.issuer, expiresAt: token.expiresAt };
  try {
    await client.listModels();
    return { ...report, apiReachable: true };
  } catch (error) {
    return { ...report, apiReachable: false, apiError: toAppError(error).toJSON() };
  }
}
