import { execFile } from 'node:child_process';
import { request as httpRequest } from 'node:http';
import { promisify } from 'node:util';
import { decodeJwt, errors as joseErrors, jwtVerify } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, DEFAULT_IMAGES_PER_CLIENT_PER_DAY, loadTokenConfig, validateTokenConfig, type TokenServerConfig } from './config';
import { createTokenHandler, type TokenHandlerOptions } from './handler';
import { MemoryStore } from './kv-store';
import { serveNode, type RunningServer } from './node-adapter';

const SECRET = 'test-secret-0123456789-0123456789';
const EXTENSION_ORIGIN = 'chrome-extension://abcdefghijklmnopabcdefghijklmnop';

function config(overrides: Partial<TokenServerConfig> = {}): TokenServerConfig {
  return validateTokenConfig({
    secret: SECRET,
    issuer: 'test-issuer',
    subscriptionId: 'sub-1',
    ttlSeconds: 60,
    allowedOrigins: [EXTENSION_ORIGIN, 'moz-extension://0f1e2d3c-aaaa-bbbb-cccc-1234567890ab'],
    sandbox: false,
    rateLimit: { burst: 100, perMinute: 600 },
    path: '/aiuta_jwt',
    allowAnonymous: true,
    ...overrides,
  });
}

const servers: RunningServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function start(overrides: Partial<TokenServerConfig> = {}, options: TokenHandlerOptions = {}) {
  const server = await serveNode(createTokenHandler(config(overrides), options).fetch, { port: 0 });
  servers.push(server);
  return `${server.origin}/aiuta_jwt`;
}

/** A GET with exactly these headers (fetch() in Node writes its own Sec-Fetch-Mode). */
function rawGet(url: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const asked = httpRequest(url, { headers }, (answer) => {
      let body = '';
      answer.setEncoding('utf8');
      answer.on('data', (chunk: string) => (body += chunk));
      answer.on('end', () => resolve({ status: answer.statusCode ?? 0, body }));
    });
    asked.on('error', reject);
    asked.end();
  });
}

function post(url: string, body: unknown, headers: Record<string, string> = {}) {
  return fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

const key = new TextEncoder().encode(SECRET);

describe('token server: issuing', () => {
  it('signs exactly the validated create_try_on params with iss, iat and a 60 s exp', async () => {
    const url = await start();
    const response = await post(url, {
      operation: 'create_try_on',
      subscription_id: 'sub-1',
      uploaded_image_id: 'user_image-06f5948c',
      sku_id: 'SHP-TEE-NAVY-M',
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const body = (await response.json()) as { type: string; token: string };
    expect(body.type).toBe('jwt');
    const { payload, protectedHeader } = await jwtVerify(body.token, key, { issuer: 'test-issuer' });
    expect(protectedHeader.alg).toBe('HS256');
    expect(Object.keys(payload).sort()).toEqual(
      ['exp', 'iat', 'iss', 'operation', 'sku_id', 'subscription_id', 'uploaded_image_id'].sort(),
    );
    expect(payload).toMatchObject({
      operation: 'create_try_on',
      subscription_id: 'sub-1',
      uploaded_image_id: 'user_image-06f5948c',
      sku_id: 'SHP-TEE-NAVY-M',
    });
    expect(payload.exp! - payload.iat!).toBe(60);
  });

  it('accepts store SKUs with spaces and letters of other languages', async () => {
    const url = await start();
    const response = await post(url, { operation: 'create_try_on', uploaded_image_id: 'u-1', sku_ids: ['ABC 123', 'Größe-M'] });
    expect(response.status).toBe(200);
    const { token } = (await response.json()) as { token: string };
    expect(decodeJwt(token)).toMatchObject({ sku_ids: ['ABC 123', 'Größe-M'] });
  });

  it('accepts query arguments under the JSON body, repeated sku_ids becoming a list', async () => {
    const url = await start();
    const response = await post(`${url}?uploaded_image_id=u-1&sku_ids=A-1&sku_ids=B-2&sku_catalog_name=main`, {
      operation: 'create_try_on',
    });
    expect(response.status).toBe(200);
    const { token } = (await response.json()) as { token: string };
    expect(decodeJwt(token)).toMatchObject({ sku_ids: ['A-1', 'B-2'], sku_catalog_name: 'main' });
  });

  it('serves GET for upload_image only: a page\'s <img> or form cannot spend try-ons or delete images', async () => {
    const installId = 'install-0f1e2d3c4b5a6978';
    const url = await start({ dailyTryOns: { perSubscription: 1 } });
    const upload = await fetch(`${url}?operation=upload_image`);
    expect(upload.status).toBe(200);
    // What <img src> on any web page sends: a GET without Origin.
    const tryOn = await fetch(`${url}?operation=create_try_on&uploaded_image_id=u-1&sku_id=READY&install_id=${installId}`);
    expect(tryOn.status).toBe(405);
    expect(tryOn.headers.get('allow')).toBe('POST, OPTIONS');
    expect(((await tryOn.json()) as { error: string }).error).toBe('method_not_allowed');
    // A POST whose parameters are all in the query (a form with an empty body) is refused the same way.
    const emptyPost = await fetch(`${url}?operation=create_try_on&uploaded_image_id=u-1&sku_id=READY`, { method: 'POST' });
    expect(emptyPost.status).toBe(405);
    const served = await post(url, { operation: 'create_try_on', install_id: installId, uploaded_image_id: 'user_image-3', sku_id: 'A' });
    expect(served.status).toBe(200);
    const remove = await fetch(`${url}?operation=delete_image&image_id=user_image-3&install_id=${installId}`);
    expect(remove.status).toBe(405);
    // The refused GETs spent nothing: the budget of one try-on was used by the POST above, not by them.
    const second = await post(url, { operation: 'create_try_on', uploaded_image_id: 'u-2', sku_id: 'A' });
    expect(((await second.json()) as { error: string }).error).toBe('budget_exhausted');
  });

  it('issues upload_image (no params), and delete_image (image_id) for an image of the same installation', async () => {
    const url = await start();
    const upload = await post(url, { operation: 'upload_image' });
    expect(decodeJwt(((await upload.json()) as { token: string }).token).operation).toBe('upload_image');
    const installId = 'install-0f1e2d3c4b5a6978';
    await post(url, { operation: 'create_try_on', install_id: installId, uploaded_image_id: 'user_image-9', sku_id: 'A' });
    const remove = await post(url, { operation: 'delete_image', install_id: installId, image_id: 'user_image-9' });
    expect(remove.status).toBe(200);
    expect(decodeJwt(((await remove.json()) as { token: string }).token)).toMatchObject({
      operation: 'delete_image',
      image_id: 'user_image-9',
    });
  });

  it('puts the server\'s subscription into every token and keeps install_id out of it', async () => {
    const url = await start();
    const response = await post(url, { operation: 'upload_image', install_id: 'install-0f1e2d3c4b5a6978' });
    const claims = decodeJwt(((await response.json()) as { token: string }).token);
    expect(claims.subscription_id).toBe('sub-1');
    expect(claims).not.toHaveProperty('install_id');
  });

  it('uses the configured lifetime, and the token fails verification once it has expired', async () => {
    let now = Date.parse('2030-01-01T00:00:00Z');
    const url = await start({ ttlSeconds: 30 }, { clock: () => now });
    const { token } = (await (await post(url, { operation: 'upload_image' })).json()) as { token: string };
    const claims = decodeJwt(token);
    expect(claims.iat).toBe(now / 1000);
    expect(claims.exp).toBe(now / 1000 + 30);
    await expect(jwtVerify(token, key, { currentDate: new Date(now + 29_000) })).resolves.toBeDefined();
    now += 31_000;
    await expect(jwtVerify(token, key, { currentDate: new Date(now) })).rejects.toBeInstanceOf(
      joseErrors.JWTExpired,
    );
  });

  it('answers /healthz', async () => {
    const url = await start();
    const response = await fetch(url.replace('/aiuta_jwt', '/healthz'));
    expect(await response.json()).toEqual({ status: 'ok' });
  });
});

describe('token server: bad input', () => {
  const cases: [string, unknown, string][] = [
    ['an unknown operation', { operation: 'generate_anything' }, 'invalid_params'],
    ['no operation', { uploaded_image_id: 'u-1', sku_id: 'A' }, 'invalid_params'],
    ['an unknown key', { operation: 'upload_image', admin: true }, 'invalid_params'],
    ['upload_image with params', { operation: 'upload_image', sku_id: 'A' }, 'invalid_params'],
    ['create without a SKU', { operation: 'create_try_on', uploaded_image_id: 'u-1' }, 'invalid_params'],
    [
      'create with both sku_id and sku_ids',
      { operation: 'create_try_on', uploaded_image_id: 'u-1', sku_id: 'A', sku_ids: ['A'] },
      'invalid_params',
    ],
    [
      'six SKUs',
      { operation: 'create_try_on', uploaded_image_id: 'u-1', sku_ids: ['1', '2', '3', '4', '5', '6'] },
      'invalid_params',
    ],
    ['an empty SKU list', { operation: 'create_try_on', uploaded_image_id: 'u-1', sku_ids: [] }, 'invalid_params'],
    [
      'a SKU with markup in it',
      { operation: 'create_try_on', uploaded_image_id: 'u-1', sku_id: '<b>A</b>' },
      'invalid_params',
    ],
    [
      'an id with markup in it',
      { operation: 'create_try_on', uploaded_image_id: '<script>', sku_id: 'A' },
      'invalid_params',
    ],
    [
      'an overlong id',
      { operation: 'delete_image', image_id: 'x'.repeat(129) },
      'invalid_params',
    ],
    ['a numeric id', { operation: 'delete_image', image_id: 42 }, 'invalid_params'],
    ['a JSON array', [], 'invalid_json'],
    ['broken JSON', '{"operation":', 'invalid_json'],
  ];

  it.each(cases)('refuses %s with 400 and a sentence', async (_name, body, error) => {
    const url = await start();
    const response = await post(url, body);
    expect(response.status).toBe(400);
    const answer = (await response.json()) as { error: string; message: string };
    expect(answer.error).toBe(error);
    expect(answer.message).toMatch(/\w+.*\./);
  });

  it('refuses another subscription with 403', async () => {
    const url = await start();
    const response = await post(url, { operation: 'upload_image', subscription_id: 'someone-else' });
    expect(response.status).toBe(403);
    expect(((await response.json()) as { error: string }).error).toBe('unknown_subscription');
  });

  it('refuses a repeated single-valued query argument', async () => {
    const url = await start();
    const response = await fetch(`${url}?operation=delete_image&image_id=a&image_id=b`);
    expect(response.status).toBe(400);
  });

  it('refuses a non-JSON body (415), an oversized body (413), other methods (405) and paths (404)', async () => {
    const url = await start();
    const form = await fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'operation=upload_image',
    });
    expect(form.status).toBe(415);
    const big = await post(url, { operation: 'upload_image', padding: 'x'.repeat(20_000) });
    expect(big.status).toBe(413);
    const put = await fetch(url, { method: 'PUT' });
    expect(put.status).toBe(405);
    expect(put.headers.get('allow')).toContain('POST');
    const elsewhere = await fetch(url.replace('/aiuta_jwt', '/token'));
    expect(elsewhere.status).toBe(404);
    expect(((await elsewhere.json()) as { error: string }).error).toBe('not_found');
  });

  it('lets an integrator refuse a request through authorize()', async () => {
    const url = await start({}, { authorize: (request) => request.headers.get('authorization') === 'Bearer ok' });
    expect((await post(url, { operation: 'upload_image' })).status).toBe(403);
    expect((await post(url, { operation: 'upload_image' }, { Authorization: 'Bearer ok' })).status).toBe(200);
  });

  /** A JSON object of exactly `bytes` bytes: `fields` plus a padding key (which the schemas refuse as unknown). */
  const bodyOf = (bytes: number, fields: Record<string, unknown>) => {
    const shell = JSON.stringify({ ...fields, padding: '' });
    return JSON.stringify({ ...fields, padding: 'x'.repeat(bytes - shell.length) });
  };

  it('reads token and image report bodies up to 16 KB and refuses one byte more with 413, with or without Content-Length', async () => {
    const url = await start();
    const images = url.replace('/aiuta_jwt', '/aiuta_images');
    const report = { subscription_id: 'sub-1', install_id: 'install-0f1e2d3c4b5a6978', image_ids: ['generated_image-1'] };
    for (const [target, fields] of [[url, { operation: 'upload_image' }], [images, report]] as const) {
      // 16 KB is read and judged: the padding key is what is refused.
      const atLimit = await post(target, bodyOf(16 * 1024, fields));
      expect(atLimit.status).toBe(400);
      expect(((await atLimit.json()) as { error: string }).error).toBe('invalid_params');
      const over = await post(target, bodyOf(16 * 1024 + 1, fields));
      expect(over.status).toBe(413);
      expect(((await over.json()) as { error: string }).error).toBe('payload_too_large');
      // A body sent in chunks declares no length: it is counted as it arrives.
      const bytes = new TextEncoder().encode(bodyOf(16 * 1024 + 1, fields));
      const chunked = await fetch(target, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: new ReadableStream({
          start(controller) {
            for (let offset = 0; offset < bytes.length; offset += 4096) controller.enqueue(bytes.slice(offset, offset + 4096));
            controller.close();
          },
        }),
        duplex: 'half',
      } as RequestInit);
      expect(chunked.status).toBe(413);
    }
  });

  it('takes an install_id of 16 to 64 letters, digits, _ or -, and refuses 15 or 65', async () => {
    const url = await start();
    const upload = (installId: string) => post(url, { operation: 'upload_image', install_id: installId });
    expect((await upload('a'.repeat(16))).status).toBe(200);
    expect((await upload('a'.repeat(64))).status).toBe(200);
    expect((await upload('a'.repeat(15))).status).toBe(400);
    expect((await upload('a'.repeat(65))).status).toBe(400);
  });

  it('takes 1 to 20 image ids in a report, and refuses 21', async () => {
    const url = await start();
    const report = (count: number) =>
      post(url.replace('/aiuta_jwt', '/aiuta_images'), {
        subscription_id: 'sub-1',
        install_id: 'install-0f1e2d3c4b5a6978',
        image_ids: Array.from({ length: count }, (_, index) => `generated_image-${count}-${index}`),
      });
    expect((await report(20)).status).toBe(200);
    expect((await report(21)).status).toBe(400);
  });
});

describe('token server: CORS', () => {
  it('echoes an allowed extension origin', async () => {
    const url = await start();
    const response = await post(url, { operation: 'upload_image' }, { Origin: EXTENSION_ORIGIN });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe(EXTENSION_ORIGIN);
    expect(response.headers.get('vary')).toBe('Origin');
  });

  it('answers a preflight from an allowed origin', async () => {
    const url = await start();
    const response = await fetch(url, {
      method: 'OPTIONS',
      headers: {
        Origin: 'moz-extension://0f1e2d3c-aaaa-bbbb-cccc-1234567890ab',
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'content-type',
      },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe(
      'moz-extension://0f1e2d3c-aaaa-bbbb-cccc-1234567890ab',
    );
    expect(response.headers.get('access-control-allow-methods')).toContain('POST');
    expect(response.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('content-type');
  });

  it('refuses other origins, for preflights and requests, without CORS headers', async () => {
    const url = await start();
    const preflight = await fetch(url, {
      method: 'OPTIONS',
      headers: { Origin: 'https://evil.example', 'Access-Control-Request-Method': 'POST' },
    });
    expect(preflight.status).toBe(403);
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    const request = await post(url, { operation: 'upload_image' }, { Origin: 'chrome-extension://otherextension' });
    expect(request.status).toBe(403);
    expect(((await request.json()) as { error: string }).error).toBe('origin_not_allowed');
    expect(request.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('allows every installation of a Firefox extension with moz-extension://*', async () => {
    const url = await start({ allowedOrigins: ['moz-extension://*'] });
    const firefox = await post(url, { operation: 'upload_image' }, { Origin: 'moz-extension://6b1c0e4e-1111-2222-3333-444455556666' });
    expect(firefox.status).toBe(200);
    expect(firefox.headers.get('access-control-allow-origin')).toBe('moz-extension://6b1c0e4e-1111-2222-3333-444455556666');
    const chrome = await post(url, { operation: 'upload_image' }, { Origin: EXTENSION_ORIGIN });
    expect(chrome.status).toBe(403);
    expect(() => config({ allowedOrigins: ['moz-extension://abc*'] })).toThrow(ConfigError);
  });

  it('answers any origin with * in sandbox mode only', async () => {
    const url = await start({ sandbox: true, allowedOrigins: [] });
    const response = await post(url, { operation: 'upload_image' }, { Origin: 'https://anything.example' });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(() => config({ allowedOrigins: ['*'] })).toThrow(ConfigError);
  });

  it('allows an origin only as listed, not one that merely starts like it', async () => {
    const url = await start();
    for (const origin of [`${EXTENSION_ORIGIN}x`, `${EXTENSION_ORIGIN}.evil.example`, 'chrome-extension://abcdefghijklmnop']) {
      const response = await post(url, { operation: 'upload_image' }, { Origin: origin });
      expect(response.status, origin).toBe(403);
      expect(response.headers.get('access-control-allow-origin')).toBeNull();
    }
  });
});

describe('token server: rate limit', () => {
  // burst 3, 6 per minute: windows of 30 s.
  const WINDOW_MS = 30_000;

  it('allows burst requests at once per client, then refuses with Retry-After until the window slides', async () => {
    let now = 100 * WINDOW_MS;
    const url = await start({ rateLimit: { burst: 3, perMinute: 6 }, clientIpHeader: 'X-Forwarded-For' }, { clock: () => now });
    const ask = (client: string) => post(url, { operation: 'upload_image' }, { 'X-Forwarded-For': client });
    for (let i = 0; i < 3; i++) expect((await ask('10.0.0.1')).status).toBe(200);
    const limited = await ask('10.0.0.1');
    expect(limited.status).toBe(429);
    expect(((await limited.json()) as { error: string }).error).toBe('rate_limited');
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBe(31);
    // Another client has its own limit.
    expect((await ask('10.0.0.2')).status).toBe(200);
    // Asking while limited does not push the limit further out.
    for (let i = 0; i < 5; i++) expect((await ask('10.0.0.1')).status).toBe(429);
    now += (retryAfter - 1) * 1000;
    expect((await ask('10.0.0.1')).status).toBe(429);
    now += 1000;
    expect((await ask('10.0.0.1')).status).toBe(200);
  });

  it('sustains perMinute and refuses what goes beyond it', async () => {
    let now = 100 * WINDOW_MS + 5_000;
    const url = await start({ rateLimit: { burst: 3, perMinute: 6 } }, { clock: () => now });
    const ask = () => post(url, { operation: 'upload_image' });
    // Ten minutes at 6 per minute: every one is served.
    for (let i = 0; i < 60; i++, now += 10_000) expect((await ask()).status).toBe(200);
    // Ten minutes at 12 per minute: about half are refused.
    let served = 0;
    for (let i = 0; i < 120; i++, now += 5_000) if ((await ask()).status === 200) served++;
    expect(served).toBeGreaterThanOrEqual(58);
    expect(served).toBeLessThanOrEqual(63);
  });

  it('does not count requests refused for their method or as malformed: a page\'s <img> cannot throttle a visitor', async () => {
    const url = await start({ rateLimit: { burst: 2, perMinute: 1 }, clientIpHeader: 'X-Forwarded-For' });
    const from = { 'X-Forwarded-For': '10.0.0.1' };
    const images = url.replace('/aiuta_jwt', '/aiuta_images');
    const catalog = url.replace('/aiuta_jwt', '/aiuta_sku');
    const refused: [() => Promise<Response>, number][] = [];
    for (let i = 0; i < 5; i++) {
      // What <img src> on any web page sends: a GET without Origin, 405 for a try-on or a delete.
      refused.push([() => fetch(`${url}?operation=create_try_on&uploaded_image_id=u-${i}&sku_id=A`, { headers: from }), 405]);
      refused.push([() => fetch(`${url}?operation=delete_image&image_id=user_image-${i}`, { headers: from }), 405]);
      // A form POST with the parameters in the query and no body.
      refused.push([() => fetch(`${url}?operation=create_try_on&uploaded_image_id=u-${i}&sku_id=A`, { method: 'POST', headers: from }), 405]);
      refused.push([() => fetch(url, { method: 'PUT', headers: from }), 405]);
      refused.push([() => fetch(`${url}?operation=generate_anything`, { headers: from }), 400]);
      refused.push([() => post(url, '{"operation":', from), 400]);
      refused.push([() => post(url, { operation: 'upload_image' }, { ...from, 'Content-Type': 'text/plain' }), 415]);
      refused.push([() => post(url, { operation: 'upload_image', padding: 'x'.repeat(20_000) }, from), 413]);
      refused.push([() => fetch(images, { headers: from }), 405]);
      refused.push([() => post(images, { image_ids: [] }, from), 400]);
      refused.push([() => fetch(catalog, { headers: from }), 405]);
    }
    for (const [send, status] of refused) expect((await send()).status).toBe(status);
    // The visitor's own requests still have the whole burst.
    expect((await post(url, { operation: 'create_try_on', uploaded_image_id: 'u-1', sku_id: 'A' }, from)).status).toBe(200);
    expect((await fetch(`${url}?operation=upload_image`, { headers: from })).status).toBe(200);
    expect((await post(url, { operation: 'upload_image' }, from)).status).toBe(429);
  });

  it('refuses what a page\'s markup or a no-cors request sends, before the rate limit: even a valid upload_image GET', async () => {
    const url = await start({ rateLimit: { burst: 2, perMinute: 1 }, clientIpHeader: 'X-Forwarded-For' });
    const from = { 'X-Forwarded-For': '10.0.0.1' };
    // What Chromium sends for <img src>, <iframe src>, a link followed, fetch(url, { mode: 'no-cors' }),
    // and <img crossorigin src> (a cors request, but for markup).
    const markup = [
      { 'Sec-Fetch-Mode': 'no-cors', 'Sec-Fetch-Dest': 'image' },
      { 'Sec-Fetch-Mode': 'cors', 'Sec-Fetch-Dest': 'image' },
      { 'Sec-Fetch-Mode': 'navigate', 'Sec-Fetch-Dest': 'iframe' },
      { 'Sec-Fetch-Mode': 'navigate', 'Sec-Fetch-Dest': 'document' },
      { 'Sec-Fetch-Mode': 'no-cors', 'Sec-Fetch-Dest': 'empty' },
    ];
    for (let i = 0; i < 5; i++) {
      for (const headers of markup) {
        const answer = await rawGet(`${url}?operation=upload_image`, { ...from, ...headers });
        expect(answer.status).toBe(403);
        expect((JSON.parse(answer.body) as { error: string }).error).toBe('not_a_fetch');
      }
    }
    // The extension's fetch() (cors, empty) and clients that send no Sec-Fetch headers still have the whole burst.
    expect((await rawGet(`${url}?operation=upload_image`, { ...from, 'Sec-Fetch-Mode': 'cors', 'Sec-Fetch-Dest': 'empty' })).status).toBe(200);
    expect((await rawGet(`${url}?operation=upload_image`, from)).status).toBe(200);
    expect((await post(url, { operation: 'upload_image' }, from)).status).toBe(429);
  });

  it('behind a proxy, keys on the address the proxy added, not on what the client wrote before it', async () => {
    const url = await start({ rateLimit: { burst: 1, perMinute: 1 }, clientIpHeader: 'X-Forwarded-For' });
    const ask = (forwarded: string) => post(url, { operation: 'upload_image' }, { 'X-Forwarded-For': forwarded });
    expect((await ask('6.6.6.1, 10.0.0.9')).status).toBe(200);
    // A forged left-hand entry does not buy a fresh bucket: the proxy-added one is the same client.
    expect((await ask('6.6.6.2, 10.0.0.9')).status).toBe(429);
  });

  it('counts an IPv6 client by its /64 prefix, and IPv4 and IPv4-mapped addresses one by one', async () => {
    const url = await start({ rateLimit: { burst: 1, perMinute: 1 }, clientIpHeader: 'X-Real-IP' });
    const ask = (address: string) => post(url, { operation: 'upload_image' }, { 'X-Real-IP': address });
    expect((await ask('2001:db8:1:2::1')).status).toBe(200);
    // Another address of the same /64, however written, is the same client.
    expect((await ask('2001:db8:1:2:ffff:ffff:ffff:9')).status).toBe(429);
    expect((await ask('2001:0DB8:0001:0002:0:0:0:7')).status).toBe(429);
    expect((await ask('2001:db8:1:2::10.0.0.1')).status).toBe(429);
    // The next /64 is another client.
    expect((await ask('2001:db8:1:3::1')).status).toBe(200);
    expect((await ask('10.0.0.1')).status).toBe(200);
    expect((await ask('10.0.0.2')).status).toBe(200);
    // IPv4-mapped addresses share ::/64 as text, but each is one IPv4 client.
    expect((await ask('::ffff:10.0.0.3')).status).toBe(200);
    expect((await ask('::ffff:10.0.0.4')).status).toBe(200);
    expect((await ask('::ffff:10.0.0.4')).status).toBe(429);
  });

  it('trusts no client-address header unless AIUTA_JWT_CLIENT_IP_HEADER names it, and then only that one', async () => {
    const plain = await start({ rateLimit: { burst: 1, perMinute: 1 } });
    expect((await post(plain, { operation: 'upload_image' }, { 'X-Forwarded-For': '1.1.1.1' })).status).toBe(200);
    expect((await post(plain, { operation: 'upload_image' }, { 'X-Forwarded-For': '2.2.2.2', 'CF-Connecting-IP': '3.3.3.3' })).status).toBe(429);
    const behindCloudflare = await start({ rateLimit: { burst: 1, perMinute: 1 }, clientIpHeader: 'CF-Connecting-IP' });
    const ask = (headers: Record<string, string>) => post(behindCloudflare, { operation: 'upload_image' }, headers);
    expect((await ask({ 'CF-Connecting-IP': '4.4.4.4', 'X-Forwarded-For': '1.1.1.1' })).status).toBe(200);
    // A client-chosen X-Forwarded-For buys nothing when the proxy's header is CF-Connecting-IP.
    expect((await ask({ 'CF-Connecting-IP': '4.4.4.4', 'X-Forwarded-For': '5.5.5.5' })).status).toBe(429);
    expect((await ask({ 'CF-Connecting-IP': '6.6.6.6' })).status).toBe(200);
  });
});

describe('token server: configuration', () => {
  const base = { AIUTA_JWT_SECRET: SECRET, AIUTA_JWT_ISSUER: 'i', AIUTA_SUBSCRIPTION_ID: 'sub' };

  it('refuses to start without a secret, issuer or subscription outside sandbox mode', () => {
    expect(() => loadTokenConfig({})).toThrow(/AIUTA_JWT_SECRET/);
    expect(() => loadTokenConfig({ AIUTA_JWT_SECRET: SECRET })).toThrow(/AIUTA_JWT_ISSUER/);
    expect(() => loadTokenConfig({ AIUTA_JWT_SECRET: SECRET, AIUTA_JWT_ISSUER: 'i' })).toThrow(/AIUTA_SUBSCRIPTION_ID/);
    expect(() => loadTokenConfig({ AIUTA_JWT_SANDBOX: 'maybe', AIUTA_JWT_SECRET: SECRET })).toThrow(ConfigError);
  });

  it('refuses a secret shorter than 32 bytes, in every mode', () => {
    expect(() => loadTokenConfig({ ...base, AIUTA_JWT_SECRET: 'x'.repeat(31) })).toThrow(/shorter than 32 bytes/);
    expect(() => loadTokenConfig({ AIUTA_JWT_SANDBOX: '1', AIUTA_JWT_SECRET: 'short' })).toThrow(/32 bytes/);
    // Bytes, not characters: 16 two-byte letters are 32 bytes.
    expect(loadTokenConfig({ ...base, AIUTA_JWT_SECRET: 'ä'.repeat(16) }).secret).toBe('ä'.repeat(16));
  });

  it('reads every setting from the environment', () => {
    const loaded = loadTokenConfig({
      ...base,
      AIUTA_JWT_TTL_SECONDS: '120',
      AIUTA_JWT_ALLOWED_ORIGINS: `${EXTENSION_ORIGIN}, https://shop.example`,
      AIUTA_JWT_ALLOW_ANONYMOUS: 'true',
      AIUTA_JWT_RATE_BURST: '5',
      AIUTA_JWT_RATE_PER_MINUTE: '30',
      AIUTA_JWT_CLIENT_IP_HEADER: 'X-Forwarded-For',
      AIUTA_DAILY_TRY_ONS: '5000, 20',
      AIUTA_IMAGES_PER_CLIENT_PER_DAY: '1000',
      AIUTA_JWT_PATH: '/jwt',
      AIUTA_SKU_PATH: '/sku',
      AIUTA_IMAGES_PATH: '/images',
      AIUTA_API_KEY: 'key-1',
      AIUTA_API_BASE_URL: 'http://127.0.0.1:9999/v1',
      AIUTA_ONBOARD_HOSTS: 'shop.example, *.Brand.example',
      AIUTA_ONBOARD_IMAGE_HOSTS: 'cdn.shopify.com',
      REDIS_URL: 'redis://127.0.0.1:6379',
    });
    expect(loaded).toEqual({
      secret: SECRET,
      issuer: 'i',
      subscriptionId: 'sub',
      ttlSeconds: 120,
      allowedOrigins: [EXTENSION_ORIGIN, 'https://shop.example'],
      sandbox: false,
      allowAnonymous: true,
      rateLimit: { burst: 5, perMinute: 30 },
      clientIpHeader: 'x-forwarded-for',
      dailyTryOns: { perSubscription: 5000, perClient: 20 },
      imagesPerClientPerDay: 1000,
      path: '/jwt',
      catalogPath: '/sku',
      imagesPath: '/images',
      apiKey: 'key-1',
      apiBaseUrl: 'http://127.0.0.1:9999/v1',
      onboardHosts: ['shop.example', '*.brand.example'],
      onboardImageHosts: ['cdn.shopify.com'],
      redisUrl: 'redis://127.0.0.1:6379',
    });
    expect(loadTokenConfig({ ...base, AIUTA_DAILY_TRY_ONS: '300' }).dailyTryOns).toEqual({ perSubscription: 300 });
    expect(loadTokenConfig(base).dailyTryOns).toBeUndefined();
  });

  it('allows each client 200 new images a day unless AIUTA_IMAGES_PER_CLIENT_PER_DAY says otherwise, and refuses 0 or a non-number', () => {
    expect(DEFAULT_IMAGES_PER_CLIENT_PER_DAY).toBe(200);
    expect(loadTokenConfig(base).imagesPerClientPerDay).toBe(200);
    expect(loadTokenConfig({ ...base, AIUTA_IMAGES_PER_CLIENT_PER_DAY: '' }).imagesPerClientPerDay).toBe(200);
    expect(loadTokenConfig({ ...base, AIUTA_IMAGES_PER_CLIENT_PER_DAY: ' 5000 ' }).imagesPerClientPerDay).toBe(5000);
    expect(config().imagesPerClientPerDay).toBe(200);
    for (const value of ['0', '-1', '2.5', 'lots', '1e9']) {
      expect(() => loadTokenConfig({ ...base, AIUTA_IMAGES_PER_CLIENT_PER_DAY: value }), value).toThrow(
        /AIUTA_IMAGES_PER_CLIENT_PER_DAY must be a whole number from 1 to/,
      );
    }
    expect(() => config({ imagesPerClientPerDay: 0 })).toThrow(ConfigError);
    expect(() => config({ imagesPerClientPerDay: 1.5 })).toThrow(/AIUTA_IMAGES_PER_CLIENT_PER_DAY/);
  });

  it('rejects bad values with a sentence naming the variable', () => {
    expect(() => loadTokenConfig({ ...base, AIUTA_JWT_TTL_SECONDS: '0' })).toThrow(/TTL/);
    expect(() => loadTokenConfig({ ...base, AIUTA_JWT_ALLOWED_ORIGINS: 'chrome-extension://x/path' })).toThrow(/not an origin/);
    expect(() => loadTokenConfig({ ...base, AIUTA_JWT_SECRET: 'sandbox-jwt-secret-for-local-development-only' })).toThrow(
      /sandbox secret/,
    );
    expect(() => loadTokenConfig({ ...base, AIUTA_JWT_TRUST_PROXY: 'true' })).toThrow(/AIUTA_JWT_CLIENT_IP_HEADER/);
    expect(() => loadTokenConfig({ ...base, AIUTA_JWT_CLIENT_IP_HEADER: 'X Forwarded' })).toThrow(/AIUTA_JWT_CLIENT_IP_HEADER/);
    expect(() => loadTokenConfig({ ...base, AIUTA_DAILY_TRY_ONS: 'lots' })).toThrow(/AIUTA_DAILY_TRY_ONS/);
    expect(() => loadTokenConfig({ ...base, AIUTA_DAILY_TRY_ONS: '0' })).toThrow(/AIUTA_DAILY_TRY_ONS/);
    expect(() => loadTokenConfig({ ...base, REDIS_URL: 'localhost:6379' })).toThrow(/REDIS_URL/);
    expect(() => loadTokenConfig({ ...base, AIUTA_SKU_PATH: '/aiuta_jwt' })).toThrow(/must all differ/);
  });

  it('fills dev defaults in sandbox mode', () => {
    const loaded = loadTokenConfig({ AIUTA_JWT_SANDBOX: '1' });
    expect(loaded.sandbox).toBe(true);
    expect(new TextEncoder().encode(loaded.secret).length).toBeGreaterThanOrEqual(32);
    expect(loaded.issuer).toBe('sandbox-issuer');
    expect(loaded.subscriptionId).toBe('sandbox-subscription');
  });

  it('serves anonymous callers only when told to (or in sandbox mode), or with an authorize() hook', () => {
    const production = config({ allowAnonymous: false });
    expect(() => createTokenHandler(production)).toThrow(/AIUTA_JWT_ALLOW_ANONYMOUS=true/);
    expect(() => createTokenHandler(production, { authorize: () => true })).not.toThrow();
    expect(() => createTokenHandler(config({ allowAnonymous: true }))).not.toThrow();
    expect(() => createTokenHandler(config({ allowAnonymous: false, sandbox: true }))).not.toThrow();
  });

  it('the Node entry exits with a clear message when AIUTA_JWT_SECRET is missing', async () => {
    const run = promisify(execFile);
    const env = { PATH: process.env.PATH ?? '', PORT: '0' };
    const failed = await run('npx', ['tsx', 'server/token/main.ts'], { env }).then(
      () => null,
      (error: { code: number; stderr: string }) => error,
    );
    expect(failed?.code).toBe(1);
    expect(failed?.stderr).toMatch(/refuses to start without the JWT secret/);
  }, 30_000);

  it('limits each client to a burst of 20 and 60 requests a minute unless told otherwise', () => {
    expect(loadTokenConfig(base).rateLimit).toEqual({ burst: 20, perMinute: 60 });
    expect(loadTokenConfig({ ...base, AIUTA_JWT_RATE_BURST: '', AIUTA_JWT_RATE_PER_MINUTE: ' ' }).rateLimit).toEqual({ burst: 20, perMinute: 60 });
  });

  it('accepts a token lifetime from 5 to 3600 s, and refuses 4 or 3601', () => {
    expect(loadTokenConfig(base).ttlSeconds).toBe(60);
    expect(loadTokenConfig({ ...base, AIUTA_JWT_TTL_SECONDS: '5' }).ttlSeconds).toBe(5);
    expect(loadTokenConfig({ ...base, AIUTA_JWT_TTL_SECONDS: '3600' }).ttlSeconds).toBe(3600);
    expect(() => loadTokenConfig({ ...base, AIUTA_JWT_TTL_SECONDS: '4' })).toThrow(/AIUTA_JWT_TTL_SECONDS must be a whole number from 5 to 3600/);
    expect(() => loadTokenConfig({ ...base, AIUTA_JWT_TTL_SECONDS: '3601' })).toThrow(/AIUTA_JWT_TTL_SECONDS/);
  });
});

describe('token server: image ownership over time', () => {
  const INSTALL = 'install-0f1e2d3c4b5a6978';

  it('keeps a binding 30 days after the owner last showed the image', async () => {
    let now = Date.parse('2030-01-01T00:00:00Z');
    const url = await start({}, { clock: () => now });
    const remove = () => post(url, { operation: 'delete_image', install_id: INSTALL, image_id: 'user_image-7' });
    await post(url, { operation: 'create_try_on', install_id: INSTALL, uploaded_image_id: 'user_image-7', sku_id: 'A' });
    now += 29 * 86_400_000;
    expect((await remove()).status).toBe(200);
    // Showing it again (another try-on) renews the 30 days.
    await post(url, { operation: 'create_try_on', install_id: INSTALL, uploaded_image_id: 'user_image-7', sku_id: 'B' });
    now += 29 * 86_400_000;
    expect((await remove()).status).toBe(200);
    now += 2 * 86_400_000;
    expect((await remove()).status).toBe(403);
  });

  it('in sandbox mode, signs delete_image without install_id (extension builds that send none)', async () => {
    const url = await start({ sandbox: true });
    expect((await post(url, { operation: 'delete_image', image_id: 'user_image-8' })).status).toBe(200);
    const foreign = await post(url, { operation: 'delete_image', install_id: INSTALL, image_id: 'user_image-8' });
    expect(foreign.status).toBe(403);
  });

  const reportFrom = (url: string, client: string, imageIds: string[], installId = INSTALL) =>
    fetch(url.replace('/aiuta_jwt', '/aiuta_images'), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Forwarded-For': client },
      body: JSON.stringify({ subscription_id: 'sub-1', install_id: installId, image_ids: imageIds }),
    });
  const madeUpIds = (prefix: string, count: number) => Array.from({ length: count }, (_, index) => `${prefix}-${index}`);

  it(`refuses a client's new images past ${DEFAULT_IMAGES_PER_CLIENT_PER_DAY} a day with 429, renewals and other clients still served`, async () => {
    let now = Date.parse('2030-01-01T10:00:00Z');
    const url = await start({ clientIpHeader: 'X-Forwarded-For' }, { clock: () => now });
    for (let sent = 0; sent < DEFAULT_IMAGES_PER_CLIENT_PER_DAY; sent += 20) {
      expect((await reportFrom(url, '10.0.0.1', madeUpIds(`flood-${sent}`, 20))).status).toBe(200);
    }
    const refused = await reportFrom(url, '10.0.0.1', ['generated_image-new']);
    expect(refused.status).toBe(429);
    expect(((await refused.json()) as { error: string }).error).toBe('too_many_images');
    expect(Number(refused.headers.get('retry-after'))).toBe(14 * 3600);
    // Nothing of the refused report was bound.
    const foreign = await reportFrom(url, '10.0.0.2', ['generated_image-new'], 'install-0000000000000000');
    expect(await foreign.json()).toEqual({ owned: ['generated_image-new'], not_owned: [] });
    // Showing images it already owns binds nothing new, so it is not refused.
    expect((await reportFrom(url, '10.0.0.1', ['flood-0-0'])).status).toBe(200);
    // A try-on past the allowance is still signed; its image just stays unbound.
    const tryOn = await post(url, { operation: 'create_try_on', install_id: INSTALL, uploaded_image_id: 'user_image-late', sku_id: 'A' }, { 'X-Forwarded-For': '10.0.0.1' });
    expect(tryOn.status).toBe(200);
    expect((await post(url, { operation: 'delete_image', install_id: INSTALL, image_id: 'user_image-late' })).status).toBe(403);
    now += 14 * 3600_000;
    expect((await reportFrom(url, '10.0.0.1', ['generated_image-tomorrow'])).status).toBe(200);
  });

  it('honours the operator\'s AIUTA_IMAGES_PER_CLIENT_PER_DAY', async () => {
    const url = await start({ clientIpHeader: 'X-Forwarded-For', imagesPerClientPerDay: 3 });
    expect((await reportFrom(url, '10.0.0.1', madeUpIds('mine', 2))).status).toBe(200);
    const over = await reportFrom(url, '10.0.0.1', madeUpIds('more', 2));
    expect(over.status).toBe(429);
    expect(((await over.json()) as { error: string }).error).toBe('too_many_images');
    expect(await (await reportFrom(url, '10.0.0.1', ['more-0'])).json()).toEqual({ owned: ['more-0'], not_owned: [] });
    expect((await reportFrom(url, '10.0.0.1', ['more-1'])).status).toBe(429);
    expect((await reportFrom(url, '10.0.0.2', madeUpIds('theirs', 3))).status).toBe(200);
  });

  it('keeps the daily try-on budget through a flood of image reports that fills the memory store', async () => {
    const store = new MemoryStore({ maxEntries: 1_000 });
    const url = await start({ clientIpHeader: 'X-Forwarded-For', dailyTryOns: { perSubscription: 1_000, perClient: 2 } }, { store });
    const tryOn = () => post(url, { operation: 'create_try_on', uploaded_image_id: 'u-1', sku_id: 'A' }, { 'X-Forwarded-For': '10.1.0.1' });
    expect((await tryOn()).status).toBe(200);
    expect((await tryOn()).status).toBe(200);
    expect((await tryOn()).status).toBe(429);
    // Many addresses, each within its allowance: 1 500 bindings, more than the store holds.
    for (let client = 0; client < 15; client++) {
      for (let sent = 0; sent < 100; sent += 20) {
        expect((await reportFrom(url, `10.2.0.${client}`, madeUpIds(`c${client}-${sent}`, 20))).status).toBe(200);
      }
    }
    expect(store.size).toBeLessThanOrEqual(1_000);
    expect((await tryOn()).status).toBe(429);
  });

  it('asks authorize() about image reports too', async () => {
    const asked: string[] = [];
    const url = await start({}, { authorize: (_request, what) => (asked.push(what.kind), what.kind !== 'images') });
    const report = await fetch(url.replace('/aiuta_jwt', '/aiuta_images'), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ subscription_id: 'sub-1', install_id: INSTALL, image_ids: ['generated_image-1'] }),
    });
    expect(report.status).toBe(403);
    expect(asked).toEqual(['images']);
  });

  it('keeps a binding until 30 days after the owner last showed the image, not a moment longer', async () => {
    const shown = Date.parse('2030-01-01T00:00:00Z');
    let now = shown;
    const url = await start({}, { clock: () => now });
    await post(url, { operation: 'create_try_on', install_id: INSTALL, uploaded_image_id: 'user_image-7', sku_id: 'A' });
    const remove = () => post(url, { operation: 'delete_image', install_id: INSTALL, image_id: 'user_image-7' });
    now = shown + 30 * 86_400_000 - 1;
    expect((await remove()).status).toBe(200);
    now = shown + 30 * 86_400_000;
    expect((await remove()).status).toBe(403);
  });

  it('holds image reports to the client\'s rate limit, and a limited report binds nothing', async () => {
    const url = await start({ rateLimit: { burst: 1, perMinute: 1 }, clientIpHeader: 'X-Forwarded-For' });
    expect((await reportFrom(url, '10.0.0.1', ['generated_image-1'])).status).toBe(200);
    const limited = await reportFrom(url, '10.0.0.1', ['generated_image-2']);
    expect(limited.status).toBe(429);
    expect(((await limited.json()) as { error: string }).error).toBe('rate_limited');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    // Another installation (another address) can still be the first to show that image.
    const other = await reportFrom(url, '10.0.0.2', ['generated_image-2'], 'install-0000000000000000');
    expect(await other.json()).toEqual({ owned: ['generated_image-2'], not_owned: [] });
  });
});
