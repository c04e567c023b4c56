import { z } from 'zod';
import { appErrorSchema, AppError, toAppError } from '@/utils/errors';
import { noRedirects, parseRetryAfter, refuseRedirect, retryAfterSeconds, serviceUrl } from '@/utils/http';

/**
 * "Test connection" for the catalog endpoint: a request the endpoint must refuse (no candidates),
 * so nothing is looked up or added to the catalog. `checks`: it validated the request, so it does
 * catalog resolution. `no_check`: it has none (404 on its path, 501), and try-ons use the page's
 * best id. `failed`: what went wrong, as a try-on would meet it.
 */
export const catalogProbeSchema = z.discriminatedUnion('state', [
  z.object({ state: z.literal('checks') }),
  z.object({ state: z.literal('no_check'), status: z.number() }),
  z.object({ state: z.literal('failed'), error: appErrorSchema }),
]);
export type CatalogProbe = z.infer<typeof catalogProbeSchema>;

export async function probeCatalogEndpoint(
  settings: { catalogEndpoint: string; subscriptionId: string },
  fetcher: typeof fetch,
  timeoutMs = 10_000,
): Promise<CatalogProbe | undefined> {
  if (!settings.catalogEndpoint.trim()) return undefined;
  try {
    const endpoint = serviceUrl(settings.catalogEndpoint, 'catalog endpoint');
    let response: Response;
    try {
      response = await fetcher(endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ subscription_id: settings.subscriptionId, candidates: [] }),
        signal: AbortSignal.timeout(timeoutMs),
        credentials: 'omit',
        ...noRedirects,
      });
      await response.text();
    } catch (error) {
      throw new AppError('catalog_unreachable', `The catalog endpoint at ${endpoint.host} can't be reached. Check the address, and that it allows this extension (CORS).`, { cause: error });
    }
    refuseRedirect(response, endpoint, 'catalog endpoint', 'catalog_bad_response');
    if (response.status === 400) return { state: 'checks' };
    if (response.status === 404 || response.status === 501) return { state: 'no_check', status: response.status };
    if (response.status === 429 || response.status >= 500) {
      const retryAfterS = retryAfterSeconds(parseRetryAfter(response.headers.get('retry-after'), Date.now()));
      throw new AppError('catalog_unreachable', `The catalog endpoint could not answer now (HTTP ${response.status}). Try again in a minute.`, { params: { retryAfterS } });
    }
    throw new AppError('catalog_refused', `The catalog endpoint refused this extension (HTTP ${response.status}). Check the endpoint and the backend's allowed origins.`);
  } catch (error) {
    return { state: 'failed', error: toAppError(error).toJSON() };
  }
}
