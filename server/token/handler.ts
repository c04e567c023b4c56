import { SignJWT } from 'jose';
import type { TokenServerConfig } from './config';
import { decideOrigin, preflightHeaders, type CorsPolicy } from './cors';
import { json, readBodyText, type ClientInfo, type FetchHandler } from './http';
import { describeIssues, tokenParamsSchema, type TokenParams } from './params';
import { RateLimiter } from './rate-limit';

/**
 * The reference token backend as one Web-standard `fetch` handler. `POST /aiuta_jwt` (or GET with
 * query arguments, as in Aiuta's docs) validates the requested parameters, copies exactly those into
 * an HS256 JWT with `iss`, `iat` and `exp`, and answers `{ "type": "jwt", "token" }`.
 */

export interface TokenHandlerOptions {
  /** Milliseconds since the epoch; injectable for tests. */
  clock?: () => number;
  /**
   * Your own check of who is asking (a header your deployment adds, a server-to-server credential...). Return false to refuse
   * with 403. The reference server issues tokens to anyone who passes CORS and the rate limit.
   */
  authorize?: (request: Request, params: TokenParams) => boolean | Promise<boolean>;
}

export interface TokenHandler {
  fetch: FetchHandler;
  /** Forgets rate-limit state (tests, sandbox reset). */
  reset(): void;
}

/** JSON bodies of token requests are tiny; anything bigger is not a token request. */
const MAX_BODY_BYTES = 16 * 1024;

type Failure = { status: number; error: string; message: string; headers?: Record<string, string> };

export function createTokenHandler(config: TokenServerConfig, options: TokenHandlerOptions = {}): TokenHandler {
  const clock = options.clock ?? Date.now;
  const limiter = new RateLimiter({ ...config.rateLimit, clock });
  const cors: CorsPolicy = { allowedOrigins: config.allowedOrigins, anyOrigin: config.sandbox };
  const key = new TextEncoder().encode(config.secret);

  async function fetch(request: Request, client?: ClientInfo): Promise<Response> {
    const url = new URL(request.url);
    if (url.pathname === '/healthz' && request.method === 'GET') return json({ status: 'ok' });
    if (url.pathname !== config.path) {
      return failure({ status: 404, error: 'not_found', message: `Tokens are issued at ${config.path}.` });
    }
    const origin = decideOrigin(request, cors);
    if (origin.kind === 'refused') {
      return failure({
        status: 403,
        error: 'origin_not_allowed',
        message: `Origin ${origin.origin} is not allowed to request tokens; add it to AIUTA_JWT_ALLOWED_ORIGINS.`,
      });
    }
    const corsHeaders = origin.kind === 'allowed' ? origin.headers : {};
    if (request.method === 'OPTIONS') {
      return new Response(null, { status: 204, headers: { ...corsHeaders, ...preflightHeaders() } });
    }
    const result = await issue(request, url, client);
    if ('token' in result) {
      return json({ type: 'jwt', token: result.token }, 200, { ...corsHeaders, 'Cache-Control': 'no-store' });
    }
    return failure(result, corsHeaders);
  }

  async function issue(request: Request, url: URL, client?: ClientInfo): Promise<{ token: string } | Failure> {
    if (request.method !== 'GET' && request.method !== 'POST') {
      return {
        status: 405,
        error: 'method_not_allowed',
        message: 'Use POST with a JSON body, or GET with query arguments.',
        headers: { Allow: 'GET, POST, OPTIONS' },
      };
    }
    const decision = limiter.take(clientKey(request, client, config.trustProxy));
    if (!decision.allowed) {
      return {
        status: 429,
        error: 'rate_limited',
        message: `Too many token requests; try again in ${decision.retryAfterSeconds} s.`,
        headers: { 'Retry-After': String(decision.retryAfterSeconds) },
      };
    }
    const raw = await readParams(request, url);
    if ('error' in raw) return raw;
    const parsed = tokenParamsSchema.safeParse(raw.params);
    if (!parsed.success) {
      return { status: 400, error: 'invalid_params', message: `Invalid token request: ${describeIssues(parsed.error)}.` };
    }
    const params = parsed.data;
    if (config.subscriptionId && params.subscription_id && params.subscription_id !== config.subscriptionId) {
      return {
        status: 403,
        error: 'unknown_subscription',
        message: 'This token server does not issue tokens for that subscription ID.',
      };
    }
    if (options.authorize && !(await options.authorize(request, params))) {
      return { status: 403, error: 'forbidden', message: 'You are not allowed to request this token.' };
    }
    return { token: await sign(params) };
  }

  async function sign(params: TokenParams): Promise<string> {
    const issuedAt = Math.floor(clock() / 1000);
    return new SignJWT({ ...params })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuer(config.issuer)
      .setIssuedAt(issuedAt)
      .setExpirationTime(issuedAt + config.ttlSeconds)
      .sign(key);
  }

  return { fetch, reset: () => limiter.reset() };
}

function failure(failed: Failure, corsHeaders: Record<string, string> = {}): Response {
  return json({ error: failed.error, message: failed.message }, failed.status, {
    ...corsHeaders,
    ...failed.headers,
    'Cache-Control': 'no-store',
  });
}

function clientKey(request: Request, client: ClientInfo | undefined, trustProxy: boolean): string {
  if (trustProxy) {
    // The rightmost X-Forwarded-For entry is the one our own proxy added; the ones left of it are
    // whatever the client sent, and keying on those would give each forged value a fresh bucket.
    const forwarded =
      request.headers.get('cf-connecting-ip') ?? request.headers.get('x-forwarded-for')?.split(',').at(-1)?.trim();
    if (forwarded) return forwarded;
  }
  return client?.clientAddress ?? 'unknown-client';
}

/** Query arguments plus, for POST, the JSON body on top (Aiuta's reference backend merges them the same way). */
async function readParams(request: Request, url: URL): Promise<{ params: Record<string, unknown> } | Failure> {
  const params: Record<string, unknown> = {};
  for (const name of new Set(url.searchParams.keys())) {
    const values = url.searchParams.getAll(name);
    if (name === 'sku_ids') params[name] = values;
    else if (values.length > 1) {
      return { status: 400, error: 'invalid_params', message: `Give ${name} only once.` };
    } else params[name] = values[0];
  }
  if (request.method !== 'POST') return { params };
  const body = await readBodyText(request, MAX_BODY_BYTES);
  if (!body.ok) return { status: 413, error: 'payload_too_large', message: 'A token request body must be under 16 KB.' };
  if (body.text.trim() === '') return { params };
  const contentType = request.headers.get('content-type') ?? '';
  if (!/^application\/json\b/i.test(contentType)) {
    return { status: 415, error: 'unsupported_media_type', message: 'Send the token request as application/json.' };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.text);
  } catch {
    return { status: 400, error: 'invalid_json', message: 'The request body is not valid JSON.' };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return { status: 400, error: 'invalid_json', message: 'The request body must be a JSON object.' };
  }
  return { params: { ...params, ...(parsed as Record<string, unknown>) } };
}
