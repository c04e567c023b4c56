import { decodeJwt } from 'jose';
import type { TokenServerConfig } from '../token/config';
import { createTokenHandler, type TokenHandler } from '../token/handler';
import { json, type ClientInfo, type FetchHandler } from '../token/http';
import { delay, faultAnswer, faultFromHeader, waitForAbort, type FaultController } from './faults';
import { jsonBodyOf, type LogDraft, type RequestLog } from './request-log';

/**
 * The reference token server as the sandbox runs it: same handler, plus the request log and the
 * faults (only when `routes` includes "token" or "catalog", or per request with `x-sandbox-fault`).
 */

export interface TokenService {
  fetch: FetchHandler;
  /** A fresh handler: rate limits and the catalog cache forgotten. */
  reset(): void;
}

export function createTokenService(
  config: TokenServerConfig,
  faults: FaultController,
  log: RequestLog,
  clock?: () => number,
): TokenService {
  const newHandler = () => createTokenHandler(config, { clock });
  let handler: TokenHandler = newHandler();

  async function fetch(request: Request, client?: ClientInfo): Promise<Response> {
    const url = new URL(request.url);
    const route = url.pathname === config.catalogPath ? 'catalog' : 'token';
    const draft: LogDraft = {
      startedAt: Date.now(),
      service: 'token',
      method: request.method,
      path: url.pathname,
      query: url.search.replace(/^\?/, ''),
      route,
      auth: 'none',
      requestBody: await peekJson(request),
    };
    const response = (await injectFault(request, route, draft)) ?? (await handler.fetch(request, client));
    const body = await jsonBodyOf(response);
    if (isTokenBody(body)) {
      // Keep what the token says, not the token itself.
      draft.tokenClaims = decodeJwt(body.token);
      draft.responseBody = { type: body.type };
    } else draft.responseBody = body;
    log.add(draft, request.signal.aborted && draft.fault === 'hang' ? 0 : response.status, Date.now());
    return response;
  }

  async function injectFault(request: Request, route: 'token' | 'catalog', draft: LogDraft): Promise<Response | null> {
    if (request.method === 'OPTIONS') return null;
    const perRequest = faultFromHeader(request.headers.get('x-sandbox-fault'));
    const configured = faults.appliesTo(route);
    if (!perRequest && !configured) return null;
    if (configured) await delay(faults.latencyMs, request.signal);
    const decision = perRequest ?? faults.decide(route).kind;
    if (decision === 'none') return null;
    draft.fault = decision;
    const cors = { 'Access-Control-Allow-Origin': '*' };
    if (decision === 'hang') {
      await waitForAbort(request.signal);
      return json({ error: 'timeout', message: 'The sandbox let this request hang on purpose.' }, 504, cors);
    }
    const fault = faultAnswer(decision, faults.retryAfterSeconds);
    return json({ error: fault.code, message: fault.message }, fault.status, { ...cors, ...fault.headers });
  }

  return {
    fetch,
    reset: () => {
      handler = newHandler();
    },
  };
}

/** The JSON body of a small POST (a catalog request is up to 64 KB), read from a clone so the handler still gets it. */
async function peekJson(request: Request): Promise<unknown> {
  const length = Number(request.headers.get('content-length') ?? 'NaN');
  if (request.method !== 'POST' || !(length <= 64 * 1024)) return undefined;
  try {
    const text = await request.clone().text();
    return text.trim() === '' ? undefined : JSON.parse(text);
  } catch {
    return undefined;
  }
}

function isTokenBody(body: unknown): body is { type: string; token: string } {
  return typeof body === 'object' && body !== null && typeof (body as { token?: unknown }).token === 'string';
}
