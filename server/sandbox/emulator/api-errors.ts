import type { z } from 'zod';

/**
 * Error bodies in the shapes Aiuta documents: `ApiError { code, message, details? }` for 4xx/5xx, and
 * FastAPI's `HTTPValidationError { detail: [{ loc, msg, type }] }` for 422. ApiError bodies also carry
 * FastAPI's `detail` string, which Aiuta's SDK matches on (e.g. /input image .*not found/i).
 */

export const CORS_HEADERS: Record<string, string> = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Expose-Headers': 'ETag, Retry-After',
};

export function jsonResponse(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json', ...CORS_HEADERS, ...headers },
  });
}

export function apiError(
  status: number,
  code: string,
  message: string,
  options: { details?: Record<string, unknown>; headers?: Record<string, string> } = {},
): Response {
  const body = { code, message, detail: message, ...(options.details ? { details: options.details } : {}) };
  return jsonResponse(body, status, options.headers);
}

export interface ValidationIssue {
  loc: (string | number)[];
  msg: string;
  type: string;
}

export function validationError(detail: ValidationIssue[]): Response {
  return jsonResponse({ detail }, 422);
}

/** Translates zod issues on a request body into Pydantic v2's wording and error types. */
export function pydanticIssues(error: z.ZodError, root: (string | number)[] = ['body']): ValidationIssue[] {
  return error.issues.map((issue) => {
    const loc = [...root, ...issue.path.map((part) => (typeof part === 'symbol' ? String(part) : part))];
    switch (issue.code) {
      case 'invalid_type':
        if (issue.input === undefined) return { loc, msg: 'Field required', type: 'missing' };
        if (issue.expected === 'string') return { loc, msg: 'Input should be a valid string', type: 'string_type' };
        if (issue.expected === 'array') return { loc, msg: 'Input should be a valid list', type: 'list_type' };
        if (issue.expected === 'boolean') return { loc, msg: 'Input should be a valid boolean', type: 'bool_type' };
        if (issue.expected === 'object') {
          return { loc, msg: 'Input should be a valid dictionary or object to extract fields from', type: 'model_attributes_type' };
        }
        return { loc, msg: issue.message, type: 'value_error' };
      case 'too_small':
        if (issue.origin === 'string') {
          return { loc, msg: `String should have at least ${issue.minimum} character`, type: 'string_too_short' };
        }
        return {
          loc,
          msg: `List should have at least ${issue.minimum} item after validation, not ${lengthOf(issue.input)}`,
          type: 'too_short',
        };
      case 'too_big':
        return {
          loc,
          msg: `List should have at most ${issue.maximum} items after validation, not ${lengthOf(issue.input)}`,
          type: 'too_long',
        };
      default:
        return { loc, msg: `Value error, ${issue.message}`, type: 'value_error' };
    }
  });
}

function lengthOf(input: unknown): number {
  return Array.isArray(input) ? input.length : 0;
}
