/**
 * CORS for the token endpoint. Browsers attach `Origin` to an extension's cross-origin requests
 * (`chrome-extension://<id>`, `moz-extension://<uuid>`); only configured origins get an answer they
 * can read. Requests without `Origin` (curl, server to server) are not browser requests and CORS does
 * not apply to them.
 */

export interface CorsPolicy {
  allowedOrigins: readonly string[];
  /** Sandbox mode: any origin, answered with `*`. */
  anyOrigin: boolean;
}

export type OriginDecision =
  | { kind: 'no-origin' }
  | { kind: 'allowed'; headers: Record<string, string> }
  | { kind: 'refused'; origin: string };

const ALLOWED_METHODS = 'GET, POST, OPTIONS';
// Content-Type for the JSON body; Authorization for integrators who put their own session check in front.
const ALLOWED_HEADERS = 'Content-Type, Authorization';

export function decideOrigin(request: Request, policy: CorsPolicy): OriginDecision {
  const origin = request.headers.get('origin');
  if (origin === null) return { kind: 'no-origin' };
  if (policy.anyOrigin) return { kind: 'allowed', headers: { 'Access-Control-Allow-Origin': '*' } };
  if (policy.allowedOrigins.some((allowed) => originMatches(allowed, origin))) {
    return { kind: 'allowed', headers: { 'Access-Control-Allow-Origin': origin, Vary: 'Origin' } };
  }
  return { kind: 'refused', origin };
}

/**
 * Whether the browser says a page's markup or a no-cors request sent this: an `<img>`, a frame, a
 * link, a form, a beacon or `fetch(..., { mode: 'no-cors' })` (`Sec-Fetch-Mode` other than `cors`,
 * or a `Sec-Fetch-Dest` other than `empty`). Such a GET carries no `Origin`, so CORS cannot refuse
 * it, yet it would use up the visitor's rate limit. The extension asks with `fetch()`, which is
 * `cors`/`empty`; clients that send no such headers (curl, servers) are not browsers and pass.
 */
export function sentByPageMarkup(request: Request): boolean {
  const mode = request.headers.get('sec-fetch-mode');
  const dest = request.headers.get('sec-fetch-dest');
  return (mode !== null && mode !== 'cors') || (dest !== null && dest !== 'empty');
}

/**
 * Exact match, or `<scheme>://*` for any extension of that browser. Firefox gives every installation
 * its own random moz-extension UUID, so a Firefox extension can only be allowed by scheme.
 */
function originMatches(allowed: string, origin: string): boolean {
  if (allowed.endsWith('://*')) return origin.startsWith(allowed.slice(0, -1)) && origin.length > allowed.length - 1;
  return allowed === origin;
}

/** Headers for a successful preflight, on top of the allow-origin ones. */
export function preflightHeaders(): Record<string, string> {
  return {
    'Access-Control-Allow-Methods': ALLOWED_METHODS,
    'Access-Control-Allow-Headers': ALLOWED_HEADERS,
    'Access-Control-Max-Age': '600',
  };
}
