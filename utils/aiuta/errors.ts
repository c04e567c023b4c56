import { AppError, errorDetailMax, type ErrorCode } from '@/utils/errors';
import { retryAfterSeconds } from '@/utils/http';
import {
  apiErrorBodySchema,
  httpExceptionSchema,
  httpValidationErrorSchema,
  type AbortReason,
} from '@/utils/aiuta/schemas';

/** What the request was for, so the same status can be explained in the shopper's terms. */
export type ApiCallKind = 'upload' | 'create' | 'status' | 'models' | 'delete';

const abortAdvice: Record<AbortReason, { code: ErrorCode; message: string }> = {
  NO_PEOPLE_DETECTED: {
    code: 'abort_no_people',
    message: "We couldn't find a person in your photo. Use a well-lit photo of one adult standing straight.",
  },
  TOO_MANY_PEOPLE_DETECTED: {
    code: 'abort_too_many_people',
    message: 'Your photo shows more than one person. Use a photo with only you in it.',
  },
  CHILD_DETECTED: {
    code: 'abort_child',
    message: 'Try-on works only with photos of adults. Please choose a different photo.',
  },
  INSUFFICIENT_TARGET_AREA: {
    code: 'abort_target_area',
    message: "The part of you this item goes on isn't visible enough. Use a photo that shows more of your body.",
  },
  INTERNAL_RESTRICTION: {
    code: 'abort_restricted',
    message: "This result can't be shown. Please try a different photo or product.",
  },
};

export function abortReasonError(reason: AbortReason | null | undefined): AppError {
  const advice = reason ? abortAdvice[reason] : undefined;
  if (advice) return new AppError(advice.code, advice.message);
  return new AppError('generation_failed', 'The try-on service stopped this try-on. Please try another photo.');
}

export function operationFailedError(detail: string | null | undefined): AppError {
  return new AppError('generation_failed', `The try-on could not be generated${quote(detail)}. Please try again.`, { params: detailParams(detail) });
}

/** Aiuta's SDK treats this 400 detail as "the uploaded photo is gone, upload it again". */
const photoGonePattern = /input image .*not found/i;
const skuGonePattern = /sku.*not found|not found.*sku|unknown sku/i;

/** Turns an HTTP error response into an AppError with a sentence for the shopper. */
export function apiResponseError(status: number, body: unknown, kind: ApiCallKind, retryAfterMs?: number): AppError {
  const error = describeResponse(status, body, kind, retryAfterMs);
  const described = new AppError(error.code, error.message, { cause: { status, body } satisfies HttpErrorCause, params: error.params });
  // A 404 on a status request keeps saying "gone" with its status as the cause.
  if (goneErrors.has(error)) goneErrors.add(described);
  return described;
}

/** Kept on the AppError so callers can tell a server fault (5xx) from a refusal (4xx). */
export interface HttpErrorCause {
  status: number;
  body: unknown;
}

export function httpStatusOf(error: AppError): number | undefined {
  const cause = error.cause as Partial<HttpErrorCause> | undefined;
  return typeof cause?.status === 'number' ? cause.status : undefined;
}

/** Failures the next request may well get past: no answer, a busy or failing server. */
const transientCodes = new Set<ErrorCode>(['api_unreachable', 'api_timeout', 'api_unavailable', 'api_rate_limited']);
export const isTransient = (error: AppError): boolean => transientCodes.has(error.code) || (httpStatusOf(error) ?? 0) >= 500;

/** Errors that say the service no longer knows the operation (their code is shared with other failures). */
const goneErrors = new WeakSet<AppError>();

/** The try-on service has no such operation (any more). */
export function operationGoneError(): AppError {
  const error = new AppError('generation_failed', 'The try-on service no longer knows this try-on. Please start it again.');
  goneErrors.add(error);
  return error;
}

/** Whether an error says the service no longer knows the operation (a 404 on its status, or a null body). */
export const isOperationGone = (error: unknown): boolean => error instanceof AppError && goneErrors.has(error);

function describeResponse(status: number, body: unknown, kind: ApiCallKind, retryAfterMs?: number): AppError {
  const detail = serverDetail(body);
  if (status === 404 && kind === 'status') return operationGoneError();
  if (status === 400 && detail && photoGonePattern.test(detail)) {
    return new AppError('photo_expired', 'Your uploaded photo has expired on the try-on service; it needs to be uploaded again.');
  }
  if ((status === 404 || status === 400) && kind === 'create' && (status === 404 || (detail && skuGonePattern.test(detail)))) {
    return new AppError('sku_not_found', `This product is not available for try-on yet${quote(detail)}.`, { params: detailParams(detail) });
  }
  switch (status) {
    case 401:
      return new AppError('api_unauthorized', 'The try-on service did not accept the credentials. Check the subscription ID and token endpoint in the settings.');
    case 403:
      return new AppError('api_forbidden', `The try-on service refused this request${quote(detail)}.`, { params: detailParams(detail) });
    case 413:
      return new AppError('photo_too_large', 'The try-on service says the photo is too large. Choose a smaller photo.');
    case 422:
      return new AppError('api_validation', `The try-on service could not use this request${quote(detail)}.`, { params: detailParams(detail) });
    case 429:
      return new AppError('api_rate_limited', `The try-on service is busy right now${waitHint(retryAfterMs)}.`, { params: { retryAfterS: retryAfterSeconds(retryAfterMs) } });
    case 503:
      return new AppError('api_unavailable', `The try-on service is temporarily unavailable${waitHint(retryAfterMs)}.`, { params: { retryAfterS: retryAfterSeconds(retryAfterMs) } });
  }
  if (status >= 500) return new AppError('api_error', `The try-on service had a problem${quote(detail)}. Please try again later.`, { params: detailParams(detail) });
  return new AppError('api_error', `The try-on service answered with an error (HTTP ${status})${quote(detail)}.`, { params: detailParams(detail) });
}

/** The one human-readable line in a 4xx/5xx body, whichever of Aiuta's error shapes it has. */
export function serverDetail(body: unknown): string | undefined {
  const validation = httpValidationErrorSchema.safeParse(body);
  if (validation.success) {
    return validation.data.detail
      .map((item) => (item.loc?.length ? `${item.loc.filter((part) => part !== 'body').join('.')}: ${item.msg}` : item.msg))
      .join('; ');
  }
  const exception = httpExceptionSchema.safeParse(body);
  if (exception.success) return exception.data.detail;
  const apiError = apiErrorBodySchema.safeParse(body);
  if (apiError.success) return `${apiError.data.message} [${apiError.data.code}]`;
  return undefined;
}

function shorten(detail: string): string {
  return detail.length > errorDetailMax ? `${detail.slice(0, errorDetailMax - 3)}...` : detail;
}

function quote(detail: string | null | undefined): string {
  return detail ? ` ("${shorten(detail)}")` : '';
}

/** The service's own line, carried apart from the sentence so a translated UI can label it as such. */
function detailParams(detail: string | null | undefined): { detail?: string } {
  return detail?.trim() ? { detail: shorten(detail.trim()) } : {};
}

function waitHint(retryAfterMs: number | undefined): string {
  if (retryAfterMs === undefined) return '; please try again in a minute';
  return `; please try again in ${Math.max(1, Math.ceil(retryAfterMs / 1000))} seconds`;
}
