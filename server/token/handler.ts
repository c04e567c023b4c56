import { SignJWT } from 'jose';
import { catalogRequestSchema, type CatalogRequest } from '../../utils/contracts/catalog';
import { createAiutaCatalog } from './aiuta-catalog';
import { createCatalog, type Catalog } from './catalog';
import type { TokenServerConfig } from './config';
import { decideOrigin, preflightHeaders, type CorsPolicy } from './cors';
import { json, readBodyText, type ClientInfo, type Failure, type FetchHandler } from './http';
import { MemoryStore, type KeyValueStore } from './kv-store';
import { describeIssues, tokenRequestSchema, type TokenParams } from './params';
import { RateLimiter } from './rate-limit';

/**
 * The reference token backend as one Web-standard `fetch` handler.
 * - `POST /aiuta_jwt` (or GET with query arguments, as in Aiuta's docs) validates the requested
 *   parameters, copies exactly those into an HS256 JWT with `iss`, `iat` and `exp`, and answers
 *   `{ "type": "jwt", "token" }`.
 * - `POST /aiuta_sku` resolves a product page's ids to the SKU Aiuta's catalog can dress (see catalog.ts).
 */

export interface TokenHandlerOptions {
  /** Milliseconds since the epoch; injectable for tests. */
  clock?: () => number;
  /**
   * Your own check of who is asking (a header your deployment adds, a server-to-server credential...). Return false to refuse
   * with 403. The reference server issues tokens to anyone who passes CORS and the rate limit.
   */
  authorize?: (request: Request, asked: AuthorizeRequest) => boolean | Promise<boolean>;
  /** Shared state (catalog cache, onboarding locks); this process's memory by default. */
  store?: KeyValueStore;
  /** Longest wait for Aiuta's catalog, per call; 10 s by default. */
  catalogTimeoutMs?: number;
  /** `retry_after_s` of a `preparing` catalog answer; 5 s by default. */
  preparingRetryAfterSeconds?: number;
  /** Operator-facing lines (Aiuta's catalog unreachable...); never contain a secret. `console.warn` by default. */
  log?: (line: string) => void;
}

/** What `authorize` is asked about: a token, or a catalog resolution. */
export type AuthorizeRequest = { kind: 'token'; params: TokenParams } | { kind: 'catalog'; body: CatalogRequest };

export interface TokenHandler {
  fetch: FetchHandler;
  /** Forgets rate-limit state (tests, sandbox reset). */
  reset(): void;
}

/** JSON bodies of token requests are tiny; anything bigger is not a token request. */
const MAX_TOKEN_BODY_BYTES = 16 * 1024;
/** A catalog request carries up to 20 ids and 20 image URLs of up to 2083 characters. */
const MAX_CATALOG_BODY_BYTES = 64 * 1024;

type Answer = { status: number; body: unknown } | Failure;

export function createTokenHandler(config: TokenServerConfig, options: TokenHandlerOptions = {}): TokenHandler {
  const clock = options.clock ?? Date.now;
  const limiter = new RateLimiter({ ...config.rateLimit, clock });
  const cors: CorsPolicy = { allowedOrigins: config.allowedOrigins, anyOrigin: config.sandbox };
  const key = new TextEncoder().encode(config.secret);
  const store = options.store ?? new MemoryStore({ clock });
  const log = options.log ?? ((line: string) => console.warn(line));
  const catalog: Catalog | undefined = config.apiKey
    ? createCatalog({
        aiuta: createAiutaCatalog({
          apiKey: config.apiKey,
          baseUrl: config.apiBaseUrl,
          timeoutMs: options.catalogTimeoutMs ?? 10_000,
          log,
        }),
        store,
        onboardHosts: config.onboardHosts,
        sandbox: config.sandbox,
        preparingRetryAfterSeconds: options.preparingRetryAfterSeconds ?? 5,
      })
    : undefined;

  async function fetch(request: Request, client?: ClientInfo): Promise<Response> {
    const url = new URL(request.url);
    if (url.pathname === '/healthz' && request.method === 'GET') return json({ status: 'ok' });
    const route = url.pathname === config.path ? 'token' : url.pathname === config.catalogPath ? 'catalog' : undefined;
    if (!route) {
      return failure({ status: 404, error: 'not_found', message: `Tokens are issued at ${config.path}.` });
    }
    const origin = decideOrigin(request, cors);
    if (origin.kind === 'refused') {
      return failure({
        status: 403,
        error: 'origin_not_allowed',
        message: `Origin ${origin.origin} is not allowed to use this backend; add it to AIUTA_JWT_ALLOWED_ORIGINS.`,
      });
    }
    const corsHeaders = origin.kind === 'allowed' ? origin.headers : {};
    if (request.method === 'OPTIONS') {
      return new Response(null, { status: 204, headers: { ...corsHeaders, ...preflightHeaders() } });
    }
    const result = route === 'token' ? await issue(request, url, client) : await resolve(request, client);
    if ('error' in result) return failure(result, corsHeaders);
    return json(result.body, result.status, { ...corsHeaders, 'Cache-Control': 'no-store' });
  }

  function limit(request: Request, client?: ClientInfo): Failure | null {
    const decision = limiter.take(clientKey(request, client, config.trustProxy));
    if (decision.allowed) return null;
    return {
      status: 429,
      error: 'rate_limited',
      message: `Too many requests; try again in ${decision.retryAfterSeconds} s.`,
      headers: { 'Retry-After': String(decision.retryAfterSeconds) },
    };
  }

  function otherSubscription(subscriptionId: string | undefined): Failure | null {
    if (!config.subscriptionId || !subscriptionId || subscriptionId === config.subscriptionId) return null;
    return {
      status: 403,
      error: 'unknown_subscription',
      message: 'This backend does not serve that subscription ID.',
    };
  }

  async function authorized(request: Request, asked: AuthorizeRequest): Promise<Failure | null> {
    if (!options.authorize || (await options.authorize(request, asked))) return null;
    return { status: 403, error: 'forbidden', message: 'You are not allowed to make this request.' };
  }

  async function issue(request: Request, url: URL, client?: ClientInfo): Promise<Answer> {
    if (request.method !== 'GET' && request.method !== 'POST') {
      return {
        status: 405,
        error: 'method_not_allowed',
        message: 'Use POST with a JSON body, or GET with query arguments.',
        headers: { Allow: 'GET, POST, OPTIONS' },
      };
    }
    const limited = limit(request, client);
    if (limited) return limited;
    const raw = await readParams(request, url);
    if ('error' in raw) return raw;
    const parsed = tokenRequestSchema.safeParse(raw.params);
    if (!parsed.success) {
      return { status: 400, error: 'invalid_params', message: `Invalid token request: ${describeIssues(parsed.error)}.` };
    }
    const params = parsed.data;
    const refused =
      otherSubscription(params.subscription_id) ??
      (await authorized(request, { kind: 'token', params })) ??
      (params.operation === 'create_try_on' && catalog
        ? await catalog.refuseUnlessReady(params.sku_ids ?? [params.sku_id!])
        : null);
    if (refused) return refused;
    return { status: 200, body: { type: 'jwt', token: await sign(params) } };
  }

  async function resolve(request: Request, client?: ClientInfo): Promise<Answer> {
    if (request.method !== 'POST') {
      return {
        status: 405,
        error: 'method_not_allowed',
        message: 'Use POST with a JSON body.',
        headers: { Allow: 'POST, OPTIONS' },
      };
    }
    const limited = limit(request, client);
    if (limited) return limited;
    if (!catalog) {
      return {
        status: 501,
        error: 'catalog_check_disabled',
        message: 'This backend does not check products against the catalog (no AIUTA_API_KEY); use the page\'s own id.',
      };
    }
    const body = await readJsonBody(request, MAX_CATALOG_BODY_BYTES);
    if ('error' in body) return body;
    const parsed = catalogRequestSchema.safeParse(body.value);
    if (!parsed.success) {
      return { status: 400, error: 'invalid_params', message: `Invalid catalog request: ${describeIssues(parsed.error)}.` };
    }
    const refused =
      otherSubscription(parsed.data.subscription_id) ?? (await authorized(request, { kind: 'catalog', body: parsed.data }));
    if (refused) return refused;
    return catalog.resolve(parsed.data);
  }

  async function sign(params: TokenParams): Promise<string> {
    // install_id is this backend's own bookkeeping; Aiuta gets no per-installation id.
    const { install_id: _installId, ...claims } = params;
    const issuedAt = Math.floor(clock() / 1000);
    return new SignJWT({ ...claims })
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

/** A JSON object from the body: 413 past `limitBytes`, 415 for another type, 400 for broken JSON. */
async function readJsonBody(
  request: Request,
  limitBytes: number,
): Promise<{ value: Record<string, unknown> | undefined } | Failure> {
  const body = await readBodyText(request, limitBytes);
  if (!body.ok) {
    return { status: 413, error: 'payload_too_large', message: `The request body must be under ${limitBytes / 1024} KB.` };
  }
  if (body.text.trim() === '') return { value: undefined };
  const contentType = request.headers.get('content-type') ?? '';
  if (!/^application\/json\b/i.test(contentType)) {
    return { status: 415, error: 'unsupported_media_type', message: 'Send the request body as application/json.' };
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
  return { value: parsed as Record<string, unknown> };
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
  const body = await readJsonBody(request, MAX_TOKEN_BODY_BYTES);
  if ('error' in body) return body;
  return { params: { ...params, ...body.value } };
}
