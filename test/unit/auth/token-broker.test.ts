import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { createTokenBroker, readToken } from '@/utils/auth/token-broker';
import { AppError } from '@/utils/errors';
import { reply, startFakeApi, subscriptionId, type FakeApi } from '../support/fake-api';

describe('token broker', () => {
  let api: FakeApi;
  let now: number;
  const settings = () => ({ tokenEndpoint: api.tokenEndpoint, subscriptionId });
  const broker = () => createTokenBroker({ getSettings: async () => settings(), fetch, now: () => now, timeoutMs: 300 });

  beforeEach(async () => {
    fakeBrowser.reset();
    api = await startFakeApi({ tokenTtl: 60 });
    now = Date.now();
  });
  afterEach(() => api.close());

  it('posts {operation, subscription_id, ...params} and reads exp and iss from the JWT', async () => {
    const token = await broker().getToken({ operation: 'delete_image', image_id: 'img-1' });
    expect(api.requests[0]!.json).toEqual({ operation: 'delete_image', image_id: 'img-1', subscription_id: subscriptionId });
    expect(token.issuer).toBe('test-issuer');
    expect(token.expiresAt).toBeGreaterThan(now + 50_000);
    expect(token.expiresAt).toBeLessThanOrEqual(now + 61_000);
  });

  it('serves the same params from memory and asks again for different params', async () => {
    const tokens = broker();
    const first = await tokens.getToken({ operation: 'upload_image' });
    const again = await tokens.getToken({ operation: 'upload_image' });
    expect(again.token).toBe(first.token);
    expect(api.count('/token')).toBe(1);
    await tokens.getToken({ operation: 'create_try_on', uploaded_image_id: 'a', sku_id: 'S1' });
    await tokens.getToken({ operation: 'create_try_on', uploaded_image_id: 'a', sku_id: 'S2' });
    await tokens.getToken({ operation: 'create_try_on', uploaded_image_id: 'a', sku_id: 'S1' });
    expect(api.count('/token')).toBe(3);
  });

  it('shares one request between concurrent callers', async () => {
    const tokens = broker();
    const [a, b] = await Promise.all([tokens.getToken({ operation: 'upload_image' }), tokens.getToken({ operation: 'upload_image' })]);
    expect(a.token).toBe(b.token);
    expect(api.count('/token')).toBe(1);
  });

  it('renews a token 10 s before it expires, and on request', async () => {
    const tokens = broker();
    const first = await tokens.getToken({ operation: 'upload_image' });
    now = first.expiresAt - 10_000 - 1;
    await tokens.getToken({ operation: 'upload_image' });
    expect(api.count('/token')).toBe(1);
    now = first.expiresAt - 10_000 + 1;
    await tokens.getToken({ operation: 'upload_image' });
    expect(api.count('/token')).toBe(2);
    await tokens.getToken({ operation: 'upload_image' }, { refresh: true });
    expect(api.count('/token')).toBe(3);
  });

  it('does not cache a token that lives less than the margin', async () => {
    api.options.tokenTtl = 5;
    const tokens = broker();
    await tokens.getToken({ operation: 'upload_image' });
    await tokens.getToken({ operation: 'upload_image' });
    expect(api.count('/token')).toBe(2);
  });

  it('forgets cached tokens on clear()', async () => {
    const tokens = broker();
    await tokens.getToken({ operation: 'upload_image' });
    tokens.clear();
    await tokens.getToken({ operation: 'upload_image' });
    expect(api.count('/token')).toBe(2);
  });

  it('never writes a token to extension storage', async () => {
    const { token } = await broker().getToken({ operation: 'upload_image' });
    for (const area of ['local', 'session', 'sync'] as const) {
      expect(JSON.stringify(await fakeBrowser.storage[area].get(null))).not.toContain(token);
    }
  });

  const failure = async (run: () => Promise<unknown>) => {
    const error = await run().then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  };

  it.each([
    ['a page that is not JSON', reply(200, '<html>login</html>'), 'token_bad_response', /not answer with JSON/],
    ['JSON of the wrong shape', reply(200, { access_token: 'x' }), 'token_bad_response', /without a token/],
    ['a token that is not a JWT', reply(200, { type: 'jwt', token: 'not-a-jwt' }), 'token_bad_response', /not a valid JWT/],
    ['a refusal with a reason', reply(403, { error: 'forbidden', message: 'origin not allowed' }), 'token_rejected', /origin not allowed/],
    ['a server error', reply(500, { error: 'boom', message: 'database down' }), 'token_unreachable', /HTTP 500/],
  ])('explains %s', async (_name, respond, code, message) => {
    api.fault({ path: /^\/token$/, respond });
    const error = await failure(() => broker().getToken({ operation: 'upload_image' }));
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
  });

  it('explains an already expired token and one without exp', async () => {
    const expired = await api.signToken({ operation: 'upload_image' }, -30);
    api.fault({ path: /^\/token$/, times: 1, respond: reply(200, { type: 'jwt', token: expired }) });
    expect((await failure(() => broker().getToken({ operation: 'upload_image' }))).code).toBe('token_expired');
    const noExp = await api.signToken({ operation: 'upload_image' }, 60, true);
    api.fault({ path: /^\/token$/, times: 1, respond: reply(200, { type: 'jwt', token: noExp }) });
    const error = await failure(() => broker().getToken({ operation: 'upload_image' }));
    expect(error.code).toBe('token_bad_response');
    expect(error.message).toMatch(/expiry/);
  });

  it('explains an unreachable backend, a hanging one and a missing endpoint', async () => {
    const port = new URL(api.origin).port;
    await api.close();
    const unreachable = createTokenBroker({ getSettings: async () => ({ tokenEndpoint: `http://127.0.0.1:${port}/token`, subscriptionId }), fetch, now: Date.now });
    expect((await failure(() => unreachable.getToken({ operation: 'upload_image' }))).code).toBe('token_unreachable');

    api = await startFakeApi();
    api.fault({ path: /^\/token$/, respond: () => undefined });
    // A hang ends at the broker's own timeout (a broker that waited forever would fail this test by its timeout).
    expect((await failure(() => broker().getToken({ operation: 'upload_image' }))).code).toBe('token_unreachable');

    const unset = createTokenBroker({ getSettings: async () => ({ tokenEndpoint: '', subscriptionId }), fetch, now: Date.now });
    expect((await failure(() => unset.getToken({ operation: 'upload_image' }))).code).toBe('not_configured');
    const plain = createTokenBroker({ getSettings: async () => ({ tokenEndpoint: 'http://tokens.example.com/jwt', subscriptionId }), fetch, now: Date.now });
    expect((await failure(() => plain.getToken({ operation: 'upload_image' }))).message).toMatch(/https/);
  });

  it('refuses params outside the contract before calling anyone', async () => {
    const error = await failure(() => broker().getToken({ operation: 'create_try_on', uploaded_image_id: 'a' } as never));
    expect(error.code).toBe('internal');
    expect(error.message).toMatch(/sku_id/);
    expect(api.count('/token')).toBe(0);
  });

  it('readToken takes exp in seconds and rejects past ones', async () => {
    const token = await api.signToken({}, 120);
    const { exp } = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as { exp: number };
    const read = readToken(token, exp * 1000 - 120_000);
    expect(read.expiresAt).toBe(exp * 1000);
    expect(() => readToken(token, exp * 1000 - 1)).not.toThrow();
    expect(() => readToken(token, exp * 1000)).toThrow(/already expired/);
  });

  it('sends no cookies or other credentials to the token endpoint', async () => {
    const sent: RequestInit[] = [];
    const recording = ((input: URL | RequestInfo, init?: RequestInit) => (sent.push(init ?? {}), fetch(input, init))) as typeof fetch;
    await createTokenBroker({ getSettings: async () => settings(), fetch: recording, now: () => now }).getToken({ operation: 'upload_image' });
    expect(sent).toHaveLength(1);
    expect(sent[0]!.credentials).toBe('omit');
  });
});
