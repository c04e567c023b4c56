import { SignJWT } from 'jose';
import type { z } from 'zod';
import { catalogRequestSchema, type CatalogRequest } from '../../utils/contracts/catalog';
import { imageReportSchema, type ImageReport } from '../../utils/contracts/image-report';
import { createAiutaCatalog } from './aiuta-catalog';
import { TryOnBudget } from './budget';
import { createCatalog, type Catalog } from './catalog';
import { ConfigError, type TokenServerConfig } from './config';
import { decideOrigin, preflightHeaders, sentByPageMarkup, type CorsPolicy } from './cors';
import { json, readBodyText, type ClientInfo, type Failure, type FetchHandler } from './http';
import { ImageOwners } from './image-owners';
import { MemoryStore, StoreUnavailableError, type KeyValueStore } from './kv-store';
import { describeIssues, tokenRequestSchema, type TokenParams } from './params';
import { RateLimiter } from './rate-limit';

/**
 * The reference token backend as one Web-standard `fetch` handler.
 * - `POST /aiuta_jwt` (or, for `upload_image` only, GET with query arguments as in Aiuta's docs) validates the requested
 *   parameters, copies exactly those into an HS256 JWT with `iss`, `iat` and `exp`, and answers
 *   `{ "type": "jwt", "token" }`.
 * - `POST /aiuta_sku` resolves a product page's ids to the SKU Aiuta's catalog can dress (see catalog.ts).
 * - `POST /aiuta_images` takes an installation's report of the images it got (see image-owners.ts).
 * Rate limits, budgets, the catalog cache and image owners live in one key-value store.
 */

export interface TokenHandlerOptions {
  /** Milliseconds since the epoch; injectable for tests. */
  clock?: () => number;
  /**
   * Your own check of who is asking (a header your deployment adds, a server-to-server credential...).
   * Return false to refuse with 403. Without it, the handler serves anonymous callers only when the
   * configuration allows them (`AIUTA_JWT_ALLOW_ANONYMOUS=true`, or sandbox mode).
   */
  authorize?: (request: Request, asked: AuthorizeRequest) => boolean | Promise<boolean>;
  /** Shared state (rate limits, budgets, catalog cache, image owners); this process's memory by default. */
  store?: KeyValueStore;
  /** Longest wait for Aiuta's catalog, per call; 10 s by default. */
  catalogTimeoutMs?: number;
  /** `retry_after_s` of a `preparing` catalog answer; 5 s by default. */
  preparingRetryAfterSeconds?: number;
  /** Operator-facing lines (Aiuta's catalog unreachable...); never contain a secret. `console.warn` by default. */
  log?: (line: string) => void;
}

/** What `authorize` is asked about: a token, a catalog resolution, or an image report. */
export type AuthorizeRequest =
  | { kind: 'token'; params: TokenParams }
  | { kind: 'catalog'; body: CatalogRequest }
  | { kind: 'images'; body: ImageReport };

export interface TokenHandler {
  fetch: FetchHandler;
  /** Forgets all state kept in this process's memory: rate limits, budgets, cache, image owners (tests, sandbox reset). */
  reset(): void;
}

/** JSON bodies of token requests are tiny; anything bigger is not a token request. */
const MAX_TOKEN_BODY_BYTES = 16 * 1024;
/** A catalog request carries up to 20 ids and 20 image URLs of up to 2083 characters. */
const MAX_CATALOG_BODY_BYTES = 64 * 1024;
/** How soon to ask again when the shared store cannot be reached. */
const STORE_RETRY_AFTER_S = 5;
/**
 * Operations that spend something (a try-on, the subscription's budget) or destroy something (an
 * image). Any web page can make a visitor's browser send a GET or a form POST without an `Origin`
 * check (`<img src>`, `<form>`), so these are issued only for a POST with a JSON body, which a page
 * can send only after a CORS preflight its origin would fail.
 */
const JSON_ONLY_OPERATIONS: ReadonlySet<TokenParams['operation']> = new Set(['create_try_on', 'delete_image']);

type Answer = { status: number; body: unknown } | Failure;

/**
 * Throws `ConfigError` when nobody decided who may ask: no `authorize` hook and anonymous callers
 * not allowed.
 */
export function createTokenHandler(config: TokenServerConfig, options: TokenHandlerOptions = {}): TokenHandler {
  if (!options.authorize && !config.allowAnonymous && !config.sandbox) {
    throw new ConfigError(
      'Nobody may ask for tokens: set AIUTA_JWT_ALLOW_ANONYMOUS=true to serve the extension\'s anonymous callers (limited by token scope, lifetime, rate limit, budget and the catalog check), or pass an authorize() hook.',
    );
  }
  const clock = options.clock ?? Date.now;
  const ownStore = options.store ? undefined : new MemoryStore({ clock });
  const store = options.store ?? ownStore!;
  const limiter = new RateLimiter(store, { ...config.rateLimit, clock });
  const budget = config.dailyTryOns ? new TryOnBudget(store, config.dailyTryOns, clock) : undefined;
  const owners = new ImageOwners(store, clock, config.imagesPerClientPerDay);
  const cors: CorsPolicy = { allowedOrigins: config.allowedOrigins, anyOrigin: config.sandbox };
  const key = new TextEncoder().encode(config.secret);
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
        onboardImageHosts: config.onboardImageHosts,
        sandbox: config.sandbox,
        preparingRetryAfterSeconds: options.preparingRetryAfterSeconds ?? 5,
      })
    : undefined;

  async function fetch(request: Request, client?: ClientInfo): Promise<Response> {
    const url = new URL(request.url);
    if (url.pathname === '/healthz' && request.method === 'GET') return json({ status: 'ok' });
    const route =
      url.pathname === config.path
        ? 'token'
        : url.pathname === config.catalogPath
          ? 'catalog'
          : url.pathname === config.imagesPath
            ? 'images'
            : undefined;
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
    if (sentByPageMarkup(request)) {
      // Refused before the rate limit is charged: a page could otherwise throttle its visitors' own requests.
      return failure(
        { status: 403, error: 'not_a_fetch', message: 'This backend answers fetch() requests in CORS mode only, not page loads, images or no-cors requests.' },
        corsHeaders,
      );
    }
    let result: Answer;
    try {
      const caller = clientKey(request, client, config.clientIpHeader);
      result =
        route === 'token'
          ? await issue(request, url, caller)
          : route === 'catalog'
            ? await resolve(request, caller)
            : await report(request, caller);
    } catch (error) {
      if (!(error instanceof StoreUnavailableError)) throw error;
      log(`Shared state unavailable: ${error.message}`);
      result = {
        status: 503,
        error: 'state_unavailable',
        message: `This backend cannot reach its shared state right now; try again in ${STORE_RETRY_AFTER_S} s.`,
        headers: { 'Retry-After': String(STORE_RETRY_AFTER_S) },
      };
    }
    if ('error' in result) return failure(result, corsHeaders);
    return json(result.body, result.status, { ...corsHeaders, 'Cache-Control': 'no-store' });
  }

  /**
   * Charges `caller`'s rate limit: after what refuses a request for its method or its form (405, 400,
   * 413, 415), which costs nothing, and before anything that does (authorize(), signing, the budget,
   * Aiuta's catalog, the store's image owners). Any web page can make a visitor's browser send a GET
   * that is refused for its method (`<img src>`); were those counted, a page could throttle the
   * visitor's own requests.
   */
  async function limit(caller: string): Promise<Failure | null> {
    const decision = await limiter.take(caller);
    if (decision.allowed) return null;
    return {
      status: 429,
      error: 'rate_limited',
      message: `Too many requests; try again in ${decision.retryAfterSeconds} s.`,
      headers: { 'Retry-After': String(decision.retryAfterSeconds) },
    };
  }

  function otherSubscription(subscriptionId: string | undefined): Failure | null {
    if (subscriptionId === undefined || subscriptionId === config.subscriptionId) return null;
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

  async function issue(request: Request, url: URL, caller: string): Promise<Answer> {
    if (request.method !== 'GET' && request.method !== 'POST') {
      return {
        status: 405,
        error: 'method_not_allowed',
        message: 'Use POST with a JSON body, or GET with query arguments.',
        headers: { Allow: 'GET, POST, OPTIONS' },
      };
    }
    const raw = await readParams(request, url);
    if ('error' in raw) return raw;
    const parsed = tokenRequestSchema.safeParse(raw.params);
    if (!parsed.success) {
      return { status: 400, error: 'invalid_params', message: `Invalid token request: ${describeIssues(parsed.error)}.` };
    }
    const params = parsed.data;
    if (JSON_ONLY_OPERATIONS.has(params.operation) && !raw.jsonBody) {
      return {
        status: 405,
        error: 'method_not_allowed',
        message: `Ask for a ${params.operation} token with POST and a JSON body; GET serves upload_image only.`,
        headers: { Allow: 'POST, OPTIONS' },
      };
    }
    const limited = await limit(caller);
    if (limited) return limited;
    const refused =
      otherSubscription(params.subscription_id) ??
      (await authorized(request, { kind: 'token', params })) ??
      (await checkOperation(params, caller));
    if (refused) return refused;
    return { status: 200, body: { type: 'jwt', token: await sign(params) } };
  }

  /** What each operation needs besides valid params: a ready SKU and budget to try on; ownership to delete. */
  async function checkOperation(params: TokenParams, caller: string): Promise<Failure | null> {
    if (params.operation === 'create_try_on') {
      const refused =
        (catalog ? await catalog.refuseUnlessReady(params.sku_ids ?? [params.sku_id!]) : null) ??
        (budget ? await budget.charge(caller) : null);
      if (refused) return refused;
      // Predefined models are shared by every installation, so another owner does not refuse the try-on;
      // nor does a client past its daily image allowance (its image then stays unbound).
      if (params.install_id) await owners.claim([params.uploaded_image_id], params.install_id, caller);
      return null;
    }
    if (params.operation === 'delete_image') {
      // Sandbox mode still serves extension builds that send no install_id.
      if (config.sandbox && params.install_id === undefined) return null;
      return owners.refuseDelete(params.image_id, params.install_id);
    }
    return null;
  }

  async function report(request: Request, caller: string): Promise<Answer> {
    const wrongMethod = postOnly(request);
    if (wrongMethod) return wrongMethod;
    const parsed = await readRequest(request, MAX_TOKEN_BODY_BYTES, imageReportSchema, 'image report');
    if ('error' in parsed) return parsed;
    const limited = await limit(caller);
    if (limited) return limited;
    const refused =
      otherSubscription(parsed.data.subscription_id) ?? (await authorized(request, { kind: 'images', body: parsed.data }));
    if (refused) return refused;
    const claimed = await owners.claim([...new Set(parsed.data.image_ids)], parsed.data.install_id, caller);
    if ('error' in claimed) return claimed;
    return { status: 200, body: { owned: claimed.owned, not_owned: claimed.notOwned } };
  }

  async function resolve(request: Request, caller: string): Promise<Answer> {
    const wrongMethod = postOnly(request);
    if (wrongMethod) return wrongMethod;
    if (!catalog) {
      return {
        status: 501,
        error: 'catalog_check_disabled',
        message: 'This backend does not check products against the catalog (no AIUTA_API_KEY); use the page\'s own id.',
      };
    }
    const parsed = await readRequest(request, MAX_CATALOG_BODY_BYTES, catalogRequestSchema, 'catalog request');
    if ('error' in parsed) return parsed;
    const limited = await limit(caller);
    if (limited) return limited;
    const refused =
      otherSubscription(parsed.data.subscription_id) ?? (await authorized(request, { kind: 'catalog', body: parsed.data }));
    if (refused) return refused;
    return catalog.resolve(parsed.data);
  }

  async function sign(params: TokenParams): Promise<string> {
    // install_id is this backend's own bookkeeping; Aiuta gets no per-installation id. The
    // subscription is the server's, whatever the caller named (a different one was refused above).
    const { install_id: _installId, ...claims } = params;
    const issuedAt = Math.floor(clock() / 1000);
    return new SignJWT({ ...claims, subscription_id: config.subscriptionId })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuer(config.issuer)
      .setIssuedAt(issuedAt)
      .setExpirationTime(issuedAt + config.ttlSeconds)
      .sign(key);
  }

  return { fetch, reset: () => ownStore?.clear() };
}

function failure(failed: Failure, corsHeaders: Record<string, string> = {}): Response {
  return json({ error: failed.error, message: failed.message }, failed.status, {
    ...corsHeaders,
    ...failed.headers,
    'Cache-Control': 'no-store',
  });
}

/**
 * Who is asking, for rate limits and per-client budgets: the address in the one header the proxy
 * sets (`AIUTA_JWT_CLIENT_IP_HEADER`), else the peer address. Of a list (X-Forwarded-For), the
 * rightmost entry is the one the proxy added; entries left of it are whatever the client sent, and
 * keying on those would give each forged value a fresh bucket. An IPv6 address counts by its /64.
 */
function clientKey(request: Request, client: ClientInfo | undefined, clientIpHeader: string | undefined): string {
  const forwarded = clientIpHeader ? request.headers.get(clientIpHeader)?.split(',').at(-1)?.trim() : undefined;
  const address = forwarded || client?.clientAddress;
  return address ? clientBucket(address) : 'unknown-client';
}

/**
 * The bucket an address counts in. One IPv6 subscriber gets a whole /64 (2^64 addresses) and may use
 * a fresh one for every request, so an IPv6 address counts by its /64 prefix (`2001:db8:1:2::/64`).
 * IPv4, IPv4-mapped IPv6 (`::ffff:192.0.2.1`) and anything unparsable count as they are.
 */
export function clientBucket(address: string): string {
  const groups = ipv6Groups(address.replace(/^\[|\](:\d+)?$/g, '').replace(/%.*$/, ''));
  if (!groups) return address;
  if (groups.slice(0, 5).every((group) => group === 0) && groups[5] === 0xffff) return address;
  return `${groups.slice(0, 4).map((group) => group.toString(16)).join(':')}::/64`;
}

/** The eight 16-bit groups of an IPv6 address (`::` and a dotted IPv4 tail allowed), or null. */
function ipv6Groups(address: string): number[] | null {
  if (!address.includes(':')) return null;
  let text = address.toLowerCase();
  const dotted = /(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (dotted) {
    const bytes = dotted.slice(1).map(Number);
    if (bytes.some((byte) => byte > 255)) return null;
    text = `${text.slice(0, dotted.index)}${((bytes[0]! << 8) | bytes[1]!).toString(16)}:${((bytes[2]! << 8) | bytes[3]!).toString(16)}`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const parse = (part: string) => (part === '' ? [] : part.split(':'));
  const head = parse(halves[0]!);
  const tail = halves.length === 2 ? parse(halves[1]!) : [];
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return null;
  const all = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...tail];
  if (!all.every((group) => /^[0-9a-f]{1,4}$/.test(group))) return null;
  return all.map((group) => parseInt(group, 16));
}

/** 405 for anything but POST: the catalog and image endpoints take a JSON body only. */
function postOnly(request: Request): Failure | null {
  if (request.method === 'POST') return null;
  return { status: 405, error: 'method_not_allowed', message: 'Use POST with a JSON body.', headers: { Allow: 'POST, OPTIONS' } };
}

/** The JSON body checked against `schema`: readJsonBody's failures, or 400 saying what is wrong with `what`. */
async function readRequest<T>(
  request: Request,
  limitBytes: number,
  schema: z.ZodType<T>,
  what: string,
): Promise<{ data: T } | Failure> {
  const body = await readJsonBody(request, limitBytes);
  if ('error' in body) return body;
  const parsed = schema.safeParse(body.value);
  if (!parsed.success) return { status: 400, error: 'invalid_params', message: `Invalid ${what}: ${describeIssues(parsed.error)}.` };
  return { data: parsed.data };
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

/**
 * Query arguments plus, for POST, the JSON body on top (Aiuta's reference backend merges them the same
 * way). `jsonBody`: the request carried a JSON body.
 */
async function readParams(
  request: Request,
  url: URL,
): Promise<{ params: Record<string, unknown>; jsonBody: boolean } | Failure> {
  const params: Record<string, unknown> = {};
  for (const name of new Set(url.searchParams.keys())) {
    const values = url.searchParams.getAll(name);
    if (name === 'sku_ids') params[name] = values;
    else if (values.length > 1) {
      return { status: 400, error: 'invalid_params', message: `Give ${name} only once.` };
    } else params[name] = values[0];
  }
  if (request.method !== 'POST') return { params, jsonBody: false };
  const body = await readJsonBody(request, MAX_TOKEN_BODY_BYTES);
  if ('error' in body) return body;
  return { params: { ...params, ...body.value }, jsonBody: body.value !== undefined };
}
