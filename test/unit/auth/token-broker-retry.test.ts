import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { createTokenBroker, tokenRetryDelaysMs } from '@/utils/auth/token-broker';
import { AppError } from '@/utils/errors';
import { actionFor } from '@/components/error-action';
import { errorSentence } from '@/utils/error-sentence';
import { reply, startFakeApi, subscriptionId, type FakeApi } from '../support/fake-api';
import { useLocale } from '../support/locale';

/**
 * A token backend that is briefly busy or failing must not end a try-on: asking for a token has no
 * side effect, so the broker asks again. A backend that stays busy is explained as a passing
 * problem (retry), never as wrong settings.
 */
describe('token broker under a flaky backend', () => {
  let api: FakeApi;
  let slept: number[];
  const broker = () =>
    createTokenBroker({
      getSettings: async () => ({ tokenEndpoint: api.tokenEndpoint, subscriptionId }),
      fetch,
      now: Date.now,
      timeoutMs: 300,
      sleep: async (ms) => {
        slept.push(ms);
      },
    });
  const failure = (run: () => Promise<unknown>) => run().then(() => { throw new Error('expected a failure'); }, (error: unknown) => error as AppError);

  beforeEach(async () => {
    fakeBrowser.reset();
    slept = [];
    api = await startFakeApi({ tokenTtl: 60 });
  });
  afterEach(() => api.close());

  it.each([
    ['500', reply(500, { error: 'boom', message: 'database down' })],
    ['503', reply(503, { error: 'unavailable', message: 'restarting' })],
    ['429', reply(429, { error: 'rate_limited', message: 'slow down' })],
  ])('rides out %s answers and gets the token', async (_status, respond) => {
    api.fault({ path: /^\/token$/, times: 2, respond });
    const token = await broker().getToken({ operation: 'upload_image' });
    expect(token.token.split('.')).toHaveLength(3);
    expect(api.count('/token')).toBe(3);
    expect(slept).toEqual(tokenRetryDelaysMs);
  });

  it("waits as long as the backend's Retry-After asks (when that is short)", async () => {
    api.fault({ path: /^\/token$/, times: 1, respond: reply(429, { error: 'rate_limited', message: 'slow down' }, { 'Retry-After': '2' }) });
    await broker().getToken({ operation: 'upload_image' });
    expect(slept).toEqual([2_000]);
  });

  it('does not wait out a long Retry-After: the shopper is told to come back', async () => {
    api.fault({ path: /^\/token$/, respond: reply(429, { error: 'rate_limited', message: 'slow down' }, { 'Retry-After': '600' }) });
    const error = await failure(() => broker().getToken({ operation: 'upload_image' }));
    expect(api.count('/token')).toBe(1);
    expect(error.code).toBe('token_unreachable');
    // The shopper is told how long, not to check a connection that works.
    expect(error.params).toEqual({ retryAfterS: 600 });
    useLocale('en');
    expect(errorSentence(error.toJSON())).toBe('The sign-in service for try-ons is busy. Try again in 10 minutes.');
  });

  it('does not ask again when the daily try-on budget is spent, even without a Retry-After', async () => {
    api.fault({ path: /^\/token$/, respond: reply(429, { error: 'budget_exhausted', message: "This store's try-on budget for today is used up." }) });
    const error = await failure(() => broker().getToken({ operation: 'create_try_on', uploaded_image_id: 'user_image-1', sku_id: 'SKU-1' }));
    expect(api.count('/token')).toBe(1);
    expect(slept).toEqual([]);
    expect(error.code).toBe('budget_exhausted');
    expect(actionFor(error.code)).not.toBe('retry');
  });

  it('explains a backend that stays busy as a passing problem whose fix is to try again', async () => {
    api.fault({ path: /^\/token$/, respond: reply(429, { error: 'rate_limited', message: 'slow down' }) });
    const error = await failure(() => broker().getToken({ operation: 'upload_image' }));
    expect(api.count('/token')).toBe(1 + tokenRetryDelaysMs.length);
    expect(error.code).toBe('token_unreachable');
    expect(error.message).toMatch(/busy \(HTTP 429\)/);
    expect(actionFor(error.code)).toBe('retry');
  });

  it('does not repeat a refusal or a timeout', async () => {
    api.fault({ path: /^\/token$/, times: 1, respond: reply(403, { error: 'forbidden', message: 'origin not allowed' }) });
    expect((await failure(() => broker().getToken({ operation: 'upload_image' }))).code).toBe('token_rejected');
    expect(api.count('/token')).toBe(1);

    api.fault({ path: /^\/token$/, times: 1, respond: () => undefined });
    expect((await failure(() => broker().getToken({ operation: 'upload_image' }))).code).toBe('token_unreachable');
    expect(api.count('/token')).toBe(2);
    expect(slept).toEqual([]);
  });

  it('asks again when the backend could not be reached, then explains it', async () => {
    const endpoint = api.tokenEndpoint;
    await api.close();
    const down = createTokenBroker({
      getSettings: async () => ({ tokenEndpoint: endpoint, subscriptionId }),
      fetch,
      now: Date.now,
      sleep: async (ms) => {
        slept.push(ms);
      },
    });
    const error = await failure(() => down.getToken({ operation: 'upload_image' }));
    expect(error.code).toBe('token_unreachable');
    expect(slept).toEqual(tokenRetryDelaysMs);
    api = await startFakeApi();
  });

  it('waits out a Retry-After of up to 5 s, and does not wait out a longer one', async () => {
    api.fault({ path: /^\/token$/, times: 1, respond: reply(429, { error: 'rate_limited', message: 'slow down' }, { 'Retry-After': '5' }) });
    await broker().getToken({ operation: 'upload_image' });
    expect(slept).toEqual([5_000]);
    slept = [];
    api.fault({ path: /^\/token$/, times: 1, respond: reply(429, { error: 'rate_limited', message: 'slow down' }, { 'Retry-After': '6' }) });
    const error = await failure(() => broker().getToken({ operation: 'delete_image', image_id: 'user_image-1' }));
    expect(error.code).toBe('token_unreachable');
    expect(slept).toEqual([]);
  });
});
