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
        if (issue.expected === 'record') return { loc, msg: 'Input should be a valid dictionary', type: 'dict_type' };
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
        if (issue.origin === 'string') {
          return { loc, msg: `String should have at most ${issue.maximum} characters`, type: 'string_too_long' };
        }
        return {
          loc,
          msg: `List should have at most ${issue.maximum} items after validation, not ${lengthOf(issue.input)}`,
          type: 'too_long',
        };
      case 'invalid_value':
        return { loc, msg: `Input should be ${orList(issue.values.map((value) => `'${String(value)}'`))}`, type: 'enum' };
      case 'custom':
        // A check that names its Pydantic error type (e.g. url_scheme) reports it as Pydantic would.
        if (typeof issue.params?.pydanticType === 'string') return { loc, msg: issue.message, type: issue.params.pydanticType };
        return { loc, msg: `Value error, ${issue.message}`, type: 'value_error' };
      default:
        return { loc, msg: `Value error, ${issue.message}`, type: 'value_error' };
    }
  });
}

function orList(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} or ${items.at(-1)}`;
}

function lengthOf(input: unknown): number {
  return Array.isArray(input) ? input.length : 0;
}
