import type { FetchHandler } from '../../token/http';
import { delay, faultAnswer, faultFromHeader, waitForAbort, type FaultController, type RouteName } from '../faults';
import { jsonBodyOf, type Flavour, type LogDraft, type RequestLog } from '../request-log';
import { apiError, CORS_HEADERS } from './api-errors';
import { checkRoute, identify } from './auth';
import type { EmulatorContext, EmulatorSettings, RouteCall } from './context';
import { modelsResponse } from './models';
import { createOperation, getOperation } from './operations';
import { createSkuItem, getSkuItem, listSkuItems, serveSkuItemPicture } from './sku-items';
import { EmulatorState } from './state';
import { deleteGeneratedImage, deleteUploadedImage, getUploadedImage, serveImageFile, uploadImage } from './uploads';

/**
 * The Aiuta API emulator as one fetch handler. Every endpoint the extension uses is served under both
 * `/digital-try-on/v1` and `/v1` (create/status under the path each API documents), the SKU catalog
 * (which a backend uses) under `/v1` only, as the unified API documents it; image bytes under
 * `/sandbox-images/`; test controls under `/__sandbox/` (handled by `control`).
 */

type ApiRoute = Exclude<RouteName, 'image_file' | 'token' | 'catalog'>;

interface RouteRule {
  method: string;
  pattern: RegExp;
  route: ApiRoute;
  /** Endpoints that exist in one API only. */
  only?: Flavour;
}

const RULES: readonly RouteRule[] = [
  { method: 'POST', pattern: /^\/uploaded_images\/?$/, route: 'upload' },
  { method: 'GET', pattern: /^\/uploaded_images\/([^/]+)$/, route: 'get_uploaded' },
  { method: 'DELETE', pattern: /^\/uploaded_images\/([^/]+)$/, route: 'delete_uploaded' },
  { method: 'DELETE', pattern: /^\/generated_images\/([^/]+)$/, route: 'delete_generated' },
  { method: 'POST', pattern: /^\/sku_images_operations\/?$/, route: 'create', only: 'digital-try-on' },
  { method: 'GET', pattern: /^\/sku_images_operations\/([^/]+)$/, route: 'status', only: 'digital-try-on' },
  { method: 'POST', pattern: /^\/sku_try_on_operations\/?$/, route: 'create', only: 'unified' },
  { method: 'GET', pattern: /^\/sku_try_on_operations\/([^/]+)$/, route: 'status', only: 'unified' },
  { method: 'GET', pattern: /^\/(?:predefined_try_on_models|try_on_models)\/?$/, route: 'models' },
  { method: 'GET', pattern: /^\/sku_items\/?$/, route: 'list_sku_items', only: 'unified' },
  { method: 'POST', pattern: /^\/sku_items\/?$/, route: 'create_sku_item', only: 'unified' },
  { method: 'GET', pattern: /^\/sku_items\/([^/]+)$/, route: 'get_sku_item', only: 'unified' },
];

const PREFIXES: readonly [string, Flavour][] = [
  ['/digital-try-on/v1', 'digital-try-on'],
  ['/v1', 'unified'],
];

type Resolved =
  | { kind: 'route'; route: ApiRoute; flavour: Flavour; id?: string }
  | { kind: 'wrong-method'; flavour: Flavour }
  | { kind: 'unknown'; flavour?: Flavour };

function resolve(method: string, pathname: string): Resolved {
  const prefix = PREFIXES.find(([start]) => pathname.startsWith(`${start}/`));
  if (!prefix) return { kind: 'unknown' };
  const [start, flavour] = prefix;
  const rest = pathname.slice(start.length);
  let pathExists = false;
  for (const rule of RULES) {
    if (rule.only && rule.only !== flavour) continue;
    const match = rule.pattern.exec(rest);
    if (!match) continue;
    pathExists = true;
    if (rule.method !== method) continue;
    const id = match[1] === undefined ? undefined : safeDecode(match[1]);
    return { kind: 'route', route: rule.route, flavour, id };
  }
  return pathExists ? { kind: 'wrong-method', flavour } : { kind: 'unknown', flavour };
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

export interface Emulator {
  fetch: FetchHandler;
  state: EmulatorState;
}

export interface EmulatorDeps {
  faults: FaultController;
  log: RequestLog;
  clock?: () => number;
  /** Handles `/__sandbox/*`; the sandbox passes its control endpoints. */
  control?: (request: Request, url: URL) => Promise<Response>;
  /** The demo store's origin once it listens. */
  storeOrigin?: () => string | undefined;
}

export function createEmulator(settings: EmulatorSettings, deps: EmulatorDeps): Emulator {
  const clock = deps.clock ?? Date.now;
  const state = new EmulatorState(clock);
  const ctx: EmulatorContext = { settings, state, faults: deps.faults, clock, storeOrigin: deps.storeOrigin ?? (() => undefined) };

  async function fetch(request: Request): Promise<Response> {
    const url = new URL(request.url);
    if (request.method === 'OPTIONS') return preflight(request);
    if (url.pathname.startsWith('/__sandbox/') && deps.control) return deps.control(request, url);
    const isImageFile = url.pathname.startsWith('/sandbox-images/');
    const resolved: Resolved = isImageFile ? { kind: 'unknown' } : resolve(request.method, url.pathname);
    const route: RouteName | 'unknown' = isImageFile ? 'image_file' : resolved.kind === 'route' ? resolved.route : 'unknown';
    const draft: LogDraft = {
      startedAt: Date.now(),
      service: 'api',
      method: request.method,
      path: url.pathname,
      query: url.search.replace(/^\?/, ''),
      route,
      flavour: 'flavour' in resolved ? resolved.flavour : undefined,
      auth: 'none',
    };
    const response = await answer(request, url, resolved, route, draft);
    deps.log.add(
      { ...draft, responseBody: route === 'image_file' ? undefined : await jsonBodyOf(response) },
      request.signal.aborted && draft.fault === 'hang' ? 0 : response.status,
      Date.now(),
    );
    return response;
  }

  async function answer(request: Request, url: URL, resolved: Resolved, route: RouteName | 'unknown', draft: LogDraft) {
    if (route !== 'unknown') {
      const faulted = await injectFault(request, route, draft);
      if (faulted) return faulted;
    }
    if (route === 'image_file') {
      const skuPicture = /^\/sandbox-images\/sku_items\/([^/]+)\/(\d+)$/.exec(url.pathname);
      if (skuPicture) return serveSkuItemPicture(ctx, skuPicture[1]!, Number(skuPicture[2]));
      return serveImageFile(ctx, url.pathname);
    }
    if (resolved.kind === 'wrong-method') return apiError(405, 'method_not_allowed', 'Method Not Allowed');
    if (resolved.kind !== 'route') return apiError(404, 'not_found', 'Not Found');

    const identified = await identify(request, settings, clock());
    if (!identified.ok) {
      draft.auth = identified.auth;
      return identified.response;
    }
    const credential = identified.credential;
    draft.auth = credential.kind;
    if (credential.kind === 'bearer') draft.tokenClaims = credential.claims;
    const refused = checkRoute(credential, resolved.route, resolved.id);
    if (refused) return refused;
    const call: RouteCall = {
      request,
      origin: url.origin,
      flavour: resolved.flavour,
      id: resolved.id,
      credential,
      draft,
    };
    return dispatch(resolved.route, call);
  }

  function dispatch(route: ApiRoute, call: RouteCall): Response | Promise<Response> {
    switch (route) {
      case 'upload':
        return uploadImage(ctx, call);
      case 'get_uploaded':
        return getUploadedImage(ctx, call);
      case 'delete_uploaded':
        return deleteUploadedImage(ctx, call);
      case 'delete_generated':
        return deleteGeneratedImage(ctx, call);
      case 'create':
        return createOperation(ctx, call);
      case 'status':
        return getOperation(ctx, call);
      case 'models':
        return modelsResponse(call.request, call.flavour, call.origin);
      case 'list_sku_items':
        return listSkuItems(ctx, call);
      case 'create_sku_item':
        return createSkuItem(ctx, call);
      case 'get_sku_item':
        return getSkuItem(ctx, call);
    }
  }

  /** Latency and injected errors; null when the request should be served normally. */
  async function injectFault(request: Request, route: RouteName, draft: LogDraft): Promise<Response | null> {
    const perRequest = faultFromHeader(request.headers.get('x-sandbox-fault'));
    const configured = deps.faults.appliesTo(route);
    if (!perRequest && !configured) return null;
    if (configured) await delay(deps.faults.latencyMs, request.signal);
    const decision = perRequest ?? (configured ? deps.faults.decide(route).kind : 'none');
    if (decision === 'none') return null;
    draft.fault = decision;
    if (decision === 'hang') {
      await waitForAbort(request.signal);
      return apiError(504, 'timeout', 'The sandbox let this request hang on purpose.');
    }
    const fault = faultAnswer(decision, deps.faults.retryAfterSeconds);
    return apiError(fault.status, fault.code, fault.message, { headers: fault.headers });
  }

  return { fetch, state };
}

function preflight(request: Request): Response {
  const headers: Record<string, string> = {
    ...CORS_HEADERS,
    'Access-Control-Allow-Methods': 'GET, POST, DELETE, OPTIONS',
    'Access-Control-Allow-Headers':
      request.headers.get('access-control-request-headers') ??
      'Authorization, Content-Type, If-None-Match, x-user-id, x-api-key, x-sandbox-fault, x-sandbox-outcome',
    'Access-Control-Max-Age': '600',
  };
  // Chrome's Private Network Access asks before a public page may call 127.0.0.1.
  if (request.headers.get('access-control-request-private-network') === 'true') {
    headers['Access-Control-Allow-Private-Network'] = 'true';
  }
  return new Response(null, { status: 204, headers });
}
