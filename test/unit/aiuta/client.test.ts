import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createAiutaClient, type ClientSettings } from '@/utils/aiuta/client';
import { abortReasonError, apiResponseError } from '@/utils/aiuta/errors';
import { abortReasons } from '@/utils/aiuta/schemas';
import { createTokenBroker } from '@/utils/auth/token-broker';
import { AppError } from '@/utils/errors';
import type { ApiFlavour } from '@/utils/aiuta/flavours';
import { hang, reply, resetConnection, startFakeApi, subscriptionId, type FakeApi } from '../support/fake-api';

describe('Aiuta client', () => {
  let api: FakeApi;
  let settings: ClientSettings;
  const jpeg = new Blob([new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3])], { type: 'image/jpeg' });

  /** Short timeouts, so the tests of hanging requests take milliseconds; `{}` for the real ones. */
  const client = (timeouts: Parameters<typeof createAiutaClient>[0]['timeouts'] = { status: 300, create: 300, upload: 300 }) => {
    const tokens = createTokenBroker({ getSettings: async () => settings, fetch, now: Date.now });
    return createAiutaClient({
      getSettings: async () => settings,
      tokens,
      http: { fetch, now: Date.now, random: () => 0.5, sleep: async () => undefined },
      timeouts,
    });
  };
  const use = (flavour: ApiFlavour, extra: Partial<ClientSettings> = {}) => {
    settings = {
      subscriptionId,
      tokenEndpoint: api.tokenEndpoint,
      apiBaseUrl: flavour === 'digital-try-on-v1' ? api.dtoBase : api.unifiedBase,
      apiFlavour: flavour,
      developerApiKey: '',
      ...extra,
    };
  };
  const apiRequests = () => api.requests.filter((r) => r.path !== '/token');
  const failure = (promise: Promise<unknown>) => promise.then(() => { throw new Error('expected a failure'); }, (e: AppError) => e);

  beforeEach(async () => {
    api = await startFakeApi({ readyAfterPolls: 0 });
    use('digital-try-on-v1');
  });
  afterEach(() => api.close());

  it('gives a status request 10 s to answer unless told otherwise, as the README tells the shopper', async () => {
    const timeouts = vi.spyOn(AbortSignal, 'timeout');
    try {
      const aiuta = client({});
      const { operationId } = await aiuta.createTryOn({ uploadedImageId: (await aiuta.uploadImage(jpeg)).id, skuIds: ['SKU-1'], skuCatalogName: 'main' });
      timeouts.mockClear();
      await aiuta.getOperation(operationId);
      expect(timeouts.mock.calls).toEqual([[10_000]]);
    } finally {
      timeouts.mockRestore();
    }
  });

  describe.each(['digital-try-on-v1', 'unified-v1'] as const)('%s', (flavour) => {
    beforeEach(() => use(flavour));

    it('uploads, creates and reads an operation with the right credentials on each call', async () => {
      const aiuta = client();
      const uploaded = await aiuta.uploadImage(jpeg);
      expect(uploaded.id).toMatch(/^user_image-/);
      expect(uploaded.expiresAt).toBeGreaterThan(Date.now());
      const { operationId } = await aiuta.createTryOn({ uploadedImageId: uploaded.id, skuIds: ['SKU-1'], skuCatalogName: 'main' });
      const state = await aiuta.getOperation(operationId);
      expect(state.status).toBe('SUCCESS');
      expect(state.images[0]).toMatchObject({ id: expect.stringContaining('generated-'), owner: 'user' });

      const [upload, create, status] = apiRequests();
      expect(upload!.headers.authorization).toMatch(/^Bearer /);
      expect(upload!.headers['x-user-id']).toBeUndefined();
      expect(create!.headers.authorization).toMatch(/^Bearer /);
      expect(create!.path).toBe(flavour === 'digital-try-on-v1' ? '/digital-try-on/v1/sku_images_operations' : '/v1/sku_try_on_operations');
      // Unified v1 has no catalog name; the token carries exactly what the body asks for (checked by the server).
      expect(create!.json).toEqual(
        flavour === 'digital-try-on-v1'
          ? { uploaded_image_id: uploaded.id, sku_id: 'SKU-1', sku_catalog_name: 'main' }
          : { uploaded_image_id: uploaded.id, sku_id: 'SKU-1' },
      );
      expect(status!.headers['x-user-id']).toBe(subscriptionId);
      expect(status!.headers.authorization).toBeUndefined();
      for (const request of apiRequests()) expect(request.headers['x-api-key']).toBeUndefined();
    });

    it('sends an outfit as sku_ids and refuses more items than the flavour allows', async () => {
      const aiuta = client();
      const { id } = await aiuta.uploadImage(jpeg);
      await aiuta.createTryOn({ uploadedImageId: id, skuIds: ['A', 'B'] });
      expect(apiRequests().at(-1)!.json).toMatchObject({ sku_ids: ['A', 'B'] });
      const limit = flavour === 'digital-try-on-v1' ? 2 : 5;
      const error = await failure(aiuta.createTryOn({ uploadedImageId: id, skuIds: Array.from({ length: limit + 1 }, (_, i) => `S${i}`) }));
      expect(error.code).toBe('too_many_items');
      expect(error.message).toContain(String(limit));
    });
  });

  it('adds x-api-key only in developer mode, and then needs no token endpoint', async () => {
    use('digital-try-on-v1', { developerApiKey: 'sandbox-key', tokenEndpoint: '' });
    const aiuta = client();
    const { id } = await aiuta.uploadImage(jpeg).catch(() => ({ id: 'none' }));
    expect(id).toBe('none'); // the test server insists on a Bearer token for uploads
    expect(api.count('/token')).toBe(0);
    expect(apiRequests()[0]!.headers['x-api-key']).toBe('sandbox-key');
    await aiuta.listModels();
    expect(apiRequests()[1]!.headers['x-api-key']).toBe('sandbox-key');
    expect(apiRequests()[1]!.headers['x-user-id']).toBe(subscriptionId);
  });

  it('refuses to send the developer key to an API base outside this computer, whatever the stored settings say', async () => {
    // (Plain http is refused for any host but this computer already, so the key could only leave over https.)
    for (const host of ['api.example.com', 'api.aiuta.com']) {
      use('digital-try-on-v1', { developerApiKey: 'sandbox-key', apiBaseUrl: `https://${host}/digital-try-on/v1` });
      let sent = false;
      const aiuta = createAiutaClient({
        getSettings: async () => settings,
        tokens: createTokenBroker({ getSettings: async () => settings, fetch, now: Date.now }),
        http: { fetch: async () => { sent = true; throw new TypeError('no network in this test'); }, now: Date.now, random: () => 0.5, sleep: async () => undefined },
      });
      expect((await failure(aiuta.listModels())).code).toBe('api_key_not_local');
      expect(sent).toBe(false);
    }
  });

  it('gets a fresh token once after a 401 and then gives up', async () => {
    const aiuta = client();
    api.fault({ path: /uploaded_images$/, times: 1, respond: reply(401, { detail: 'token expired' }) });
    await aiuta.uploadImage(jpeg);
    expect(api.count('/token')).toBe(2);
    expect(api.count('/uploaded_images')).toBe(2);

    api.fault({ path: /uploaded_images$/, respond: reply(401, { detail: 'bad issuer' }) });
    const error = await failure(aiuta.uploadImage(jpeg));
    expect(error.code).toBe('api_unauthorized');
    expect(api.count('/uploaded_images')).toBe(4);
  });

  it('maps the expired-photo 400 and an unknown SKU', async () => {
    const aiuta = client();
    expect((await failure(aiuta.createTryOn({ uploadedImageId: 'user_image-gone', skuIds: ['S'] }))).code).toBe('photo_expired');
    const { id } = await aiuta.uploadImage(jpeg);
    api.fault({ path: /sku_images_operations$/, times: 1, respond: reply(404, { detail: 'SKU not found' }) });
    const unknown = await failure(aiuta.createTryOn({ uploadedImageId: id, skuIds: ['NOPE'] }));
    expect(unknown.code).toBe('sku_not_found');
    expect(unknown.message).toMatch(/not available for try-on/);
  });

  it('maps a 422 validation detail, an ApiError and a 5xx, and never repeats a create after a 500', async () => {
    const aiuta = client();
    const { id } = await aiuta.uploadImage(jpeg);
    api.fault({ path: /sku_images_operations$/, times: 1, respond: reply(422, { detail: [{ loc: ['body', 'sku_id'], msg: 'String should have at most 128 characters', type: 'string_too_long' }] }) });
    const invalid = await failure(aiuta.createTryOn({ uploadedImageId: id, skuIds: ['S'] }));
    expect(invalid.code).toBe('api_validation');
    expect(invalid.message).toContain('sku_id: String should have at most 128 characters');

    api.fault({ path: /sku_images_operations$/, times: 1, respond: reply(403, { code: 'subscription_inactive', message: 'Subscription is not active' }) });
    const forbidden = await failure(aiuta.createTryOn({ uploadedImageId: id, skuIds: ['S'] }));
    expect(forbidden.code).toBe('api_forbidden');
    expect(forbidden.message).toContain('Subscription is not active');

    const before = api.count('/sku_images_operations', 'POST');
    api.fault({ path: /sku_images_operations$/, times: 1, respond: reply(500, { code: 'internal', message: 'worker crashed' }) });
    const crashed = await failure(aiuta.createTryOn({ uploadedImageId: id, skuIds: ['S'] }));
    expect(crashed.code).toBe('api_error');
    expect(api.count('/sku_images_operations', 'POST')).toBe(before + 1);
  });

  it('never repeats a create after a timeout or a dropped connection, but does after 429', async () => {
    const aiuta = client();
    const { id } = await aiuta.uploadImage(jpeg);
    const creates = () => api.count('/sku_images_operations', 'POST');
    api.fault({ path: /sku_images_operations$/, times: 1, respond: hang() });
    expect((await failure(aiuta.createTryOn({ uploadedImageId: id, skuIds: ['S'] }))).code).toBe('api_timeout');
    expect(creates()).toBe(1);
    api.fault({ path: /sku_images_operations$/, times: 1, respond: resetConnection() });
    expect((await failure(aiuta.createTryOn({ uploadedImageId: id, skuIds: ['S'] }))).code).toBe('api_unreachable');
    expect(creates()).toBe(2);
    api.fault({ path: /sku_images_operations$/, times: 1, respond: reply(429, { detail: 'busy' }, { 'retry-after': '0' }) });
    await aiuta.createTryOn({ uploadedImageId: id, skuIds: ['S'] });
    expect(creates()).toBe(4);
  });

  it('says just before a create leaves, after its token, and when an answer proved it was not processed', async () => {
    const aiuta = client();
    const { id } = await aiuta.uploadImage(jpeg);
    const seen: string[] = [];
    const onSend = async (leaving: boolean) => {
      const tokens = api.requests.filter((r) => r.path === '/token' && (r.json as { operation?: string }).operation === 'create_try_on').length;
      seen.push(`${leaving ? 'leaving' : 'not processed'} (tokens ${tokens}, creates ${api.count('/sku_images_operations', 'POST')})`);
    };
    // A busy answer, then a token the service refuses (a fresh one is fetched), then the create.
    api.fault({ path: /sku_images_operations$/, times: 1, respond: reply(429, { detail: 'busy' }, { 'retry-after': '0' }) });
    api.fault({ path: /sku_images_operations$/, times: 1, respond: reply(401, { detail: 'token expired' }) });
    await aiuta.createTryOn({ uploadedImageId: id, skuIds: ['S'] }, { onSend });
    expect(seen).toEqual([
      'leaving (tokens 1, creates 0)',
      'not processed (tokens 1, creates 1)',
      'leaving (tokens 1, creates 1)',
      'not processed (tokens 1, creates 2)',
      'leaving (tokens 2, creates 2)',
    ]);
    expect(api.count('/sku_images_operations', 'POST')).toBe(3);

    // A timeout may have started it: nothing says otherwise.
    seen.length = 0;
    api.fault({ path: /sku_images_operations$/, times: 1, respond: hang() });
    expect((await failure(aiuta.createTryOn({ uploadedImageId: id, skuIds: ['S'] }, { onSend }))).code).toBe('api_timeout');
    expect(seen).toEqual(['leaving (tokens 2, creates 3)']);
  });

  it('rejects answers that are not JSON or not the documented shape', async () => {
    const aiuta = client();
    api.fault({ path: /sku_images_operations\/op-x$/, times: 1, respond: reply(200, 'not json at all') });
    expect((await failure(aiuta.getOperation('op-x'))).code).toBe('api_bad_response');
    api.fault({ path: /sku_images_operations\/op-x$/, times: 1, respond: reply(200, { id: 'op-x', status: 'DONE_ISH', error: null, generated_images: [] }) });
    expect((await failure(aiuta.getOperation('op-x'))).code).toBe('api_bad_response');
  });

  it('revalidates the model list with its ETag', async () => {
    const aiuta = client();
    const first = await aiuta.listModels();
    expect(first).toMatchObject({ notModified: false, etag: '"models-v1"' });
    if (first.notModified) throw new Error('unreachable');
    expect(first.categories[0]).toEqual({ category: 'woman', models: [{ id: 'model_woman_00', url: 'http://127.0.0.1/woman_00.png' }] });
    expect(await aiuta.listModels('"models-v1"')).toEqual({ notModified: true });
    expect(apiRequests().at(-1)!.headers['if-none-match']).toBe('"models-v1"');
    // README: fetched with the public subscription ID, and nothing about the shopper or the page goes
    // with it: no token (so no installation id), no query, no body, no header but the subscription's.
    expect(api.count('/token')).toBe(0);
    const transport = new Set(['host', 'connection', 'accept', 'accept-language', 'accept-encoding', 'user-agent', 'sec-fetch-mode', 'cache-control', 'pragma', 'if-none-match']);
    for (const request of apiRequests()) {
      expect(request.method).toBe('GET');
      expect(request.path).not.toContain('?');
      expect(request.body.length).toBe(0);
      expect(Object.fromEntries(Object.entries(request.headers).filter(([name]) => !transport.has(name)))).toEqual({ 'x-user-id': subscriptionId });
    }
  });

  it('deletes with a delete_image token for that image, and treats 404 as already gone', async () => {
    const aiuta = client();
    const { id, target } = await aiuta.uploadImage(jpeg);
    expect(target).toEqual({ apiBaseUrl: api.dtoBase, subscriptionId });
    expect(await aiuta.deleteUploadedImage(id, target)).toBe('deleted');
    expect(api.deleted).toEqual([`uploaded_images/${id}`]);
    api.fault({ path: /generated_images/, times: 1, respond: reply(404, { detail: 'Not found' }) });
    expect(await aiuta.deleteGeneratedImage('generated-x', target)).toBe('gone');
    api.fault({ path: /generated_images/, times: 1, respond: reply(422, { detail: [{ loc: ['path'], msg: 'bad id', type: 'value_error' }] }) });
    expect((await failure(aiuta.deleteGeneratedImage('generated-y', target))).code).toBe('api_validation');
  });

  it('follows an operation with the API it was created with, after the settings switched flavour', async () => {
    const aiuta = client();
    const { id } = await aiuta.uploadImage(jpeg);
    const { operationId, target } = await aiuta.createTryOn({ uploadedImageId: id, skuIds: ['SKU-1'] });
    expect(target.apiFlavour).toBe('digital-try-on-v1');
    use('unified-v1');
    expect((await aiuta.getOperation(operationId, undefined, target)).status).toBe('SUCCESS');
    expect(apiRequests().at(-1)!.path).toBe(`/digital-try-on/v1/sku_images_operations/${operationId}`);
    // A target recorded before targets named their API: the settings' flavour, as before.
    use('digital-try-on-v1');
    const { apiFlavour: _recorded, ...older } = target;
    expect((await aiuta.getOperation(operationId, undefined, older)).status).toBe('SUCCESS');
  });

  it('deletes at the target that stored the image, with a token for its subscription, after the settings moved on', async () => {
    const other = await startFakeApi({ readyAfterPolls: 0 });
    try {
      const aiuta = client();
      const { id, target } = await aiuta.uploadImage(jpeg);
      const { operationId, target: runsAt } = await aiuta.createTryOn({ uploadedImageId: id, skuIds: ['SKU-1'] });
      expect(runsAt).toEqual({ ...target, apiFlavour: 'digital-try-on-v1' });
      // Another API base and subscription now; the token endpoint issues tokens only for the first subscription.
      use('digital-try-on-v1', { apiBaseUrl: other.dtoBase, subscriptionId: 'sub-someone-else' });
      expect((await aiuta.getOperation(operationId, undefined, target)).status).toBe('SUCCESS');
      expect(await aiuta.deleteUploadedImage(id, target)).toBe('deleted');
      expect(api.deleted).toEqual([`uploaded_images/${id}`]);
      expect(other.requests).toEqual([]);
      const deleteToken = api.requests.filter((r) => r.path === '/token').at(-1)!.json as Record<string, unknown>;
      expect(deleteToken).toMatchObject({ operation: 'delete_image', image_id: id, subscription_id: subscriptionId });
    } finally {
      await other.close();
    }
  });

  it('counts a 404 as gone only when the host that stored the image said it: a redirect elsewhere is refused', async () => {
    const other = await startFakeApi({ readyAfterPolls: 0 });
    try {
      const aiuta = client();
      const { target } = await aiuta.uploadImage(jpeg);
      // The stored host redirects the delete to another one, which knows nothing of the image.
      api.fault({
        path: /generated_images/,
        times: 4,
        respond: (_req, res) => {
          res.writeHead(307, { location: `${other.dtoBase}/generated_images/generated-z` });
          res.end();
        },
      });
      other.fault({ path: /generated_images/, times: 4, respond: reply(404, { detail: 'Not Found' }) });
      expect((await failure(aiuta.deleteGeneratedImage('generated-z', target))).code).toBe('api_bad_response');
      expect(other.requests).toEqual([]);
    } finally {
      await other.close();
    }
  });
});

describe('error sentences', () => {
  it.each(abortReasons)('gives %s its own code and a plain sentence', (reason) => {
    const error = abortReasonError(reason);
    expect(error.code).toMatch(/^abort_/);
    expect(error.message).toMatch(/^[A-Z].+\.$/);
    expect(error.message).not.toMatch(/_DETECTED|INTERNAL_RESTRICTION/);
  });

  it('keeps one code per abort reason', () => {
    expect(new Set(abortReasons.map((reason) => abortReasonError(reason).code)).size).toBe(abortReasons.length);
  });

  it('tells how long to wait when the service is busy', () => {
    expect(apiResponseError(429, undefined, 'create', 12_000).message).toMatch(/12 seconds/);
    expect(apiResponseError(503, { code: 'maintenance', message: 'Back soon' }, 'status').code).toBe('api_unavailable');
  });
});

describe('operations the service does not know', () => {
  let api: FakeApi;
  beforeEach(async () => {
    api = await startFakeApi();
  });
  afterEach(() => api.close());

  it.each([
    ['a 404', reply(404, { detail: 'operation not found' })],
    ['a null body (unified v1)', reply(200, 'null')],
  ])('reports %s as a try-on to start again, not as a passing fault', async (_name, respond) => {
    const settings: ClientSettings = { subscriptionId, tokenEndpoint: api.tokenEndpoint, apiBaseUrl: api.unifiedBase, apiFlavour: 'unified-v1', developerApiKey: '' };
    const aiuta = createAiutaClient({
      getSettings: async () => settings,
      tokens: createTokenBroker({ getSettings: async () => settings, fetch, now: Date.now }),
      http: { fetch, now: Date.now, random: () => 0.5, sleep: async () => undefined },
    });
    api.fault({ path: /sku_try_on_operations\/gone$/, respond });
    const error = await aiuta.getOperation('gone').catch((e: AppError) => e);
    expect(error).toMatchObject({ code: 'generation_failed', message: expect.stringMatching(/no longer knows/) });
  });
});
