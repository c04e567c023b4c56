import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '@/utils/errors';
import { backoffDelay, defaultRetryLimits, sendHttp, type HttpCall } from '@/utils/aiuta/http';
import type { HttpDeps } from '@/utils/http';
import { hang, reply, resetConnection, startFakeApi, type FakeApi } from '../support/fake-api';

describe('retry rules', () => {
  it('backs off exponentially with jitter, never above the cap', () => {
    const limits = { ...defaultRetryLimits, baseDelayMs: 500, maxDelayMs: 8_000 };
    expect(backoffDelay(1, () => 0, limits)).toBe(250);
    expect(backoffDelay(1, () => 0.999, limits)).toBeLessThanOrEqual(500);
    expect(backoffDelay(3, () => 0, limits)).toBe(1_000);
    expect(backoffDelay(3, () => 0.999, limits)).toBeLessThanOrEqual(2_000);
    expect(backoffDelay(12, () => 0.999, limits)).toBeLessThanOrEqual(8_000);
    expect(backoffDelay(12, () => 0, limits)).toBe(4_000);
  });
});

describe('sendHttp against a local server', () => {
  let api: FakeApi;
  let slept: number[];
  const deps = (): HttpDeps => ({
    fetch,
    now: Date.now,
    random: () => 0.5,
    sleep: async (ms) => {
      slept.push(ms);
    },
  });
  const call = (overrides: Partial<HttpCall>): HttpCall => ({
    method: 'GET',
    url: `${api.origin}/v1/thing`,
    headers: {},
    // Generous: a loaded CI machine must not turn a slow local answer into a timeout and a retry.
    timeoutMs: 5_000,
    retry: 'idempotent',
    ...overrides,
  });

  beforeEach(async () => {
    api = await startFakeApi();
    slept = [];
  });
  afterEach(() => api.close());

  it('waits as long as Retry-After says on 429, then succeeds', async () => {
    api.fault({ path: /thing/, times: 2, respond: reply(429, { detail: 'slow down' }, { 'retry-after': '2' }) });
    api.fault({ path: /thing/, respond: reply(200, { fine: true }) });
    const result = await sendHttp(call({}), deps());
    expect(result.body).toEqual({ fine: true });
    expect(slept).toHaveLength(2);
    for (const delay of slept) {
      expect(delay).toBeGreaterThanOrEqual(2_000);
      expect(delay).toBeLessThanOrEqual(2_250);
    }
  });

  it('retries a create after 503 (the server did not process it), with backoff when no Retry-After', async () => {
    api.fault({ path: /thing/, times: 1, respond: reply(503, { code: 'unavailable', message: 'maintenance' }) });
    api.fault({ path: /thing/, respond: reply(200, { operation_id: 'op' }) });
    const result = await sendHttp(call({ method: 'POST', retry: 'not-processed-only' }), deps());
    expect(result.status).toBe(200);
    expect(slept).toEqual([backoffDelay(1, () => 0.5)]);
    expect(api.count('/thing')).toBe(2);
  });

  it('gives up on 429 after the attempt limit and reports the wait', async () => {
    api.fault({ path: /thing/, respond: reply(429, {}, { 'retry-after': '1' }) });
    const result = await sendHttp(call({}), deps());
    expect(result.status).toBe(429);
    expect(result.retryAfterMs).toBe(1_000);
    expect(api.count('/thing')).toBe(defaultRetryLimits.maxAttempts);
  });

  it('does not wait for a Retry-After longer than the limit', async () => {
    api.fault({ path: /thing/, respond: reply(429, {}, { 'retry-after': '3600' }) });
    const result = await sendHttp(call({}), deps());
    expect(result.status).toBe(429);
    expect(slept).toEqual([]);
    expect(api.count('/thing')).toBe(1);
  });

  it('waits out a Retry-After of 30 s, and tells the shopper instead of waiting 31 s', async () => {
    api.fault({ path: /thing/, times: 1, respond: reply(429, {}, { 'retry-after': '30' }) });
    api.fault({ path: /thing/, times: 1, respond: reply(200, { fine: true }) });
    expect((await sendHttp(call({}), deps())).status).toBe(200);
    expect(slept).toHaveLength(1);
    expect(slept[0]).toBeGreaterThanOrEqual(30_000);

    slept = [];
    api.fault({ path: /thing/, times: 1, respond: reply(503, {}, { 'retry-after': '31' }) });
    const result = await sendHttp(call({}), deps());
    expect(result.status).toBe(503);
    expect(result.retryAfterMs).toBe(31_000);
    expect(slept).toEqual([]);
  });

  it('retries a read after 500 but never a create', async () => {
    api.fault({ path: /thing/, times: 1, respond: reply(500, { detail: 'oops' }) });
    expect((await sendHttp(call({}), deps())).status).toBe(404);
    expect(api.count('/thing')).toBe(2);

    api.fault({ path: /thing/, times: 1, respond: reply(500, { detail: 'oops' }) });
    expect((await sendHttp(call({ method: 'POST', retry: 'not-processed-only' }), deps())).status).toBe(500);
    expect(api.count('/thing')).toBe(3);
  });

  it('times out a request that hangs; retries reads, never a create', async () => {
    api.fault({ path: /thing/, respond: hang() });
    const read = await sendHttp(call({ timeoutMs: 100 }), deps()).catch((e) => e);
    expect(read).toBeInstanceOf(AppError);
    expect(read.code).toBe('api_timeout');
    expect(api.count('/thing')).toBe(defaultRetryLimits.maxAttempts);

    const create = await sendHttp(call({ method: 'POST', retry: 'not-processed-only', timeoutMs: 100 }), deps()).catch((e) => e);
    expect(create.code).toBe('api_timeout');
    expect(api.count('/thing')).toBe(defaultRetryLimits.maxAttempts + 1);
  });

  it('does not repeat a create whose connection was reset after it was sent', async () => {
    api.fault({ path: /thing/, respond: resetConnection() });
    const error = await sendHttp(call({ method: 'POST', retry: 'not-processed-only' }), deps()).catch((e) => e);
    expect(error.code).toBe('api_unreachable');
    expect(api.count('/thing')).toBe(1);
  });

  it('repeats a create whose connection was refused (it never left)', async () => {
    const url = `${api.origin}/v1/thing`;
    await api.close();
    let attempts = 0;
    const counting: HttpDeps = { ...deps(), fetch: (input, init) => (attempts++, fetch(input, init)) };
    const error = await sendHttp(call({ url, method: 'POST', retry: 'not-processed-only' }), counting).catch((e) => e);
    expect(error.code).toBe('api_unreachable');
    expect(attempts).toBe(defaultRetryLimits.maxAttempts);
    api = await startFakeApi();
  });

  it('marks a body that is not JSON', async () => {
    api.fault({ path: /thing/, respond: reply(200, '{"half": ') });
    const result = await sendHttp(call({}), deps());
    expect(result.jsonError).toBe(true);
    expect(result.body).toBeUndefined();
  });

  it('stops at once when the caller aborts', async () => {
    api.fault({ path: /thing/, respond: hang() });
    const controller = new AbortController();
    const pending = sendHttp(call({ timeoutMs: 5_000, signal: controller.signal }), deps());
    setTimeout(() => controller.abort(new DOMException('stop', 'AbortError')), 30);
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    expect(api.count('/thing')).toBe(1);
  });
});
