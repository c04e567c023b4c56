import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { decodeImage } from '../images/codecs';
import { ABORT_REASONS } from '../faults';
import {
  bearer,
  createOperation,
  FLAVOURS,
  operationStatus,
  postJson,
  startTestSandbox,
  tokenFor,
  uploadedImageId,
  type TestSandbox,
} from '../test-support';

let sandbox: TestSandbox;
beforeAll(async () => {
  sandbox = await startTestSandbox({ generationMs: 1000, imageTtlSeconds: 600 });
});
afterAll(() => sandbox.close());
beforeEach(() => sandbox.reset());

async function operationId(response: Response): Promise<string> {
  expect(response.status).toBe(200);
  return ((await response.json()) as { operation_id: string }).operation_id;
}

describe.each(FLAVOURS)('try-on operations on $name', (flavour) => {
  it('keeps a held generation IN_PROGRESS past its end until it is released (POST /__sandbox/hold)', async () => {
    const imageId = await uploadedImageId(sandbox, flavour.base(sandbox));
    const id = await operationId(await createOperation(sandbox, flavour, { uploaded_image_id: imageId, sku_id: 'NWB-TEE-NAVY-M' }));
    const hold = (held: unknown) => postJson(new URL('/__sandbox/hold', sandbox.apiUrl).href, { held });
    expect((await hold(true)).status).toBe(200);
    sandbox.advance(5000);
    expect((await operationStatus(sandbox, flavour, id)).body.status).toBe('IN_PROGRESS');
    expect((await hold('yes')).status).toBe(422);
    expect((await operationStatus(sandbox, flavour, id)).body.status).toBe('IN_PROGRESS');
    expect((await hold(false)).status).toBe(200);
    expect((await operationStatus(sandbox, flavour, id)).body.status).toBe('SUCCESS');

    // A reset releases a hold.
    await hold(true);
    sandbox.reset();
    const again = await operationId(
      await createOperation(sandbox, flavour, { uploaded_image_id: await uploadedImageId(sandbox, flavour.base(sandbox)), sku_id: 'NWB-TEE-NAVY-M' }),
    );
    sandbox.advance(5000);
    expect((await operationStatus(sandbox, flavour, again)).body.status).toBe('SUCCESS');
  });

  it('moves CREATED -> IN_PROGRESS -> SUCCESS and serves a real composite JPEG', async () => {
    const imageId = await uploadedImageId(sandbox, flavour.base(sandbox));
    const created = await createOperation(sandbox, flavour, { uploaded_image_id: imageId, sku_id: 'NWB-TEE-NAVY-M' });
    const createdBody = (await created.clone().json()) as Record<string, unknown>;
    if (flavour.name === 'digital-try-on') expect(createdBody).toEqual({ operation_id: expect.any(String), details: null, errors: [] });
    else expect(createdBody).toEqual({ operation_id: expect.any(String) });
    const id = await operationId(created);

    expect((await operationStatus(sandbox, flavour, id)).body).toEqual({
      id,
      status: 'CREATED',
      error: null,
      abort_reason: null,
      generated_images: [],
    });
    sandbox.advance(300);
    expect((await operationStatus(sandbox, flavour, id)).body.status).toBe('IN_PROGRESS');
    sandbox.advance(700);
    const done = (await operationStatus(sandbox, flavour, id)).body;
    expect(done.status).toBe('SUCCESS');
    const images = done.generated_images as Record<string, string>[];
    expect(images).toHaveLength(1);
    const image = images[0]!;
    expect(image.owner_type).toBe('user');
    expect(Date.parse(image.expires_at!)).toBe(sandbox.now() + 600_000);
    if (flavour.name === 'digital-try-on') expect(image.image_url).toBe(image.url);
    else expect(image).not.toHaveProperty('image_url');

    const jpeg = await fetch(image.url!);
    expect(jpeg.headers.get('content-type')).toBe('image/jpeg');
    const pixels = decodeImage(new Uint8Array(await jpeg.arrayBuffer()));
    // The 300x400 upload comes back at its own size, framed in orange, with the navy tee over the
    // (white-shirted) torso of the photo.
    expect([pixels.width, pixels.height]).toEqual([300, 400]);
    const [r, g, b] = pixels.data.slice(0, 3);
    expect(r).toBeGreaterThan(220);
    expect(g).toBeGreaterThan(120);
    expect(g).toBeLessThan(185);
    expect(b).toBeLessThan(60);
    const torso = (130 * 300 + 150) * 4;
    const [tr, tg, tb] = pixels.data.slice(torso, torso + 3);
    expect(tr).toBeLessThan(90);
    expect(tg).toBeLessThan(90);
    expect(tb).toBeGreaterThan(tr! + 20);
  });

  it('dresses several SKUs at once, matching the token regardless of order', async () => {
    const imageId = await uploadedImageId(sandbox);
    const token = await tokenFor(sandbox, {
      operation: 'create_try_on',
      uploaded_image_id: imageId,
      sku_ids: ['MG-CHINO-KHAKI-32', 'NWB-TEE-WHITE-M'],
    });
    const response = await postJson(
      `${flavour.base(sandbox)}/${flavour.operations}`,
      { uploaded_image_id: imageId, sku_ids: ['NWB-TEE-WHITE-M', 'MG-CHINO-KHAKI-32'] },
      bearer(token),
    );
    const id = await operationId(response);
    sandbox.advance(1000);
    expect((await operationStatus(sandbox, flavour, id)).body.status).toBe('SUCCESS');
  });

  it('accepts a predefined model as the input image and the dev API key instead of a token', async () => {
    const response = await postJson(
      `${flavour.base(sandbox)}/${flavour.operations}`,
      { uploaded_image_id: 'model_man_00', sku_id: 'OG-COAT-CAMEL' },
      { 'x-api-key': sandbox.apiKey },
    );
    const id = await operationId(response);
    sandbox.advance(1000);
    expect((await operationStatus(sandbox, flavour, id)).body.status).toBe('SUCCESS');
  });

  it('accepts a Shopify variant id of a catalog product as the SKU', async () => {
    const imageId = await uploadedImageId(sandbox);
    const response = await createOperation(sandbox, flavour, { uploaded_image_id: imageId, sku_id: '43110000000013' });
    expect(response.status).toBe(200);
  });

  it('refuses x-user-id for creating (401): creating costs money, so it needs a token', async () => {
    const imageId = await uploadedImageId(sandbox);
    const response = await postJson(
      `${flavour.base(sandbox)}/${flavour.operations}`,
      { uploaded_image_id: imageId, sku_id: 'NWB-TEE-NAVY-M' },
      { 'x-user-id': sandbox.subscriptionId },
    );
    expect(response.status).toBe(401);
  });

  it('refuses a token issued for another image, other SKUs or another operation (403)', async () => {
    const imageId = await uploadedImageId(sandbox);
    const url = `${flavour.base(sandbox)}/${flavour.operations}`;
    const body = { uploaded_image_id: imageId, sku_id: 'NWB-TEE-NAVY-M' };
    const tokens = [
      await tokenFor(sandbox, { operation: 'create_try_on', uploaded_image_id: 'user_image-other', sku_id: 'NWB-TEE-NAVY-M' }),
      await tokenFor(sandbox, { operation: 'create_try_on', uploaded_image_id: imageId, sku_id: 'NWB-TEE-NAVY-L' }),
      await tokenFor(sandbox, { operation: 'create_try_on', uploaded_image_id: imageId, sku_ids: ['NWB-TEE-NAVY-M', 'OG-COAT-CAMEL'] }),
      await tokenFor(sandbox, { operation: 'upload_image' }),
    ];
    for (const token of tokens) {
      const response = await postJson(url, body, bearer(token));
      expect(response.status).toBe(403);
      expect(((await response.json()) as { code: string }).code).toBe('token_mismatch');
    }
  });

  it('answers 404 "SKU item does not exist" for a SKU outside the catalog', async () => {
    const imageId = await uploadedImageId(sandbox);
    const response = await createOperation(sandbox, flavour, { uploaded_image_id: imageId, sku_id: 'NOT-IN-CATALOG-1' });
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({
      code: 'sku_item_not_found',
      message: 'SKU item does not exist: NOT-IN-CATALOG-1',
      details: { sku_id: 'NOT-IN-CATALOG-1', sku_catalog_name: 'main' },
    });
  });

  it('answers 400 "Input image ... not found" for an unknown or expired upload', async () => {
    const unknown = await createOperation(sandbox, flavour, { uploaded_image_id: 'user_image-gone', sku_id: 'NWB-TEE-NAVY-M' });
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as { detail: string }).detail).toMatch(/input image .*not found/i);

    const imageId = await uploadedImageId(sandbox);
    sandbox.advance(600_001);
    const expired = await createOperation(sandbox, flavour, { uploaded_image_id: imageId, sku_id: 'NWB-TEE-NAVY-M' });
    expect(expired.status).toBe(400);
    expect(((await expired.json()) as { detail: string }).detail).toMatch(/input image .*not found/i);
  });

  it('answers an unknown operation as its API documents (unified: 200 null; digital try-on: 404), and 401 without credentials', async () => {
    const unknown = await operationStatus(sandbox, flavour, 'sku_try_on_op-unknown');
    if (flavour.name === 'unified') {
      expect(unknown.response.status).toBe(200);
      expect(unknown.body).toBeNull();
    } else {
      expect(unknown.response.status).toBe(404);
      expect(unknown.body.code).toBe('operation_not_found');
    }
    const anonymous = await fetch(`${flavour.base(sandbox)}/${flavour.operations}/anything`);
    expect(anonymous.status).toBe(401);
  });

  it('ends ABORTED with each abort reason when asked by test SKU', async () => {
    const imageId = await uploadedImageId(sandbox);
    for (const reason of ABORT_REASONS) {
      const id = await operationId(
        await createOperation(sandbox, flavour, { uploaded_image_id: imageId, sku_id: `SANDBOX-ABORT-${reason}` }),
      );
      sandbox.advance(1000);
      const { body } = await operationStatus(sandbox, flavour, id);
      expect(body).toMatchObject({ status: 'ABORTED', abort_reason: reason, error: null, generated_images: [] });
    }
  });

  it('ends FAILED with an error for SANDBOX-FAIL, and per request via x-sandbox-outcome', async () => {
    const imageId = await uploadedImageId(sandbox);
    const failed = await operationId(await createOperation(sandbox, flavour, { uploaded_image_id: imageId, sku_id: 'SANDBOX-FAIL' }));
    const viaHeader = await operationId(
      await createOperation(
        sandbox,
        flavour,
        { uploaded_image_id: imageId, sku_id: 'NWB-TEE-NAVY-M' },
        { 'x-sandbox-outcome': 'ABORTED:CHILD_DETECTED' },
      ),
    );
    sandbox.advance(1000);
    expect((await operationStatus(sandbox, flavour, failed)).body).toMatchObject({ status: 'FAILED', error: expect.stringMatching(/failed/i) });
    expect((await operationStatus(sandbox, flavour, viaHeader)).body).toMatchObject({
      status: 'ABORTED',
      abort_reason: 'CHILD_DETECTED',
    });
    const bad = await createOperation(
      sandbox,
      flavour,
      { uploaded_image_id: imageId, sku_id: 'NWB-TEE-NAVY-M' },
      { 'x-sandbox-outcome': 'EXPLODED' },
    );
    expect(bad.status).toBe(400);
  });

  it('empties generated_images once the generated image is deleted', async () => {
    const imageId = await uploadedImageId(sandbox);
    const id = await operationId(await createOperation(sandbox, flavour, { uploaded_image_id: imageId, sku_id: 'WC-LINEN-DRESS-SAGE' }));
    sandbox.advance(1000);
    const image = ((await operationStatus(sandbox, flavour, id)).body.generated_images as { id: string; url: string }[])[0]!;
    const token = await tokenFor(sandbox, { operation: 'delete_image', image_id: image.id });
    const deleted = await fetch(`${flavour.base(sandbox)}/generated_images/${image.id}`, { method: 'DELETE', headers: bearer(token) });
    expect(deleted.status).toBe(204);
    expect((await operationStatus(sandbox, flavour, id)).body).toMatchObject({ status: 'SUCCESS', generated_images: [] });
    expect((await fetch(image.url)).status).toBe(404);
  });

  it('lets generated images expire', async () => {
    const imageId = await uploadedImageId(sandbox);
    const id = await operationId(await createOperation(sandbox, flavour, { uploaded_image_id: imageId, sku_id: 'DL-HOODIE-GREY' }));
    sandbox.advance(1000);
    const image = ((await operationStatus(sandbox, flavour, id)).body.generated_images as { url: string }[])[0]!;
    sandbox.advance(600_000);
    expect((await operationStatus(sandbox, flavour, id)).body.generated_images).toEqual([]);
    expect((await fetch(image.url)).status).toBe(404);
  });
});

describe('create request validation (422, FastAPI shape)', () => {
  const dto = () => `${sandbox.apiUrl}/sku_images_operations`;
  const unified = () => `${sandbox.unifiedApiUrl}/sku_try_on_operations`;
  const key = () => ({ 'x-api-key': sandbox.apiKey });

  async function detail(response: Response) {
    expect(response.status).toBe(422);
    return ((await response.json()) as { detail: { loc: (string | number)[]; msg: string; type: string }[] }).detail;
  }

  it('requires uploaded_image_id', async () => {
    expect(await detail(await postJson(dto(), { sku_id: 'A' }, key()))).toContainEqual({
      loc: ['body', 'uploaded_image_id'],
      msg: 'Field required',
      type: 'missing',
    });
  });

  it('requires exactly one of sku_id and sku_ids', async () => {
    const neither = await detail(await postJson(dto(), { uploaded_image_id: 'u' }, key()));
    expect(neither[0]).toMatchObject({ loc: ['body'], type: 'value_error' });
    expect(neither[0]!.msg).toMatch(/Either 'sku_id' or 'sku_ids' must be specified/);
    const both = await detail(await postJson(unified(), { uploaded_image_id: 'u', sku_id: 'A', sku_ids: ['A'] }, key()));
    expect(both[0]!.msg).toMatch(/not both/);
  });

  it('allows 1..2 SKUs on digital-try-on and 1..5 on unified', async () => {
    const three = ['NWB-TEE-NAVY-M', 'MG-CHINO-KHAKI-32', 'OG-COAT-CAMEL'];
    expect((await detail(await postJson(dto(), { uploaded_image_id: 'u', sku_ids: three }, key())))[0]).toMatchObject({
      loc: ['body', 'sku_ids'],
      type: 'too_long',
    });
    const imageId = await uploadedImageId(sandbox);
    expect((await postJson(unified(), { uploaded_image_id: imageId, sku_ids: three }, key())).status).toBe(200);
    const six = await detail(await postJson(unified(), { uploaded_image_id: 'u', sku_ids: ['1', '2', '3', '4', '5', '6'] }, key()));
    expect(six[0]).toMatchObject({ type: 'too_long' });
    const none = await detail(await postJson(unified(), { uploaded_image_id: 'u', sku_ids: [] }, key()));
    expect(none[0]).toMatchObject({ type: 'too_short' });
  });

  it('refuses wrong types, broken JSON and an empty body', async () => {
    expect((await detail(await postJson(dto(), { uploaded_image_id: 5, sku_id: 'A' }, key())))[0]).toMatchObject({
      type: 'string_type',
    });
    expect((await detail(await postJson(dto(), '{"uploaded_image_id":', key())))[0]).toMatchObject({ type: 'json_invalid' });
    expect((await detail(await postJson(dto(), '', key())))[0]).toMatchObject({ type: 'missing' });
  });

  it('checks sku_catalog_name on digital-try-on: the token must match, other catalogs have no SKUs', async () => {
    const imageId = await uploadedImageId(sandbox);
    const body = { uploaded_image_id: imageId, sku_id: 'NWB-TEE-NAVY-M', sku_catalog_name: 'spring' };
    const mainToken = await tokenFor(sandbox, { operation: 'create_try_on', uploaded_image_id: imageId, sku_id: 'NWB-TEE-NAVY-M' });
    expect((await postJson(dto(), body, bearer(mainToken))).status).toBe(403);
    const springToken = await tokenFor(sandbox, { operation: 'create_try_on', ...body });
    expect((await postJson(dto(), body, bearer(springToken))).status).toBe(404);
  });
});
