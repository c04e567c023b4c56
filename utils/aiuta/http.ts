import { AppError } from '@/utils/errors';
import { noRedirects, parseRetryAfter, refuseRedirect, type HttpDeps } from '@/utils/http';

/**
 * One HTTP exchange with the try-on service, with a timeout, plus the retry rules. Kept apart from
 * the Aiuta client so the rules (which failures may be repeated, how long to wait) read in one place.
 */

/**
 * - `idempotent`: reads and deletes; repeating one cannot cost anything, so timeouts, dropped
 *   connections and 5xx are retried.
 * - `not-processed-only`: POSTs that start paid work (create) or store personal data (upload). They
 *   are repeated only when the server said it did not process the request (429, 503) or when the
 *   connection failed before the request left (refused, DNS). After a timeout, a reset connection or a
 *   500 the request may already be running on the server: repeating it could start a second paid
 *   generation (or leave a second copy of the shopper's photo), so the error goes to the shopper instead.
 */
export type RetryPolicy = 'idempotent' | 'not-processed-only';

export interface HttpCall {
  method: 'GET' | 'POST' | 'DELETE';
  url: string;
  headers: Record<string, string>;
  /** Rebuilt for every attempt: a sent body (stream, FormData) must not be reused. */
  body?: () => BodyInit;
  timeoutMs: number;
  retry: RetryPolicy;
  signal?: AbortSignal;
  /** Waited for before each attempt leaves (`true`, after any wait) and after an answer or failure that proves it was not processed (`false`). */
  onSend?: SendWatch;
}

/**
 * Told whether a request may be under way at the server: `true` just before it leaves (the request
 * waits for it), `false` when its answer or failure proved it was not processed (429, 503, a
 * connection that failed before sending), so only the wait for the next attempt lies ahead.
 */
export type SendWatch = (leaving: boolean) => Promise<void>;

export interface HttpReply {
  status: number;
  headers: Headers;
  /** Parsed JSON, or undefined when the body is empty or not JSON (`jsonError` tells which). */
  body: unknown;
  jsonError: boolean;
  /** Parsed Retry-After of a 429/503 the retry loop gave up on. */
  retryAfterMs?: number;
}

export interface RetryLimits {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** A longer Retry-After is not waited for: the shopper is told to come back instead. */
  maxRetryAfterMs: number;
}

export const defaultRetryLimits: RetryLimits = { maxAttempts: 4, baseDelayMs: 500, maxDelayMs: 8_000, maxRetryAfterMs: 30_000 };

/** Exponential backoff with "equal jitter": half fixed, half random, never above maxDelayMs. */
export function backoffDelay(attempt: number, random: () => number, limits: RetryLimits = defaultRetryLimits): number {
  const ceiling = Math.min(limits.maxDelayMs, limits.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(ceiling / 2 + (ceiling / 2) * random());
}

/** Small random extra on top of a server's Retry-After so many clients do not return in lockstep. */
const retryAfterJitterMs = 250;

type Attempt = { reply: HttpReply } | { failure: AppError; beforeSend: boolean };

export async function sendHttp(call: HttpCall, deps: HttpDeps, limits: RetryLimits = defaultRetryLimits): Promise<HttpReply> {
  for (let attempt = 1; ; attempt++) {
    await call.onSend?.(true);
    const result = await attemptOnce(call, deps);
    const notProcessed = 'failure' in result ? result.beforeSend : result.reply.status === 429 || result.reply.status === 503;
    if (notProcessed) await call.onSend?.(false);
    const last = attempt >= limits.maxAttempts;
    if ('failure' in result) {
      if (last || (call.retry !== 'idempotent' && !result.beforeSend)) throw result.failure;
      await deps.sleep(backoffDelay(attempt, deps.random, limits), call.signal);
      continue;
    }
    const { reply } = result;
    if (reply.status === 429 || reply.status === 503) {
      const retryAfterMs = parseRetryAfter(reply.headers.get('retry-after'), deps.now());
      if (last || (retryAfterMs !== undefined && retryAfterMs > limits.maxRetryAfterMs)) return { ...reply, retryAfterMs };
      const delay = retryAfterMs !== undefined
        ? retryAfterMs + Math.round(retryAfterJitterMs * deps.random())
        : backoffDelay(attempt, deps.random, limits);
      await deps.sleep(delay, call.signal);
      continue;
    }
    if (reply.status >= 500 && call.retry === 'idempotent' && !last) {
      await deps.sleep(backoffDelay(attempt, deps.random, limits), call.signal);
      continue;
    }
    return reply;
  }
}

async function attemptOnce(call: HttpCall, deps: HttpDeps): Promise<Attempt> {
  const timeout = AbortSignal.timeout(call.timeoutMs);
  const signal = call.signal ? AbortSignal.any([call.signal, timeout]) : timeout;
  let response: Response;
  let text: string;
  try {
    response = await deps.fetch(call.url, { method: call.method, headers: call.headers, body: call.body?.(), signal, ...noRedirects });
    text = await response.text();
  } catch (error) {
    if (call.signal?.aborted) throw call.signal.reason;
    if (timeout.aborted) {
      return {
        failure: new AppError('api_timeout', 'The try-on service did not answer in time. Please try again.', { cause: error }),
        beforeSend: false,
      };
    }
    return {
      failure: new AppError('api_unreachable', "The try-on service can't be reached. Check your connection and the API base URL in the settings.", { cause: error }),
      beforeSend: failedBeforeSending(error),
    };
  }
  // Not retried: asking again gets the same redirect.
  refuseRedirect(response, call.url, 'try-on service', 'api_bad_response');
  let body: unknown;
  let jsonError = false;
  if (text.trim()) {
    try {
      body = JSON.parse(text);
    } catch {
      jsonError = true;
    }
  }
  return { reply: { status: response.status, headers: response.headers, body, jsonError } };
}

/** Error codes that prove the request never reached a server (nothing can have been started). */
const beforeSendCodes = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

/**
 * Browsers report every network failure as the same TypeError, so there only "offline" proves the
 * request was not sent; everything else counts as ambiguous. Runtimes that expose the socket error
 * (Node's fetch, used by tests and the sandbox) are judged by its code.
 */
export function failedBeforeSending(error: unknown): boolean {
  if (typeof navigator !== 'undefined' && navigator.onLine === false) return true;
  let cause: unknown = error;
  for (let depth = 0; depth < 4 && cause && typeof cause === 'object'; depth++) {
    const code = (cause as { code?: unknown }).code;
    if (typeof code === 'string' && beforeSendCodes.has(code)) return true;
    cause = (cause as { cause?: unknown }).cause;
  }
  return false;
}
