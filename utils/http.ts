import { AppError, type ErrorCode } from '@/utils/errors';
import { isLocalHost } from '@/utils/local-address';

/** What every HTTP client of the extension (token broker, Aiuta client) shares: waits, clocks, URLs. */

export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

export interface HttpDeps {
  fetch: typeof fetch;
  sleep: Sleep;
  /** In [0, 1); injected so backoff jitter is deterministic in tests. */
  random: () => number;
  now: () => number;
}

export const sleep: Sleep = (ms, signal) =>
  new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    // The listener goes when the wait ends: a job's signal sees hundreds of waits.
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });

export const defaultHttpDeps = (): HttpDeps => ({
  fetch: (input, init) => globalThis.fetch(input, init),
  sleep,
  random: Math.random,
  now: Date.now,
});

/**
 * Every request goes only to the address in the settings. A redirect is handed back, never followed
 * (`redirect: 'manual'`): followed, it would carry the shopper's photo, a token or the page's ids to a
 * host nobody configured (307 and 308 resend the body).
 */
export const noRedirects = { redirect: 'manual' } as const satisfies RequestInit;

/**
 * Refuses an answer that is a redirect: browsers hand it back opaque (status 0), other fetches as the
 * 3xx itself. `what` names the service for the sentence ("token server").
 */
export function refuseRedirect(response: Response, requested: URL | string, what: string, code: ErrorCode): void {
  const redirected = response.type === 'opaqueredirect' || (response.status >= 300 && response.status < 400 && response.status !== 304);
  if (!redirected) return;
  const host = new URL(requested).host;
  throw new AppError(code, `The ${what} at ${host} sent the request to another address. The extension sends it only to the address in the settings: check that address.`, {
    params: { redirectedBy: host },
  });
}

/** A Retry-After wait as the whole seconds an error sentence names (at least 1, at most a week). */
export function retryAfterSeconds(ms: number | undefined): number | undefined {
  return ms === undefined ? undefined : Math.min(7 * 24 * 3600, Math.max(1, Math.ceil(ms / 1000)));
}

/** Retry-After is either delta-seconds or an HTTP date (RFC 9110 section 10.2.3). */
export function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * The API base URL and token endpoint must be https (tokens and the shopper's photo travel over
 * them); plain http is accepted only on this computer, for the local sandbox.
 */
export function serviceUrl(value: string, what: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new AppError('not_configured', `The ${what} is not set. Enter it in the extension's settings.`);
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLocalHost(url.hostname))) {
    throw new AppError('not_configured', `The ${what} must start with https:// (plain http is allowed only for localhost).`);
  }
  return url;
}
