import * as z from 'zod/mini';

/**
 * Every failure the extension can explain. The code is stable (UI, tests and i18n key off it);
 * the message is one plain sentence for a shopper, used when the UI has no translation for the code.
 */
/** A service's own words are cut to this many characters. */
export const errorDetailMax = 200;

export const errorCodes = [
  // messaging
  'bad_request',
  'unknown_message',
  'forbidden_sender',
  'bad_response',
  'no_receiver',
  'panel_session_unknown',
  'job_not_found',
  // settings and credentials
  'not_configured',
  'token_unreachable',
  'token_bad_response',
  'token_rejected',
  'token_expired',
  'budget_exhausted',
  'consent_required',
  'api_key_not_local',
  // catalog endpoint
  'catalog_unreachable',
  'catalog_refused',
  'catalog_bad_response',
  // Aiuta API
  'api_unreachable',
  'api_timeout',
  'api_unauthorized',
  'api_forbidden',
  'api_rate_limited',
  'api_unavailable',
  'api_validation',
  'api_bad_response',
  'api_error',
  'photo_expired',
  'sku_not_found',
  'too_many_items',
  'remote_delete_failed',
  // photos
  'photo_missing',
  'photo_not_image',
  'photo_too_small',
  'photo_too_large',
  'photo_unreadable',
  'photo_heic',
  'photo_limit',
  'photo_upload_failed',
  // generation outcomes
  'generation_failed',
  'generation_cancelled',
  'generation_timeout',
  'generation_interrupted',
  'abort_no_people',
  'abort_too_many_people',
  'abort_child',
  'abort_target_area',
  'abort_restricted',
  // anything else
  'internal',
] as const;

export type ErrorCode = (typeof errorCodes)[number];

/**
 * What a sentence needs beyond the code, as data rather than English: the translated sentence fills
 * its placeholders from these (utils/error-sentence.ts). Each field is optional and bounded.
 */
export const errorParamsSchema = z.object({
  /** The wait the service asked for (Retry-After), in whole seconds. */
  retryAfterS: z.optional(z.int().check(z.minimum(1), z.maximum(7 * 24 * 3600))),
  /** When a spent allowance is available again, in milliseconds since the epoch. */
  resetsAt: z.optional(z.number().check(z.minimum(0))),
  /** The host that answered with a redirect, which the extension refused to follow. */
  redirectedBy: z.optional(z.string().check(z.minLength(1), z.maxLength(255))),
  /** The service's own words, in its language: shown only labelled as such, beside the translated sentence. */
  detail: z.optional(z.string().check(z.minLength(1), z.maxLength(errorDetailMax))),
});

export type ErrorParams = z.infer<typeof errorParamsSchema>;

export const appErrorSchema = z.object({
  code: z.enum(errorCodes),
  message: z.string(),
  params: z.optional(errorParamsSchema),
});

export type AppErrorData = z.infer<typeof appErrorSchema>;

export class AppError extends Error {
  override name = 'AppError';

  readonly params?: ErrorParams;

  constructor(
    readonly code: ErrorCode,
    message: string,
    options?: { cause?: unknown; params?: ErrorParams },
  ) {
    super(message, options);
    // Only fields the schema accepts travel on, so a bad value never makes the whole error unreadable.
    const given = Object.entries(options?.params ?? {}).filter(([, value]) => value !== undefined);
    const params = errorParamsSchema.safeParse(Object.fromEntries(given));
    if (given.length > 0 && params.success) this.params = params.data;
  }

  toJSON(): AppErrorData {
    return this.params ? { code: this.code, message: this.message, params: this.params } : { code: this.code, message: this.message };
  }
}

/** Turns anything thrown into an AppError without losing an existing code. */
export function toAppError(error: unknown, fallback: ErrorCode = 'internal'): AppError {
  if (error instanceof AppError) return error;
  const parsed = appErrorSchema.safeParse(error);
  if (parsed.success) return new AppError(parsed.data.code, parsed.data.message, { params: parsed.data.params });
  const detail = error instanceof Error ? error.message : String(error);
  return new AppError(fallback, `Something went wrong (${detail}). Please try again.`, { cause: error });
}
