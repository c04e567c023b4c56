import { decodeJwt } from 'jose';
import { z } from 'zod';
import { backendErrorSchema, tokenRequestSchema, tokenResponseSchema, type TokenRequest } from '@/utils/contracts/token-request';
import { AppError, errorDetailMax } from '@/utils/errors';
import { noRedirects, parseRetryAfter, refuseRedirect, retryAfterSeconds, serviceUrl, sleep, type Sleep } from '@/utils/http';

/**
 * Gets short-lived JWTs from the integrator's token endpoint. Tokens live only in this module's
 * memory (never in extension storage): a restarted worker simply asks again.
 */

/**
 * What a token is for: a token request of the shared contract (utils/contracts/token-request.ts,
 * the schema the token server checks too) without what the broker adds itself.
 */
type WithoutCaller<T> = T extends unknown ? Omit<T, 'subscription_id' | 'install_id'> : never;
export type TokenParams = WithoutCaller<TokenRequest>;
const tokenErrorSchema = backendErrorSchema.partial({ error: true });

export interface IssuedToken {
  token: string;
  /** Milliseconds since the epoch, from the token's `exp`. */
  expiresAt: number;
  issuer?: string;
}

export interface TokenBrokerDeps {
  getSettings: () => Promise<{ tokenEndpoint: string; subscriptionId: string }>;
  fetch: typeof fetch;
  now: () => number;
  /** This installation's random id (utils/auth/install-id.ts), sent with every request. */
  installId?: () => Promise<string>;
  timeoutMs?: number;
  /** Waits between attempts; injected so tests need not wait. */
  sleep?: Sleep;
}

export interface TokenBroker {
  /**
   * A token for exactly these params; `refresh` skips the cache (after the API answered 401);
   * `subscriptionId` asks for another subscription than the settings' (deleting an image stored under it).
   */
  getToken(params: TokenParams, options?: { refresh?: boolean; subscriptionId?: string }): Promise<IssuedToken>;
  /** Forgets every cached token (settings changed, data deleted). */
  clear(): void;
}

/** A cached token is used until this long before its `exp`, so it never expires in flight. */
export const tokenExpiryMarginMs = 10_000;

/**
 * Asking for a token has no side effect, so a failure that may pass by itself (no answer, 5xx, 429)
 * is asked again after these pauses; a Retry-After up to the cap is honoured. A timeout is not
 * repeated: it already made the shopper wait.
 */
export const tokenRetryDelaysMs = [300, 900];
const maxTokenRetryAfterMs = 5_000;

export function createTokenBroker(deps: TokenBrokerDeps): TokenBroker {
  const cache = new Map<string, IssuedToken>();
  const pending = new Map<string, Promise<IssuedToken>>();

  async function getToken(params: TokenParams, options: { refresh?: boolean; subscriptionId?: string } = {}): Promise<IssuedToken> {
    const current = await deps.getSettings();
    const settings = options.subscriptionId === undefined ? current : { ...current, subscriptionId: options.subscriptionId };
    const parsed = tokenRequestSchema.safeParse({
      ...params,
      subscription_id: settings.subscriptionId || undefined,
      install_id: deps.installId ? await deps.installId() : undefined,
    });
    if (!parsed.success) throw new AppError('internal', `A token was requested with parameters outside the token contract (${z.prettifyError(parsed.error)}).`);
    const valid = parsed.data;
    const key = cacheKey(settings, valid);
    const cached = cache.get(key);
    if (!options.refresh && cached && cached.expiresAt - tokenExpiryMarginMs > deps.now()) return cached;
    cache.delete(key);
    // Concurrent callers with the same params share one request to the backend.
    const inFlight = pending.get(key);
    if (inFlight && !options.refresh) return inFlight;
    const request = requestToken(settings, valid).finally(() => {
      if (pending.get(key) === request) pending.delete(key);
    });
    pending.set(key, request);
    const issued = await request;
    if (issued.expiresAt - tokenExpiryMarginMs > deps.now()) cache.set(key, issued);
    return issued;
  }

  async function requestToken(settings: { tokenEndpoint: string; subscriptionId: string }, asked: TokenRequest): Promise<IssuedToken> {
    if (!settings.subscriptionId) {
      throw new AppError('not_configured', "The subscription ID is not set. Enter it in the extension's settings.");
    }
    const endpoint = serviceUrl(settings.tokenEndpoint, 'token endpoint');
    const { response, text } = await post(endpoint, JSON.stringify(asked));
    refuseRedirect(response, endpoint, 'token server', 'token_bad_response');
    const body = parseJson(text);
    if (!response.ok) throw rejection(response.status, body, parseRetryAfter(response.headers.get('retry-after'), deps.now()), deps.now());
    if (body === undefined) {
      throw new AppError('token_bad_response', 'The token server did not answer with JSON. Check the token endpoint in the settings.');
    }
    const parsed = tokenResponseSchema.safeParse(body);
    if (!parsed.success) {
      throw new AppError('token_bad_response', 'The token server answered without a token (expected {"type": "jwt", "token": ...}).');
    }
    return readToken(parsed.data.token, deps.now());
  }

  async function post(endpoint: URL, body: string): Promise<{ response: Response; text: string }> {
    for (let attempt = 0; ; attempt++) {
      const last = attempt >= tokenRetryDelaysMs.length;
      let wait = tokenRetryDelaysMs[attempt] ?? 0;
      try {
        const response = await deps.fetch(endpoint, {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/json' },
          body,
          signal: AbortSignal.timeout(deps.timeoutMs ?? 10_000),
          credentials: 'omit',
          ...noRedirects,
        });
        const text = await response.text();
        if (last || (response.status !== 429 && response.status < 500)) return { response, text };
        // A spent daily budget stays spent until it resets: asking again only adds load.
        if (budgetExhausted(response.status, parseJson(text))) return { response, text };
        const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), deps.now());
        if (retryAfterMs !== undefined && retryAfterMs > maxTokenRetryAfterMs) return { response, text };
        wait = Math.max(wait, retryAfterMs ?? 0);
      } catch (error) {
        if (last || (error instanceof Error && error.name === 'TimeoutError')) {
          throw new AppError('token_unreachable', `The token server at ${endpoint.host} can't be reached. Check the token endpoint in the settings.`, { cause: error });
        }
      }
      await (deps.sleep ?? sleep)(wait);
    }
  }

  return { getToken, clear: () => cache.clear() };
}

/** Reads `exp` and `iss` without verifying the signature: only Aiuta holds the secret to do that. */
export function readToken(token: string, now: number): IssuedToken {
  let claims: ReturnType<typeof decodeJwt>;
  try {
    claims = decodeJwt(token);
  } catch (error) {
    throw new AppError('token_bad_response', 'The token server sent something that is not a valid JWT.', { cause: error });
  }
  if (typeof claims.exp !== 'number') {
    throw new AppError('token_bad_response', 'The token server sent a token without an expiry time (exp).');
  }
  const expiresAt = claims.exp * 1000;
  if (expiresAt <= now) {
    throw new AppError('token_expired', "The token server sent a token that has already expired. Check this computer's clock and the token server's.");
  }
  return { token, expiresAt, issuer: typeof claims.iss === 'string' ? claims.iss : undefined };
}

/** The token server's daily try-on budget is used up (`429 { error: "budget_exhausted" }`, Retry-After until it resets). */
function budgetExhausted(status: number, body: unknown): boolean {
  if (status !== 429) return false;
  const detail = tokenErrorSchema.safeParse(body);
  return detail.success && detail.data.error === 'budget_exhausted';
}

function rejection(status: number, body: unknown, retryAfterMs: number | undefined, now: number): AppError {
  const detail = tokenErrorSchema.safeParse(body);
  const said = detail.success ? detail.data.message.trim().slice(0, errorDetailMax) : '';
  const reason = said ? ` ("${said}")` : '';
  const wait = { retryAfterS: retryAfterSeconds(retryAfterMs) };
  // Not busy and not unreachable: trying again cannot help before the budget resets.
  if (budgetExhausted(status, body)) {
    const resetsAt = retryAfterMs === undefined ? undefined : now + retryAfterMs;
    const when = resetsAt === undefined ? 'Please try again tomorrow' : `It resets at ${new Date(resetsAt).toISOString()}`;
    return new AppError('budget_exhausted', `The try-ons available for today are used up${reason}. ${when}.`, { params: { resetsAt } });
  }
  if (status >= 500) {
    return new AppError('token_unreachable', `The token server had a problem (HTTP ${status})${reason}. Please try again later.`, { params: wait });
  }
  // Busy, not a refusal: the settings are fine, and trying again later is what helps.
  if (status === 429) {
    return new AppError('token_unreachable', `The token server is busy (HTTP 429)${reason}. Please try again in a minute.`, { params: wait });
  }
  return new AppError('token_rejected', `The token server refused to issue a token (HTTP ${status})${reason}.`, { params: { detail: said || undefined } });
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Exact params plus where they go: a token for one image or SKU is never reused for another. */
function cacheKey(settings: { tokenEndpoint: string; subscriptionId: string }, params: TokenRequest): string {
  const sorted = Object.fromEntries(Object.entries(params).sort(([a], [b]) => a.localeCompare(b)));
  return JSON.stringify([settings.tokenEndpoint, settings.subscriptionId, sorted]);
}
