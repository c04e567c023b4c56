import { beforeEach, describe, expect, it } from 'vitest';
import { apiResponseError, operationFailedError } from '@/utils/aiuta/errors';
import { errorSentence } from '@/utils/error-sentence';
import { useLocale } from '../support/locale';

describe("the API's failures as sentences for the shopper", () => {
  beforeEach(() => useLocale('en'));

  it("names the wait the service asked for (Retry-After), in the shopper's language", () => {
    const limited = apiResponseError(429, {}, 'create', 45_000);
    expect(limited.params).toEqual({ retryAfterS: 45 });
    expect(errorSentence(limited.toJSON())).toBe('Too many try-ons in a short time. Try again in 45 seconds.');
    const down = apiResponseError(503, {}, 'upload', 600_000);
    expect(errorSentence(down.toJSON())).toBe('The try-on service is busy or down for maintenance. Try again in 10 minutes.');
    useLocale('de');
    expect(errorSentence(limited.toJSON())).toBe('Zu viele Anproben in kurzer Zeit. Versuchen Sie es in 45 Sekunden erneut.');
  });

  it('rounds a wait up to whole seconds, so it never says too little', () => {
    const limited = apiResponseError(429, {}, 'create', 1_500);
    expect(limited.params).toEqual({ retryAfterS: 2 });
    expect(errorSentence(limited.toJSON())).toBe('Too many try-ons in a short time. Try again in 2 seconds.');
    expect(apiResponseError(503, {}, 'status', 59_001).params).toEqual({ retryAfterS: 60 });
    expect(apiResponseError(503, {}, 'status', 60_000).params).toEqual({ retryAfterS: 60 });
  });

  it('keeps the general sentence when the service named no wait', () => {
    const limited = apiResponseError(429, {}, 'create');
    expect(limited.params).toBeUndefined();
    expect(errorSentence(limited.toJSON())).toBe('Too many try-ons in a short time. Wait a minute and try again.');
  });

  it("carries the service's own words apart from the sentence, never in place of it", () => {
    const refused = apiResponseError(422, { detail: 'sku_id: field required' }, 'create');
    expect(refused.params).toEqual({ detail: 'sku_id: field required' });
    expect(errorSentence(refused.toJSON())).toBe('The try-on service did not accept this request. Check the product code and try again.');
    const failed = operationFailedError('x'.repeat(500));
    expect(failed.params?.detail).toHaveLength(200);
  });
});
