import { decodeJwt } from 'jose';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { catalogAnswerSchema, type CatalogRequest } from '../../utils/contracts/catalog';
import { backendErrorSchema } from '../../utils/contracts/token-request';
import { onboardedSkuId, usableImageUrls } from './catalog';
import { ConfigError, loadTokenConfig, validateTokenConfig, type TokenServerConfig } from './config';
import { startFakeAiutaCatalog, type FakeAiutaCatalog } from './fake-aiuta-catalog';
import { createTokenHandler, type TokenHandlerOptions } from './handler';
import { hostMatches } from './hosts';
import { MemoryStore } from './kv-store';
import { serveNode, type RunningServer } from './node-adapter';

const API_KEY = 'aiuta-api-key-4f9c2d7e-SECRET';
const SUBSCRIPTION = 'sub-1';

let aiuta: FakeAiutaCatalog;
let now: number;
let logLines: string[];
const servers: RunningServer[] = [];

beforeEach(async () => {
  aiuta = await startFakeAiutaCatalog(API_KEY);
  now = Date.parse('2030-01-01T00:00:00Z');
  logLines = [];
});
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
  await aiuta.close();
});

function config(overrides: Partial<TokenServerConfig> = {}): TokenServerConfig {
  return validateTokenConfig({
    secret: 'test-secret-0123456789-0123456789',
    issuer: 'test-issuer',
    subscriptionId: SUBSCRIPTION,
    ttlSeconds: 60,
    allowedOrigins: [],
    sandbox: false,
    rateLimit: { burst: 1000, perMinute: 6000 },
    path: '/aiuta_jwt',
    allowAnonymous: true,
    apiKey: API_KEY,
    apiBaseUrl: aiuta.baseUrl,
    onboardHosts: ['shop.example', '*.brand.example'],
    ...overrides,
  });
}

/** A backend on a free loopback port; answers `ask(body)` for the catalog and `token(params)`. */
async function start(overrides: Partial<TokenServerConfig> = {}, options: TokenHandlerOptions = {}) {
  const handler = createTokenHandler(config(overrides), {
    clock: () => now,
    log: (line) => logLines.push(line),
    ...options,
  });
  const server = await serveNode(handler.fetch, { port: 0 });
  servers.push(server);
  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${server.origin}${path}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  return {
    origin: server.origin,
    ask: (body: unknown, headers?: Record<string, string>) => post('/aiuta_sku', body, headers),
    token: (params: unknown) => post('/aiuta_jwt', params),
  };
}

function page(ids: string[], pageOverrides: Partial<CatalogRequest['page']> = {}): CatalogRequest {
  return {
    subscription_id: SUBSCRIPTION,
    candidates: ids.map((id, index) => ({ id, kind: index === 0 ? 'sku' : 'gtin13' })),
    page: {
      url: 'https://shop.example/products/linen-shirt?variant=2',
      name: 'Linen Shirt',
      brand: 'Harbor & Co',
      image_urls: ['https://cdn.shop.example/linen-1.jpg', 'https://cdn.shop.example/linen-2.jpg'],
      ...pageOverrides,
    },
  };
}

async function answerOf(response: Response) {
  return catalogAnswerSchema.parse(await response.json());
}

async function errorOf(response: Response) {
  return backendErrorSchema.parse(await response.json());
}

const lookups = () => aiuta.requests.filter((request) => request.method === 'GET');
const creates = () => aiuta.requests.filter((request) => request.method === 'POST');

describe('catalog resolution: which id', () => {
  it('answers the first candidate when it is ready, with one lookup', async () => {
    aiuta.add('SKU-1', 'ready');
    aiuta.add('4006381333931', 'ready');
    const backend = await start();
    const response = await backend.ask(page(['SKU-1', '4006381333931']));
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await answerOf(response)).toEqual({ sku_id: 'SKU-1', status: 'ready' });
    expect(lookups().map((request) => request.path)).toEqual(['/v1/sku_items/SKU-1']);
    expect(aiuta.requests.every((request) => request.apiKey === API_KEY)).toBe(true);
  });

  it('answers the first ready candidate in the page\'s order, skipping unknown, disabled and rejected ones', async () => {
    aiuta.add('OTHER-1', 'rejected');
    aiuta.add('OTHER-2', 'ready', { try_on: false });
    aiuta.add('4006381333931', 'ready');
    aiuta.add('4006381333948', 'ready');
    const backend = await start({ onboardHosts: [] });
    const response = await backend.ask(page(['SKU-1', 'OTHER-1', 'OTHER-2', '4006381333931', '4006381333948']));
    expect(await answerOf(response)).toEqual({ sku_id: '4006381333931', status: 'ready' });
    expect(creates()).toEqual([]);
  });

  it('takes a candidate Aiuta refuses to look up (400, 422) as missing, and goes on with the next', async () => {
    aiuta.refusedIds.set('not-an-aiuta-id', 422);
    aiuta.refusedIds.set('bad-request-id', 400);
    aiuta.add('4006381333931', 'ready');
    const backend = await start({ onboardHosts: [] });
    const response = await backend.ask(page(['not-an-aiuta-id', 'bad-request-id', '4006381333931']));
    expect(response.status).toBe(200);
    expect(await answerOf(response)).toEqual({ sku_id: '4006381333931', status: 'ready' });
    const none = await backend.ask(page(['not-an-aiuta-id']));
    expect(none.status).toBe(404);
    expect((await errorOf(none)).error).toBe('sku_not_in_catalog');
    expect(logLines.some((line) => line.includes('/sku_items/not-an-aiuta-id answered 422'))).toBe(true);
    const token = await backend.token({ operation: 'create_try_on', uploaded_image_id: 'user_image-1', sku_id: 'bad-request-id' });
    expect(token.status).toBe(403);
  });

  it('reports a candidate still being prepared as 202, and a rejected one as 422 with Aiuta\'s reason', async () => {
    aiuta.add('SKU-2', 'preparing');
    aiuta.add('SKU-3', 'failed', { error_message: 'No garment found on the product images.' });
    const backend = await start({ onboardHosts: [] });
    const preparing = await backend.ask(page(['SKU-1', 'SKU-2']));
    expect(preparing.status).toBe(202);
    expect(await answerOf(preparing)).toEqual({ sku_id: 'SKU-2', status: 'preparing', retry_after_s: 5 });
    const rejected = await backend.ask(page(['SKU-1', 'SKU-3']));
    expect(rejected.status).toBe(422);
    const error = await errorOf(rejected);
    expect(error.error).toBe('sku_rejected');
    expect(error.message).toContain('No garment found');
  });

  it('answers 404 sku_not_in_catalog when no id is known and the host may not be onboarded', async () => {
    const backend = await start();
    const response = await backend.ask(page(['SKU-1', 'SKU-2'], { url: 'https://elsewhere.example/p/1' }));
    expect(response.status).toBe(404);
    const error = await errorOf(response);
    expect(error.error).toBe('sku_not_in_catalog');
    expect(error.message).toContain('elsewhere.example');
    expect(creates()).toEqual([]);
  });

  it('asks Aiuta about at most 5 candidates at a time', async () => {
    let open = 0;
    let most = 0;
    const held: (() => void)[] = [];
    const slow = await serveNode(async () => {
      most = Math.max(most, ++open);
      // Each lookup is held until five are open at once (then 50 ms more, for a sixth to show), or for
      // a second (a last, shorter round): the count does not depend on how fast this machine is.
      await new Promise<void>((resolve) => {
        held.push(resolve);
        if (open >= 5) setTimeout(() => held.splice(0).forEach((release) => release()), 50);
        else setTimeout(resolve, 1000);
      });
      open--;
      return new Response(JSON.stringify({ code: 'sku_item_not_found', message: 'SKU item does not exist.' }), {
        status: 404,
        headers: { 'Content-Type': 'application/json' },
      });
    }, { port: 0 });
    servers.push(slow);
    const backend = await start({ apiBaseUrl: `${slow.origin}/v1`, onboardHosts: [] });
    expect((await backend.ask(page(Array.from({ length: 20 }, (_, index) => `SKU-${index}`)))).status).toBe(404);
    expect(most).toBe(5);
  });
});

describe('catalog resolution: cache', () => {
  it('remembers a ready item for 10 minutes and a missing one for 1 minute', async () => {
    aiuta.add('SKU-2', 'ready');
    const backend = await start({ onboardHosts: [] });
    expect((await answerOf(await backend.ask(page(['SKU-1', 'SKU-2'])))).sku_id).toBe('SKU-2');
    expect(lookups()).toHaveLength(2);
    now += 59_000;
    expect((await answerOf(await backend.ask(page(['SKU-1', 'SKU-2'])))).sku_id).toBe('SKU-2');
    expect(lookups()).toHaveLength(2);
    // SKU-1 gets added to the catalog meanwhile: seen once its "missing" entry is a minute old.
    aiuta.add('SKU-1', 'ready');
    now += 2_000;
    expect((await answerOf(await backend.ask(page(['SKU-1', 'SKU-2'])))).sku_id).toBe('SKU-1');
    expect(lookups()).toHaveLength(3);
    now += 9 * 60_000;
    await backend.ask(page(['SKU-1']));
    expect(lookups()).toHaveLength(3);
    now += 2 * 60_000;
    await backend.ask(page(['SKU-1']));
    expect(lookups()).toHaveLength(4);
  });

  it('does not cache an item being prepared: every ask reports progress', async () => {
    aiuta.add('SKU-1', 'preparing');
    const backend = await start({ onboardHosts: [] });
    expect((await backend.ask(page(['SKU-1']))).status).toBe(202);
    aiuta.add('SKU-1', 'ready');
    expect((await backend.ask(page(['SKU-1']))).status).toBe(200);
  });

  it('remembers a ready item until 10 minutes have passed, then asks again', async () => {
    aiuta.add('SKU-1', 'ready');
    const backend = await start({ onboardHosts: [] });
    const asked = now;
    await backend.ask(page(['SKU-1']));
    now = asked + 10 * 60_000 - 1;
    await backend.ask(page(['SKU-1']));
    expect(lookups()).toHaveLength(1);
    now = asked + 10 * 60_000;
    await backend.ask(page(['SKU-1']));
    expect(lookups()).toHaveLength(2);
  });

  it('remembers an unknown item and a rejected one until 1 minute has passed, then asks again', async () => {
    aiuta.add('SKU-REJECTED', 'rejected', { error_message: 'No usable picture.' });
    const backend = await start({ onboardHosts: [] });
    const asked = now;
    expect((await backend.ask(page(['SKU-UNKNOWN']))).status).toBe(404);
    expect((await backend.ask(page(['SKU-REJECTED']))).status).toBe(422);
    now = asked + 60_000 - 1;
    await backend.ask(page(['SKU-UNKNOWN']));
    await backend.ask(page(['SKU-REJECTED']));
    expect(lookups()).toHaveLength(2);
    now = asked + 60_000;
    await backend.ask(page(['SKU-UNKNOWN']));
    await backend.ask(page(['SKU-REJECTED']));
    expect(lookups().map((request) => request.path)).toEqual([
      '/v1/sku_items/SKU-UNKNOWN',
      '/v1/sku_items/SKU-REJECTED',
      '/v1/sku_items/SKU-UNKNOWN',
      '/v1/sku_items/SKU-REJECTED',
    ]);
  });
});

describe('catalog resolution: onboarding', () => {
  const onboardedId = 'shop.example:SKU-1';

  it('adds an unknown product of an allowed host once, from the page, and reports preparing, then ready', async () => {
    const backend = await start();
    const request = page(['SKU-1', '4006381333931'], {
      url: 'https://www.shop.example/products/linen-shirt',
      image_urls: [
        'https://cdn.shop.example/linen-1.jpg',
        'https://cdn.shop.example/linen-1.jpg',
        'http://cdn.shop.example/linen-insecure.jpg',
        'https://user:pass@cdn.shop.example/linen-creds.jpg',
        'https://cdn.shop.example/linen-2.jpg',
      ],
    });
    const first = await backend.ask(request);
    expect(first.status).toBe(202);
    expect(await answerOf(first)).toEqual({ sku_id: onboardedId, status: 'preparing', retry_after_s: 5 });
    expect(creates()).toHaveLength(1);
    expect(creates()[0]!.body).toEqual({
      sku_id: onboardedId,
      product_info: {
        image_urls: ['https://cdn.shop.example/linen-1.jpg', 'https://cdn.shop.example/linen-2.jpg'],
        title: 'Linen Shirt',
        brand: 'Harbor & Co',
        store_url: 'https://www.shop.example/products/linen-shirt',
      },
      capabilities: { try_on: true },
      metadata: { onboarded_from: 'www.shop.example', store_ids: ['SKU-1', '4006381333931'] },
    });

    const again = await backend.ask(request);
    expect(again.status).toBe(202);
    aiuta.items.get(onboardedId)!.readiness = 'ready';
    const done = await backend.ask(request);
    expect(done.status).toBe(200);
    expect(await answerOf(done)).toEqual({ sku_id: onboardedId, status: 'ready' });
    expect(creates()).toHaveLength(1);
    // The onboarded id is what the extension then asks a try-on token for.
    const token = await backend.token({ operation: 'create_try_on', uploaded_image_id: 'user_image-1', sku_id: onboardedId });
    expect(token.status).toBe(200);
  });

  it('creates the item once when many ask at the same moment', async () => {
    const backend = await start();
    const answers = await Promise.all(Array.from({ length: 12 }, () => backend.ask(page(['SKU-1']))));
    expect(answers.map((answer) => answer.status)).toEqual(Array(12).fill(202));
    expect(creates()).toHaveLength(1);
  });

  it('finds an item another instance created, and takes Aiuta\'s 409 on create as "use it"', async () => {
    // Two instances, each with its own memory.
    const one = await start();
    const two = await start();
    // Instance two looks the onboarded id up first (and remembers it missing for a minute)...
    expect((await two.ask(page(['SKU-1'], { image_urls: [] }))).status).toBe(404);
    // ...then instance one creates it...
    expect((await one.ask(page(['SKU-1']))).status).toBe(202);
    expect(creates()).toHaveLength(1);
    // ...so instance two's create meets a 409, which means "it exists: use it".
    const viaTwo = await two.ask(page(['SKU-1']));
    expect(creates()).toHaveLength(2);
    expect(aiuta.items.size).toBe(1);
    expect(viaTwo.status).toBe(202);
    expect(await answerOf(viaTwo)).toEqual({ sku_id: onboardedId, status: 'preparing', retry_after_s: 5 });
    aiuta.items.get(onboardedId)!.readiness = 'ready';
    expect(await answerOf(await two.ask(page(['SKU-1'])))).toEqual({ sku_id: onboardedId, status: 'ready' });
    // A third instance finds it by lookup and creates nothing.
    const three = await start();
    expect((await three.ask(page(['SKU-1']))).status).toBe(200);
    expect(creates()).toHaveLength(2);
  });

  it('matches wildcard hosts, and onboards nothing without a usable https image', async () => {
    const backend = await start();
    const wildcard = await backend.ask(page(['SKU-7'], { url: 'https://eu.brand.example/p/7', image_urls: ['https://eu.brand.example/7.jpg'] }));
    expect(wildcard.status).toBe(202);
    expect((await answerOf(wildcard)).sku_id).toBe('eu.brand.example:SKU-7');
    const noImages = await backend.ask(page(['SKU-8'], { image_urls: ['http://cdn.shop.example/a.jpg'] }));
    expect(noImages.status).toBe(404);
    expect((await errorOf(noImages)).message).toMatch(/https product image/);
    expect(creates()).toHaveLength(1);
  });

  it('answers 422 when Aiuta refuses the product data or rejects the onboarded item', async () => {
    const backend = await start();
    aiuta.createdReadiness = 'rejected';
    const rejected = await backend.ask(page(['SKU-1']));
    expect(rejected.status).toBe(422);
    expect((await errorOf(rejected)).error).toBe('sku_rejected');
    const tooMany = await backend.ask(
      page(['SKU-2'], { image_urls: Array.from({ length: 20 }, (_, index) => `https://cdn.shop.example/${index}.jpg`) }),
    );
    // 20 images is the limit of both sides: accepted.
    expect(tooMany.status).toBe(422);
    aiuta.breakWith({ status: 422, body: { detail: [{ loc: ['body', 'product_info'], msg: 'image_urls: not an image', type: 'value_error' }] } }, 'POST');
    const refused = await backend.ask(page(['SKU-3']));
    expect(refused.status).toBe(422);
    expect((await errorOf(refused)).message).toContain('not an image');
  });

  it('accepts http images on loopback only for a loopback page in sandbox mode', () => {
    const images = ['http://127.0.0.1:8789/a.jpg', 'http://localhost:8789/b.jpg', 'http://shop.example/c.jpg'];
    const sandbox = { sandbox: true, onboardImageHosts: [] };
    expect(usableImageUrls(images, new URL('http://127.0.0.1:8789/p'), sandbox)).toEqual(images.slice(0, 2));
    expect(usableImageUrls(images, new URL('http://127.0.0.1:8789/p'), { ...sandbox, sandbox: false })).toEqual([]);
    expect(usableImageUrls(images, new URL('https://shop.example/p'), sandbox)).toEqual([]);
    const many = Array.from({ length: 30 }, (_, index) => `https://cdn.shop.example/${index}.jpg`);
    expect(usableImageUrls(many, new URL('https://shop.example/p'), sandbox)).toHaveLength(20);
  });

  it('takes images only of the page\'s own store or the hosts AIUTA_ONBOARD_IMAGE_HOSTS lists', async () => {
    const images = [
      'https://shop.example/a.jpg',
      'https://www.shop.example/b.jpg',
      'https://cdn.shop.example/c.jpg',
      'https://evil.example/d.jpg',
      'https://shop.example.evil/e.jpg',
      'https://evilshop.example/f.jpg',
      'https://cdn.shopify.com/g.jpg',
      'https://x.cloudfront.net/h.jpg',
    ];
    const settings = { sandbox: false, onboardImageHosts: ['cdn.shopify.com', '*.cloudfront.net'] };
    expect(usableImageUrls(images, new URL('https://www.shop.example/p'), settings)).toEqual([
      ...images.slice(0, 3),
      'https://cdn.shopify.com/g.jpg',
      'https://x.cloudfront.net/h.jpg',
    ]);
    expect(usableImageUrls(images, new URL('https://shop.example/p'), { ...settings, onboardImageHosts: [] })).toEqual(images.slice(0, 3));
    // One request cannot plant another site's pictures on a store's product: nothing is created.
    const backend = await start();
    const planted = await backend.ask(page(['SKU-9'], { image_urls: ['https://evil.example/not-the-shirt.jpg'] }));
    expect(planted.status).toBe(404);
    expect((await errorOf(planted)).message).toMatch(/its own store/);
    const mixed = await backend.ask(page(['SKU-9'], { image_urls: ['https://evil.example/x.jpg', 'https://cdn.shop.example/linen.jpg'] }));
    expect(mixed.status).toBe(202);
    expect((creates()[0]!.body as { product_info: { image_urls: string[] } }).product_info.image_urls).toEqual([
      'https://cdn.shop.example/linen.jpg',
    ]);
    const env = { AIUTA_JWT_SECRET: 'test-secret-0123456789-0123456789', AIUTA_JWT_ISSUER: 'i', AIUTA_SUBSCRIPTION_ID: 'sub' };
    expect(loadTokenConfig({ ...env, AIUTA_ONBOARD_IMAGE_HOSTS: 'cdn.shopify.com, *.CloudFront.net' }).onboardImageHosts).toEqual([
      'cdn.shopify.com',
      '*.cloudfront.net',
    ]);
    expect(() => loadTokenConfig({ ...env, AIUTA_ONBOARD_IMAGE_HOSTS: 'https://cdn.example' })).toThrow(/AIUTA_ONBOARD_IMAGE_HOSTS/);
  });

  it('derives ids that cannot collide across stores and always fit a SKU', async () => {
    expect(await onboardedSkuId('www.Shop.example', 'SKU-1')).toBe('shop.example:SKU-1');
    expect(await onboardedSkuId('other.example', 'SKU-1')).toBe('other.example:SKU-1');
    const long = await onboardedSkuId('a-very-long-store-host-name.example', 'X'.repeat(120));
    expect(long).toMatch(/^a-very-long-store-host-name\.example:[0-9a-f]{32}$/);
    expect(await onboardedSkuId('a-very-long-store-host-name.example', 'Y'.repeat(120))).not.toBe(long);
    expect(hostMatches('eu.brand.example', ['*.brand.example'])).toBe(true);
    expect(hostMatches('brand.example', ['*.brand.example'])).toBe(false);
    expect(hostMatches('evilbrand.example', ['*.brand.example'])).toBe(false);
    expect(hostMatches('shop.example.evil', ['shop.example'])).toBe(false);
  });
});

describe('catalog resolution: errors', () => {
  it('answers 501 catalog_check_disabled without AIUTA_API_KEY', async () => {
    const backend = await start({ apiKey: undefined });
    const response = await backend.ask(page(['SKU-1']));
    expect(response.status).toBe(501);
    expect((await errorOf(response)).error).toBe('catalog_check_disabled');
    expect(aiuta.requests).toEqual([]);
  });

  const outages: [string, Parameters<FakeAiutaCatalog['breakWith']>[0], string][] = [
    ['a 503', { status: 503 }, '5'],
    ['a 500', { status: 500 }, '5'],
    ['a 429 with Retry-After', { status: 429, headers: { 'Retry-After': '17' } }, '17'],
    ['a refused key (401)', { status: 401 }, '60'],
    ['a body that is not a SkuItem', { status: 200, body: { surprise: true } }, '5'],
    ['no answer in time', 'hang', '5'],
    ['a redirect (the key is not followed elsewhere)', { status: 302, headers: { Location: 'http://127.0.0.1:9/elsewhere' } }, '5'],
  ];
  it.each(outages)('answers 503 with Retry-After when Aiuta gives %s', async (_name, broken, retryAfter) => {
    // Only the hanging case waits for the timeout, so it gets a short one.
    const backend = await start({}, broken === 'hang' ? { catalogTimeoutMs: 300 } : {});
    aiuta.breakWith(broken);
    const response = await backend.ask(page(['SKU-1']));
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe(retryAfter);
    expect((await errorOf(response)).error).toBe('catalog_unavailable');
    expect(logLines.length).toBeGreaterThan(0);
  });

  it('answers 503 when Aiuta cannot be reached at all', async () => {
    const backend = await start({ apiBaseUrl: 'http://127.0.0.1:9/v1' });
    const response = await backend.ask(page(['SKU-1']));
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('5');
  });

  const badBodies: [string, unknown, number, string][] = [
    ['21 candidates', page(Array.from({ length: 21 }, (_, index) => `SKU-${index}`)), 400, 'invalid_params'],
    ['no candidates', page([]), 400, 'invalid_params'],
    ['a candidate with markup', page(['<b>x</b>']), 400, 'invalid_params'],
    ['a page that is not http(s)', page(['SKU-1'], { url: 'javascript:alert(1)' }), 400, 'invalid_params'],
    ['21 images', page(['SKU-1'], { image_urls: Array.from({ length: 21 }, (_, i) => `https://a.example/${i}.jpg`) }), 400, 'invalid_params'],
    ['an unknown key', { ...page(['SKU-1']), admin: true }, 400, 'invalid_params'],
    ['no subscription', { candidates: [{ id: 'SKU-1' }], page: { url: 'https://shop.example/p' } }, 400, 'invalid_params'],
    ['broken JSON', '{"candidates":', 400, 'invalid_json'],
    ['another subscription', { ...page(['SKU-1']), subscription_id: 'someone-else' }, 403, 'unknown_subscription'],
  ];
  it.each(badBodies)('refuses %s', async (_name, body, status, error) => {
    const backend = await start();
    const response = await backend.ask(body);
    expect(response.status).toBe(status);
    expect((await errorOf(response)).error).toBe(error);
    expect(aiuta.requests).toEqual([]);
  });

  it('applies the token endpoint\'s rules: 405, 413, 415, 429, CORS, authorize()', async () => {
    const backend = await start(
      { rateLimit: { burst: 1, perMinute: 1 }, allowedOrigins: ['chrome-extension://abcdefghijklmnopabcdefghijklmnop'] },
      { authorize: (request, asked) => asked.kind !== 'catalog' || request.headers.get('authorization') === 'Bearer ok' },
    );
    expect((await fetch(`${backend.origin}/aiuta_sku`)).status).toBe(405);
    const big = await backend.ask({ ...page(['SKU-1']), padding: 'x'.repeat(70_000) });
    expect(big.status).toBe(413);
    const form = await fetch(`${backend.origin}/aiuta_sku`, {
      method: 'POST',
      headers: { 'Content-Type': 'text/plain' },
      body: JSON.stringify(page(['SKU-1'])),
    });
    expect(form.status).toBe(415);
    const foreign = await backend.ask(page(['SKU-1']), { Origin: 'https://evil.example' });
    expect(foreign.status).toBe(403);
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
    // The 405, 413 and 415 above were not counted; a request authorize() refuses is: the limit comes before asking it.
    expect((await backend.ask(page(['SKU-1']))).status).toBe(403);
    const limited = await backend.ask(page(['SKU-1']), { Authorization: 'Bearer ok' });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).not.toBeNull();
  });

  it('reads a catalog request body up to 64 KB and refuses one byte more with 413', async () => {
    const backend = await start();
    const sized = (bytes: number) => {
      const shell = JSON.stringify({ ...page(['SKU-1']), padding: '' });
      return JSON.stringify({ ...page(['SKU-1']), padding: 'x'.repeat(bytes - shell.length) });
    };
    const atLimit = await backend.ask(sized(64 * 1024));
    expect(atLimit.status).toBe(400);
    expect((await errorOf(atLimit)).error).toBe('invalid_params');
    const over = await backend.ask(sized(64 * 1024 + 1));
    expect(over.status).toBe(413);
    expect((await errorOf(over)).error).toBe('payload_too_large');
  });
});

describe('token refusal with the catalog check on', () => {
  it('issues create_try_on tokens only for SKUs the catalog holds ready', async () => {
    aiuta.add('SKU-READY', 'ready');
    aiuta.add('SKU-PREP', 'preparing');
    aiuta.add('SKU-REJECTED', 'rejected', { error_message: 'No usable picture.' });
    aiuta.add('SKU-ALSO', 'ready');
    const backend = await start();
    const create = (sku: Record<string, unknown>) =>
      backend.token({ operation: 'create_try_on', uploaded_image_id: 'user_image-1', ...sku });
    const ready = await create({ sku_id: 'SKU-READY' });
    expect(ready.status).toBe(200);
    expect(decodeJwt(((await ready.json()) as { token: string }).token).sku_id).toBe('SKU-READY');
    expect((await create({ sku_ids: ['SKU-READY', 'SKU-ALSO'] })).status).toBe(200);
    for (const refused of [{ sku_id: 'SKU-UNKNOWN' }, { sku_id: 'SKU-PREP' }, { sku_id: 'SKU-REJECTED' }, { sku_ids: ['SKU-READY', 'SKU-UNKNOWN'] }]) {
      const response = await create(refused);
      expect(response.status).toBe(403);
      expect((await errorOf(response)).error).toBe('sku_not_in_catalog');
    }
    // Uploads and deletes need no catalog.
    expect((await backend.token({ operation: 'upload_image' })).status).toBe(200);
    aiuta.breakWith({ status: 503 });
    now += 11 * 60_000;
    const down = await create({ sku_id: 'SKU-READY' });
    expect(down.status).toBe(503);
    expect(down.headers.get('retry-after')).toBe('5');
  });

  it('without AIUTA_API_KEY, signs any valid SKU as before', async () => {
    const backend = await start({ apiKey: undefined });
    const response = await backend.token({ operation: 'create_try_on', uploaded_image_id: 'user_image-1', sku_id: 'ANY' });
    expect(response.status).toBe(200);
    expect(aiuta.requests).toEqual([]);
  });
});

describe('the API key stays on the server', () => {
  it('never appears in an answer or a log line, even when Aiuta echoes it', async () => {
    const seen: string[] = [];
    const original = { log: console.log, warn: console.warn, error: console.error };
    for (const name of ['log', 'warn', 'error'] as const) console[name] = (...args: unknown[]) => seen.push(args.map(String).join(' '));
    try {
      const backend = await start({}, { log: undefined });
      aiuta.add('SKU-OK', 'ready');
      const responses = [
        await backend.ask(page(['SKU-OK'])),
        await backend.ask(page(['SKU-NEW'])),
        await backend.ask(page(['SKU-X'], { url: 'https://elsewhere.example/p' })),
        await backend.token({ operation: 'create_try_on', uploaded_image_id: 'user_image-1', sku_id: 'SKU-NONE' }),
      ];
      aiuta.breakWith({ status: 500, body: { code: 'internal', message: `bad key ${API_KEY}` } });
      responses.push(await backend.ask(page(['SKU-ECHO-1'])));
      aiuta.breakWith({ status: 422, body: { code: 'invalid', message: `key ${API_KEY} may not create` } });
      responses.push(await backend.ask(page(['SKU-ECHO-2'])));
      aiuta.breakWith({ status: 401, body: { code: 'unauthorized', message: `unknown key ${API_KEY}` } });
      responses.push(await backend.ask(page(['SKU-ECHO-3'])));
      for (const response of responses) {
        const text = await response.text();
        expect(text).not.toContain(API_KEY);
        for (const [, value] of response.headers) expect(value).not.toContain(API_KEY);
      }
      expect(seen.length).toBeGreaterThan(0);
      expect(seen.some((line) => line.includes('[redacted]'))).toBe(true);
      for (const line of seen) expect(line).not.toContain(API_KEY);
      // It did travel where it belongs: to Aiuta.
      expect(aiuta.requests.every((request) => request.apiKey === API_KEY)).toBe(true);
    } finally {
      Object.assign(console, original);
    }
  });

  it('follows no redirect from Aiuta\'s catalog, so the API key goes nowhere else', async () => {
    const elsewhere: string[] = [];
    const other = await serveNode(async (request) => {
      elsewhere.push(`${request.method} ${new URL(request.url).pathname} ${request.headers.get('x-api-key')}`);
      return new Response(JSON.stringify({ sku_id: 'SKU-1', capabilities: { try_on: true }, capabilities_readiness: { try_on: { status: 'ready' } } }), {
        headers: { 'Content-Type': 'application/json' },
      });
    }, { port: 0 });
    servers.push(other);
    aiuta.breakWith({ status: 307, headers: { Location: `${other.origin}/v1/sku_items/SKU-1` } });
    const backend = await start({ onboardHosts: [] });
    const response = await backend.ask(page(['SKU-1']));
    expect(response.status).toBe(503);
    expect(elsewhere).toEqual([]);
  });
});

describe('catalog configuration', () => {
  const base = { AIUTA_JWT_SECRET: 'test-secret-0123456789-0123456789', AIUTA_JWT_ISSUER: 'i', AIUTA_SUBSCRIPTION_ID: 'sub' };

  it('defaults the API base URL and refuses plain http except to a loopback address', () => {
    expect(loadTokenConfig(base).apiBaseUrl).toBe('https://api.aiuta.com/v1');
    expect(loadTokenConfig({ ...base, AIUTA_API_BASE_URL: 'http://127.0.0.1:8787/v1' }).apiBaseUrl).toBe('http://127.0.0.1:8787/v1');
    expect(loadTokenConfig({ ...base, AIUTA_API_BASE_URL: 'http://localhost:8787/v1' }).apiBaseUrl).toBe('http://localhost:8787/v1');
    expect(() => loadTokenConfig({ ...base, AIUTA_API_BASE_URL: 'http://api.aiuta.com/v1' })).toThrow(/https/);
    expect(() => loadTokenConfig({ ...base, AIUTA_API_BASE_URL: 'ftp://api.aiuta.com/v1' })).toThrow(ConfigError);
  });

  it('reads onboarding hosts and refuses what is not a host name', () => {
    expect(loadTokenConfig({ ...base, AIUTA_ONBOARD_HOSTS: ' Shop.example ,*.brand.example,' }).onboardHosts).toEqual([
      'shop.example',
      '*.brand.example',
    ]);
    expect(loadTokenConfig(base).onboardHosts).toEqual([]);
    for (const bad of ['https://shop.example', 'shop.example:443', '*', 'shop.*.example']) {
      expect(() => loadTokenConfig({ ...base, AIUTA_ONBOARD_HOSTS: bad })).toThrow(/AIUTA_ONBOARD_HOSTS/);
    }
  });

  it('keeps catalog lookups in the store it is given', async () => {
    const store = new MemoryStore({ clock: () => now });
    aiuta.add('SKU-1', 'ready');
    const backend = await start({}, { store });
    await backend.ask(page(['SKU-1']));
    expect(await store.get('catalog:SKU-1')).toBe(JSON.stringify({ state: 'ready' }));
  });
});
