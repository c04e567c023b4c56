import { describe, expect, it } from 'vitest';
import { AppError, appErrorSchema, toAppError } from '@/utils/errors';

describe('AppError params', () => {
  it('carries what a sentence needs as data, through JSON and back', () => {
    const error = new AppError('api_rate_limited', 'Busy.', { params: { retryAfterS: 45 } });
    const json = JSON.parse(JSON.stringify(error.toJSON()));
    expect(appErrorSchema.parse(json)).toEqual({ code: 'api_rate_limited', message: 'Busy.', params: { retryAfterS: 45 } });
    expect(toAppError(json).params).toEqual({ retryAfterS: 45 });
  });

  it('leaves params out when there are none, and drops values the schema refuses', () => {
    expect(new AppError('internal', 'x').toJSON()).toEqual({ code: 'internal', message: 'x' });
    expect(new AppError('internal', 'x', { params: { retryAfterS: undefined } }).toJSON()).toEqual({ code: 'internal', message: 'x' });
    // A bad value must not make the whole error unreadable where it is parsed again.
    const bad = new AppError('api_unavailable', 'x', { params: { retryAfterS: -3, redirectedBy: 'a'.repeat(300) } });
    expect(bad.params).toBeUndefined();
    expect(appErrorSchema.safeParse(bad.toJSON()).success).toBe(true);
  });
});
