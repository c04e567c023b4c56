import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { encodeJpeg, encodePng, sniffImage } from '../images/codecs';
import { renderPersonPhoto, SHOPPER_LOOK } from '../images/figures';
import {
  bearer,
  FLAVOURS,
  forgeToken,
  SMALL_PHOTO,
  startTestSandbox,
  tokenFor,
  upload,
  uploadForm,
  type TestSandbox,
} from '../test-support';

let sandbox: TestSandbox;
beforeAll(async () => {
  sandbox = await startTestSandbox({ imageTtlSeconds: 600 });
});
afterAll(() => sandbox.close());
beforeEach(() => sandbox.reset());

/** A lossless WebP header (VP8L) for a width x height image; enough for the header check. */
function webpHeader(width: number, height: number): Uint8Array {
  const bytes = new Uint8Array(40);
  const ascii = (offset: number, text: string) => [...text].forEach((c, i) => (bytes[offset + i] = c.charCodeAt(0)));
  ascii(0, 'RIFF');
  new DataView(bytes.buffer).setUint32(4, 32, true);
  ascii(8, 'WEBP');
  ascii(12, 'VP8L');
  new DataView(bytes.buffer).setUint32(16, 20, true);
  bytes[20] = 0x2f;
  const bits = (width - 1) | ((height - 1) << 14);
  new DataView(bytes.buffer).setUint32(21, bits, true);
  return bytes;
}

describe.each(FLAVOURS)('uploads on $name', (flavour) => {
  const base = () => flavour.base(sandbox);

  it('accepts a JPEG with an upload_image token and serves it back', async () => {
    const token = await tokenFor(sandbox, { operation: 'upload_image' });
    const response = await upload(base(), bearer(token));
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    const image = (await response.json()) as { id: string; owner_type: string; url: string; expires_at: string };
    expect(image.id).toMatch(/^user_image-[0-9a-f-]{36}$/);
    expect(image.owner_type).toBe('user');
    expect(Date.parse(image.expires_at)).toBe(sandbox.now() + 600_000);
    const served = await fetch(image.url);
    expect(served.headers.get('content-type')).toBe('image/jpeg');
    expect(new Uint8Array(await served.arrayBuffer())).toEqual(SMALL_PHOTO);
    const got = await fetch(`${base()}/uploaded_images/${image.id}`, { headers: { 'x-user-id': sandbox.subscriptionId } });
    expect(await got.json()).toEqual(image);
  });

  it('accepts x-user-id and the dev x-api-key for uploads', async () => {
    expect((await upload(base(), { 'x-user-id': sandbox.subscriptionId })).status).toBe(200);
    expect((await upload(base(), { 'x-api-key': sandbox.apiKey })).status).toBe(200);
  });

  it('accepts PNG and WebP photos', async () => {
    const png = encodePng(renderPersonPhoto(SHOPPER_LOOK, 300, 400));
    const pngResponse = await upload(base(), { 'x-user-id': sandbox.subscriptionId }, png, 'image/png');
    expect(pngResponse.status).toBe(200);
    const webp = await upload(base(), { 'x-user-id': sandbox.subscriptionId }, webpHeader(600, 800), 'image/webp');
    expect(webp.status).toBe(200);
    const served = await fetch(((await webp.json()) as { url: string }).url);
    expect(served.headers.get('content-type')).toBe('image/webp');
  });

  const refusals: [string, () => Uint8Array, RegExp][] = [
    ['text', () => new TextEncoder().encode('not an image at all, just words'), /unsupported image format/],
    ['a photo that is too small', () => encodeJpeg(renderPersonPhoto(SHOPPER_LOOK, 120, 160)), /too small \(120x160 px\)/],
    ['a truncated JPEG', () => SMALL_PHOTO.slice(0, 800), /damaged/],
    ['a WebP header of a tiny image', () => webpHeader(64, 64), /too small/],
  ];

  it.each(refusals)('refuses %s with a 422 on image_data', async (_name, bytes, message) => {
    const response = await upload(base(), { 'x-user-id': sandbox.subscriptionId }, bytes());
    expect(response.status).toBe(422);
    const body = (await response.json()) as { detail: { loc: string[]; msg: string; type: string }[] };
    expect(body.detail).toHaveLength(1);
    expect(body.detail[0]!.loc).toEqual(['body', 'image_data']);
    expect(body.detail[0]!.type).toBe('value_error');
    expect(body.detail[0]!.msg).toMatch(message);
  });

  it('reports a missing image_data field as FastAPI does', async () => {
    const form = uploadForm(SMALL_PHOTO, 'image/jpeg', 'photo');
    const response = await fetch(`${base()}/uploaded_images`, {
      method: 'POST',
      headers: { 'x-user-id': sandbox.subscriptionId },
      body: form,
    });
    expect(response.status).toBe(422);
    expect(await response.json()).toEqual({ detail: [{ loc: ['body', 'image_data'], msg: 'Field required', type: 'missing' }] });
  });

  it('answers 404 for an unknown uploaded image', async () => {
    const response = await fetch(`${base()}/uploaded_images/user_image-nope`, {
      headers: { 'x-user-id': sandbox.subscriptionId },
    });
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ code: 'image_not_found' });
  });
});

describe('credentials', () => {
  const base = () => sandbox.apiUrl;

  async function expectRefusal(response: Response, status: number, code: string) {
    expect(response.status).toBe(status);
    const body = (await response.json()) as { code: string; message: string };
    expect(body.code).toBe(code);
    expect(body.message.length).toBeGreaterThan(10);
  }

  it('refuses a request without credentials (401)', async () => {
    await expectRefusal(await upload(base(), {}), 401, 'unauthorized');
  });

  it('refuses an unknown subscription ID and a wrong API key (401)', async () => {
    await expectRefusal(await upload(base(), { 'x-user-id': 'someone-else' }), 401, 'unknown_subscription');
    await expectRefusal(await upload(base(), { 'x-api-key': 'guess' }), 401, 'invalid_api_key');
  });

  it('refuses an expired token (401 token_expired)', async () => {
    const token = await tokenFor(sandbox, { operation: 'upload_image' });
    sandbox.advance(61_000);
    await expectRefusal(await upload(base(), bearer(token)), 401, 'token_expired');
  });

  it('refuses tokens signed with another secret or issuer, and malformed headers (401)', async () => {
    const times = { issuedAt: sandbox.now() / 1000, expiresAt: sandbox.now() / 1000 + 60 };
    const otherSecret = await forgeToken({ operation: 'upload_image' }, { ...times, secret: 'x'.repeat(40), issuer: sandbox.issuer });
    await expectRefusal(await upload(base(), bearer(otherSecret)), 401, 'invalid_token');
    const otherIssuer = await forgeToken({ operation: 'upload_image' }, { ...times, secret: sandbox.secret, issuer: 'someone' });
    await expectRefusal(await upload(base(), bearer(otherIssuer)), 401, 'invalid_token');
    await expectRefusal(await upload(base(), { Authorization: 'Token abc' }), 401, 'invalid_token');
    await expectRefusal(await upload(base(), bearer('not.a.jwt')), 401, 'invalid_token');
  });

  it('refuses a token issued for another operation or subscription (403)', async () => {
    const createToken = await tokenFor(sandbox, { operation: 'create_try_on', uploaded_image_id: 'u-1', sku_id: 'A' });
    await expectRefusal(await upload(base(), bearer(createToken)), 403, 'token_mismatch');
    const times = { issuedAt: sandbox.now() / 1000, expiresAt: sandbox.now() / 1000 + 60 };
    const foreign = await forgeToken(
      { operation: 'upload_image', subscription_id: 'another-subscription' },
      { ...times, secret: sandbox.secret, issuer: sandbox.issuer },
    );
    await expectRefusal(await upload(base(), bearer(foreign)), 403, 'forbidden');
  });

  it('answers CORS preflights and marks responses readable from any origin', async () => {
    const preflight = await fetch(`${base()}/uploaded_images`, {
      method: 'OPTIONS',
      headers: {
        Origin: 'chrome-extension://abc',
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'authorization,x-user-id',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    expect(preflight.headers.get('access-control-allow-methods')).toContain('DELETE');
    expect(preflight.headers.get('access-control-allow-headers')).toBe('authorization,x-user-id');
  });
});

describe.each(FLAVOURS)('deletes on $name', (flavour) => {
  const base = () => flavour.base(sandbox);

  it('deletes an uploaded image with a delete_image token for that id', async () => {
    const uploaded = (await (await upload(base(), { 'x-user-id': sandbox.subscriptionId })).json()) as { id: string; url: string };
    const wrong = await tokenFor(sandbox, { operation: 'delete_image', image_id: 'user_image-other' });
    const refused = await fetch(`${base()}/uploaded_images/${uploaded.id}`, { method: 'DELETE', headers: bearer(wrong) });
    expect(refused.status).toBe(403);
    const token = await tokenFor(sandbox, { operation: 'delete_image', image_id: uploaded.id });
    const deleted = await fetch(`${base()}/uploaded_images/${uploaded.id}`, { method: 'DELETE', headers: bearer(token) });
    expect(deleted.status).toBe(204);
    expect((await fetch(uploaded.url)).status).toBe(404);
    const again = await fetch(`${base()}/uploaded_images/${uploaded.id}`, { method: 'DELETE', headers: bearer(token) });
    expect(again.status).toBe(404);
  });

  it('refuses a delete with only the public subscription ID (401): it would let anyone delete an image by its id', async () => {
    const uploaded = (await (await upload(base(), { 'x-user-id': sandbox.subscriptionId })).json()) as { id: string; url: string };
    for (const path of ['uploaded_images', 'generated_images']) {
      const response = await fetch(`${base()}/${path}/${uploaded.id}`, { method: 'DELETE', headers: { 'x-user-id': sandbox.subscriptionId } });
      expect(response.status).toBe(401);
    }
    expect((await fetch(uploaded.url)).status).toBe(200);
  });

  it('refuses to delete aiuta-owned model images (403)', async () => {
    for (const path of ['uploaded_images', 'generated_images']) {
      const response = await fetch(`${base()}/${path}/model_woman_00`, { method: 'DELETE', headers: { 'x-api-key': sandbox.apiKey } });
      expect(response.status).toBe(403);
    }
  });

  it('answers 404 when deleting an unknown generated image', async () => {
    const response = await fetch(`${base()}/generated_images/generated_image-unknown`, {
      method: 'DELETE',
      headers: { 'x-api-key': sandbox.apiKey },
    });
    expect(response.status).toBe(404);
  });
});

describe.each(FLAVOURS)('predefined models on $name', (flavour) => {
  const base = () => flavour.base(sandbox);
  const headers = () => ({ 'x-user-id': sandbox.subscriptionId });

  it('lists models by category with the fields its schema requires', async () => {
    const response = await fetch(`${base()}/predefined_try_on_models`, { headers: headers() });
    expect(response.status).toBe(200);
    const categories = (await response.json()) as { category: string; models: Record<string, unknown>[] }[];
    expect(categories.map((category) => category.category)).toEqual(['woman', 'man']);
    const model = categories[0]!.models[0]!;
    expect(model).toMatchObject({ id: 'model_woman_00', owner_type: 'aiuta' });
    const extra = flavour.name === 'digital-try-on' ? 'metadata' : 'tags';
    expect(model).toHaveProperty(extra);
    const photo = await fetch(model.url as string);
    expect(sniffImage(new Uint8Array(await photo.arrayBuffer()))?.format).toBe('jpeg');
  });

  it('answers 304 to If-None-Match with the current ETag (also weak and in a list), 200 otherwise', async () => {
    const first = await fetch(`${base()}/predefined_try_on_models`, { headers: headers() });
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^"[0-9a-f]{32}"$/);
    for (const ifNoneMatch of [etag, `W/${etag}`, `"stale", ${etag}`]) {
      const cached = await fetch(`${base()}/predefined_try_on_models`, { headers: { ...headers(), 'If-None-Match': ifNoneMatch } });
      expect(cached.status).toBe(304);
      expect(await cached.text()).toBe('');
      expect(cached.headers.get('etag')).toBe(etag);
    }
    const stale = await fetch(`${base()}/predefined_try_on_models`, { headers: { ...headers(), 'If-None-Match': '"stale"' } });
    expect(stale.status).toBe(200);
  });

  it('serves the same list at the /try_on_models alias', async () => {
    const alias = await fetch(`${base()}/try_on_models`, { headers: headers() });
    const main = await fetch(`${base()}/predefined_try_on_models`, { headers: headers() });
    expect(await alias.json()).toEqual(await main.json());
  });

  it('needs credentials', async () => {
    expect((await fetch(`${base()}/predefined_try_on_models`)).status).toBe(401);
  });
});

describe('routing', () => {
  it('answers 404 for unknown paths and 405 for known paths with another method', async () => {
    const unknown = await fetch(`${sandbox.apiUrl}/nothing_here`, { headers: { 'x-user-id': sandbox.subscriptionId } });
    expect(unknown.status).toBe(404);
    const wrongMethod = await fetch(`${sandbox.apiUrl}/uploaded_images`, { headers: { 'x-user-id': sandbox.subscriptionId } });
    expect(wrongMethod.status).toBe(405);
    // Each API has its own create path.
    const crossed = await fetch(`${sandbox.unifiedApiUrl}/sku_images_operations`, { method: 'POST' });
    expect(crossed.status).toBe(404);
  });
});
