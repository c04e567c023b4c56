import { decodeJwt, jwtVerify } from 'jose';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { catalogAnswerSchema } from '../../utils/contracts/catalog';
import { imageReportAnswerSchema } from '../../utils/contracts/image-report';
import { backendErrorSchema, tokenResponseSchema } from '../../utils/contracts/token-request';
import { startFakeAiutaCatalog, type FakeAiutaCatalog } from './fake-aiuta-catalog';

/**
 * The HTTP contract of the token backend, run against every runtime it ships for (Node with memory
 * or Redis, Workers under workerd). Each backend is configured through its environment only, as an
 * operator would.
 */

export interface BackendUnderTest {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  close(): Promise<void>;
}

export interface Runtime {
  /** Starts a backend configured by `env`; rejects with the backend's own sentence if it refuses the configuration. */
  start(env: Record<string, string>): Promise<BackendUnderTest>;
}

export const CONTRACT_SECRET = 'contract-secret-0123456789-abcdef';
export const CONTRACT_API_KEY = 'contract-api-key-77f1';
const EXTENSION_ORIGIN = 'chrome-extension://abcdefghijklmnopabcdefghijklmnop';
const INSTALL_A = 'install-aaaaaaaaaaaaaaaa';
const INSTALL_B = 'install-bbbbbbbbbbbbbbbb';

export const contractEnv = (extra: Record<string, string> = {}): Record<string, string> => ({
  AIUTA_JWT_SECRET: CONTRACT_SECRET,
  AIUTA_JWT_ISSUER: 'contract-issuer',
  AIUTA_SUBSCRIPTION_ID: 'sub-1',
  AIUTA_JWT_ALLOW_ANONYMOUS: 'true',
  AIUTA_JWT_ALLOWED_ORIGINS: EXTENSION_ORIGIN,
  ...extra,
});

export function tokenBackendContract(runtime: Runtime): void {
  let aiuta: FakeAiutaCatalog;
  const running: BackendUnderTest[] = [];
  beforeAll(async () => {
    aiuta = await startFakeAiutaCatalog(CONTRACT_API_KEY);
  });
  afterAll(() => aiuta.close());
  afterEach(async () => {
    await Promise.all(running.splice(0).map((backend) => backend.close()));
  });

  async function start(extra: Record<string, string> = {}) {
    const backend = await runtime.start(contractEnv(extra));
    running.push(backend);
    const send = (path: string, body: unknown, headers: Record<string, string> = {}) =>
      fetch(`${backend.origin}${path}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...headers },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      });
    return {
      origin: backend.origin,
      send,
      token: (body: unknown, headers?: Record<string, string>) => send('/aiuta_jwt', body, headers),
    };
  }

  const tokenOf = async (response: Response) => tokenResponseSchema.parse(await response.json()).token;
  const errorOf = async (response: Response) => backendErrorSchema.parse(await response.json()).error;

  describe('tokens', () => {
    it('signs exactly the validated params, with the server\'s subscription, iss, iat and a 60 s exp', async () => {
      const backend = await start();
      const response = await backend.token({
        operation: 'create_try_on',
        install_id: INSTALL_A,
        uploaded_image_id: 'user_image-06f5948c',
        sku_id: 'Größe M 42',
      });
      expect(response.status).toBe(200);
      expect(response.headers.get('cache-control')).toBe('no-store');
      const { payload, protectedHeader } = await jwtVerify(await tokenOf(response), new TextEncoder().encode(CONTRACT_SECRET), {
        issuer: 'contract-issuer',
      });
      expect(protectedHeader.alg).toBe('HS256');
      expect(Object.keys(payload).sort()).toEqual(['exp', 'iat', 'iss', 'operation', 'sku_id', 'subscription_id', 'uploaded_image_id']);
      expect(payload).toMatchObject({ operation: 'create_try_on', subscription_id: 'sub-1', sku_id: 'Größe M 42' });
      expect(payload.exp! - payload.iat!).toBe(60);
      expect(decodeJwt(await tokenOf(await backend.token({ operation: 'upload_image' })))).toMatchObject({
        operation: 'upload_image',
        subscription_id: 'sub-1',
      });
    });

    it('refuses bad requests with a status, a code and a sentence', async () => {
      const backend = await start();
      const cases: [Promise<Response>, number, string][] = [
        [backend.token({ operation: 'generate_anything' }), 400, 'invalid_params'],
        [backend.token({ operation: 'upload_image', admin: true }), 400, 'invalid_params'],
        [backend.token({ operation: 'upload_image', install_id: 'short' }), 400, 'invalid_params'],
        [backend.token('{"operation":'), 400, 'invalid_json'],
        [backend.token({ operation: 'upload_image', subscription_id: 'someone-else' }), 403, 'unknown_subscription'],
        [backend.token({ operation: 'upload_image', padding: 'x'.repeat(20_000) }), 413, 'payload_too_large'],
        [fetch(`${backend.origin}/aiuta_jwt`, { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: '{}' }), 415, 'unsupported_media_type'],
        [fetch(`${backend.origin}/aiuta_jwt`, { method: 'PUT' }), 405, 'method_not_allowed'],
        [fetch(`${backend.origin}/elsewhere`), 404, 'not_found'],
      ];
      for (const [pending, status, error] of cases) {
        const response = await pending;
        expect(response.status).toBe(status);
        const body = backendErrorSchema.parse(await response.json());
        expect(body.error).toBe(error);
        expect(body.message).toMatch(/\w+.*\./);
      }
      expect(await (await fetch(`${backend.origin}/healthz`)).json()).toEqual({ status: 'ok' });
    });

    it('answers allowed origins (and their preflights) with CORS headers, and refuses others', async () => {
      const backend = await start();
      const allowed = await backend.token({ operation: 'upload_image' }, { Origin: EXTENSION_ORIGIN });
      expect(allowed.headers.get('access-control-allow-origin')).toBe(EXTENSION_ORIGIN);
      const preflight = await fetch(`${backend.origin}/aiuta_sku`, {
        method: 'OPTIONS',
        headers: { Origin: EXTENSION_ORIGIN, 'Access-Control-Request-Method': 'POST' },
      });
      expect(preflight.status).toBe(204);
      expect(preflight.headers.get('access-control-allow-methods')).toContain('POST');
      const refused = await backend.token({ operation: 'upload_image' }, { Origin: 'https://evil.example' });
      expect(refused.status).toBe(403);
      expect(refused.headers.get('access-control-allow-origin')).toBeNull();
    });
  });

  describe('abuse limits', () => {
    it('limits each client to the burst, with Retry-After, keyed on the configured proxy header', async () => {
      const backend = await start({ AIUTA_JWT_RATE_BURST: '2', AIUTA_JWT_RATE_PER_MINUTE: '1', AIUTA_JWT_CLIENT_IP_HEADER: 'X-Client-IP' });
      const ask = (client: string) => backend.token({ operation: 'upload_image' }, { 'X-Client-IP': client });
      expect((await ask('203.0.113.1')).status).toBe(200);
      expect((await ask('203.0.113.1')).status).toBe(200);
      const limited = await ask('203.0.113.1');
      expect(limited.status).toBe(429);
      expect(await errorOf(limited)).toBe('rate_limited');
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
      expect((await ask('203.0.113.2')).status).toBe(200);
    });

    it('does not count what it refuses for its method or form, so a page\'s <img> cannot throttle a visitor', async () => {
      const backend = await start({ AIUTA_JWT_RATE_BURST: '2', AIUTA_JWT_RATE_PER_MINUTE: '1', AIUTA_JWT_CLIENT_IP_HEADER: 'X-Client-IP' });
      const visitor = { 'X-Client-IP': '203.0.113.9' };
      for (let i = 0; i < 4; i++) {
        // What <img src> on any web page sends: a GET without Origin.
        const tryOn = await fetch(`${backend.origin}/aiuta_jwt?operation=create_try_on&uploaded_image_id=user_image-${i}&sku_id=SKU-1`, {
          headers: visitor,
        });
        expect(tryOn.status).toBe(405);
        expect((await backend.token({ operation: 'generate_anything' }, visitor)).status).toBe(400);
      }
      const create = await backend.token({ operation: 'create_try_on', uploaded_image_id: 'user_image-1', sku_id: 'SKU-1' }, visitor);
      expect(create.status).toBe(200);
      expect((await fetch(`${backend.origin}/aiuta_jwt?operation=upload_image`, { headers: visitor })).status).toBe(200);
      expect((await backend.token({ operation: 'upload_image' }, visitor)).status).toBe(429);
    });

    it('keeps a daily try-on budget per client and per subscription, with Retry-After until midnight UTC', async () => {
      const backend = await start({ AIUTA_DAILY_TRY_ONS: '3,2', AIUTA_JWT_CLIENT_IP_HEADER: 'X-Client-IP' });
      const create = (client: string) =>
        backend.token({ operation: 'create_try_on', uploaded_image_id: 'user_image-1', sku_id: 'SKU-1' }, { 'X-Client-IP': client });
      expect((await create('203.0.113.1')).status).toBe(200);
      expect((await create('203.0.113.1')).status).toBe(200);
      const client = await create('203.0.113.1');
      expect(client.status).toBe(429);
      expect(await errorOf(client)).toBe('budget_exhausted');
      expect((await create('203.0.113.2')).status).toBe(200);
      const subscription = await create('203.0.113.3');
      expect(subscription.status).toBe(429);
      const body = backendErrorSchema.parse(await subscription.json());
      expect(body).toMatchObject({ error: 'budget_exhausted', message: expect.stringMatching(/budget.*midnight UTC/) });
      const retryAfter = Number(subscription.headers.get('retry-after'));
      const untilMidnight = Math.ceil((86_400_000 - (Date.now() % 86_400_000)) / 1000);
      expect(retryAfter).toBeGreaterThan(0);
      expect(Math.abs(retryAfter - untilMidnight)).toBeLessThanOrEqual(60);
      // Uploads and deletes are not try-ons.
      expect((await backend.token({ operation: 'upload_image' }, { 'X-Client-IP': '203.0.113.3' })).status).toBe(200);
    });
  });

  describe('image ownership', () => {
    it('issues delete_image only to the installation that made or first reported the image', async () => {
      const backend = await start();
      const create = await backend.token({ operation: 'create_try_on', install_id: INSTALL_A, uploaded_image_id: 'user_image-a1', sku_id: 'SKU-1' });
      expect(create.status).toBe(200);
      const remove = (installId: string | undefined, imageId: string) =>
        backend.token({ operation: 'delete_image', image_id: imageId, ...(installId ? { install_id: installId } : {}) });
      expect((await remove(INSTALL_A, 'user_image-a1')).status).toBe(200);
      const foreign = await remove(INSTALL_B, 'user_image-a1');
      expect(foreign.status).toBe(403);
      expect(await errorOf(foreign)).toBe('image_not_owned');
      expect((await remove(undefined, 'user_image-a1')).status).toBe(403);
      expect((await remove(INSTALL_A, 'user_image-never-seen')).status).toBe(403);

      const report = (installId: string, imageIds: string[]) =>
        backend.send('/aiuta_images', { subscription_id: 'sub-1', install_id: installId, image_ids: imageIds });
      const reported = await report(INSTALL_A, ['generated_image-g1', 'generated_image-g2', 'user_image-a1']);
      expect(reported.status).toBe(200);
      expect(imageReportAnswerSchema.parse(await reported.json())).toEqual({
        owned: ['generated_image-g1', 'generated_image-g2', 'user_image-a1'],
        not_owned: [],
      });
      const late = await report(INSTALL_B, ['generated_image-g1', 'generated_image-b1']);
      expect(imageReportAnswerSchema.parse(await late.json())).toEqual({ owned: ['generated_image-b1'], not_owned: ['generated_image-g1'] });
      expect((await remove(INSTALL_A, 'generated_image-g1')).status).toBe(200);
      expect((await remove(INSTALL_B, 'generated_image-g1')).status).toBe(403);
      expect((await remove(INSTALL_B, 'generated_image-b1')).status).toBe(200);
      // A later try-on by another installation with the same image (a shared predefined model) is served, and does not take it over.
      expect(
        (await backend.token({ operation: 'create_try_on', install_id: INSTALL_B, uploaded_image_id: 'user_image-a1', sku_id: 'SKU-1' })).status,
      ).toBe(200);
      expect((await remove(INSTALL_B, 'user_image-a1')).status).toBe(403);

      const bad = await backend.send('/aiuta_images', { subscription_id: 'sub-1', install_id: INSTALL_A, image_ids: [] });
      expect(bad.status).toBe(400);
      expect((await fetch(`${backend.origin}/aiuta_images`)).status).toBe(405);
    });

    it('binds at most AIUTA_IMAGES_PER_CLIENT_PER_DAY new images per client a day', async () => {
      const backend = await start({ AIUTA_IMAGES_PER_CLIENT_PER_DAY: '2', AIUTA_JWT_CLIENT_IP_HEADER: 'X-Client-IP' });
      const report = (client: string, imageIds: string[]) =>
        backend.send('/aiuta_images', { subscription_id: 'sub-1', install_id: INSTALL_A, image_ids: imageIds }, { 'X-Client-IP': client });
      expect((await report('203.0.113.1', ['generated_image-c1', 'generated_image-c2'])).status).toBe(200);
      const over = await report('203.0.113.1', ['generated_image-c3']);
      expect(over.status).toBe(429);
      expect(await errorOf(over)).toBe('too_many_images');
      expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(0);
      expect((await report('203.0.113.2', ['generated_image-c3'])).status).toBe(200);
    });
  });

  describe('catalog', () => {
    it('resolves, onboards once, checks create_try_on against the catalog, and says 501 without a key', async () => {
      aiuta.add('CONTRACT-READY', 'ready');
      const backend = await start({
        AIUTA_API_KEY: CONTRACT_API_KEY,
        AIUTA_API_BASE_URL: aiuta.baseUrl,
        AIUTA_ONBOARD_HOSTS: 'shop.example',
      });
      const ask = (ids: string[], url = 'https://shop.example/p/1') =>
        backend.send('/aiuta_sku', {
          subscription_id: 'sub-1',
          candidates: ids.map((id) => ({ id })),
          page: { url, name: 'Linen Shirt', image_urls: ['https://cdn.shop.example/1.jpg'] },
        });
      const ready = await ask(['CONTRACT-UNKNOWN', 'CONTRACT-READY']);
      expect(ready.status).toBe(200);
      expect(catalogAnswerSchema.parse(await ready.json())).toEqual({ sku_id: 'CONTRACT-READY', status: 'ready' });
      const creates = () => aiuta.requests.filter((request) => request.method === 'POST').length;
      const before = creates();
      const onboarding = await ask(['CONTRACT-NEW']);
      expect(onboarding.status).toBe(202);
      expect(catalogAnswerSchema.parse(await onboarding.json())).toMatchObject({ sku_id: 'shop.example:CONTRACT-NEW', status: 'preparing' });
      expect((await ask(['CONTRACT-NEW'])).status).toBe(202);
      expect(creates()).toBe(before + 1);
      const elsewhere = await ask(['CONTRACT-OTHER'], 'https://elsewhere.example/p/1');
      expect(elsewhere.status).toBe(404);
      expect(await errorOf(elsewhere)).toBe('sku_not_in_catalog');
      const create = (sku: string) => backend.token({ operation: 'create_try_on', uploaded_image_id: 'user_image-1', sku_id: sku });
      expect((await create('CONTRACT-READY')).status).toBe(200);
      expect((await create('CONTRACT-UNKNOWN')).status).toBe(403);

      const plain = await start();
      const disabled = await plain.send('/aiuta_sku', { subscription_id: 'sub-1', candidates: [{ id: 'X' }], page: { url: 'https://shop.example/p' } });
      expect(disabled.status).toBe(501);
      expect(await errorOf(disabled)).toBe('catalog_check_disabled');
    });
  });

  describe('configuration', () => {
    it('refuses anonymous callers unless allowed, short secrets and a zero image allowance, with a sentence', async () => {
      await expect(runtime.start(contractEnv({ AIUTA_JWT_ALLOW_ANONYMOUS: '' }))).rejects.toThrow(/AIUTA_JWT_ALLOW_ANONYMOUS=true/);
      await expect(runtime.start(contractEnv({ AIUTA_JWT_SECRET: 'too-short' }))).rejects.toThrow(/32 bytes/);
      await expect(runtime.start(contractEnv({ AIUTA_SUBSCRIPTION_ID: '' }))).rejects.toThrow(/AIUTA_SUBSCRIPTION_ID/);
      await expect(runtime.start(contractEnv({ AIUTA_IMAGES_PER_CLIENT_PER_DAY: '0' }))).rejects.toThrow(/AIUTA_IMAGES_PER_CLIENT_PER_DAY/);
    });
  });
}
