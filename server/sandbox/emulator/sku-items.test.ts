import { createServer } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CATALOG, CATALOG_CHECK_PRODUCTS } from '../catalog';
import { sniffImage } from '../images/codecs';
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

const PREPARATION_MS = 4000;

let sandbox: TestSandbox;
beforeAll(async () => {
  sandbox = await startTestSandbox({ skuPreparationMs: PREPARATION_MS });
});
afterAll(() => sandbox.close());
beforeEach(() => sandbox.reset());

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const unified = FLAVOURS.find((flavour) => flavour.name === 'unified')!;
const apiKey = (): Record<string, string> => ({ 'x-api-key': sandbox.apiKey });
const items = () => `${sandbox.unifiedApiUrl}/sku_items`;
const getItem = (skuId: string, headers = apiKey()) => fetch(`${items()}/${encodeURIComponent(skuId)}`, { headers });
const createItem = (body: unknown, headers = apiKey()) => postJson(items(), body, headers);

async function itemBody(skuId: string): Promise<Json> {
  const response = await getItem(skuId);
  expect(response.status).toBe(200);
  return (await response.json()) as Json;
}

/** The store's picture of a product, on the store host its page lives on. */
function pictureUrl(product: { sku: string; host?: string }): string {
  const origin = product.host === 'onboarding' ? sandbox.onboardingStoreUrl : sandbox.storeUrl;
  return `${origin}/assets/products/${product.sku}.png`;
}

function onboardingBody(skuId: string, imageUrls: string[] = [pictureUrl(CATALOG_CHECK_PRODUCTS.onboardable)]) {
  const product = CATALOG_CHECK_PRODUCTS.onboardable;
  return {
    sku_id: skuId,
    product_info: {
      image_urls: imageUrls,
      title: product.name,
      brand: product.brand,
      store_url: `${sandbox.onboardingStoreUrl}${product.page}`,
    },
    capabilities: { try_on: true },
  };
}

/** The item's try-on readiness once its pictures are downloaded (real HTTP to the store), at the sandbox clock. */
async function settledTryOn(skuId: string): Promise<Json> {
  let readiness: Json = {};
  await expect
    .poll(async () => {
      const body = await itemBody(skuId);
      readiness = body.capabilities_readiness.try_on;
      return readiness.status === 'preparing' ? 'preparing' : 'settled';
    })
    .toBe('settled');
  return readiness;
}

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Fields and values the unified OpenAPI documents for `SkuItem` and its parts. */
const SKU_ITEM_REQUIRED = ['internal_id', 'sku_id', 'created_at', 'product_info', 'capabilities', 'capabilities_readiness'];
const PRODUCT_INFO_FIELDS = ['image_urls', 'category', 'title', 'description', 'brand', 'store_url', 'color', 'gender', 'age_group', 'extra'];
const CAPABILITIES = ['try_on', 'outfit_recommendations', 'size_and_fit', 'off_figure_product_images', 'on_figure_product_images'];
const READINESS_REQUIRED = ['try_on', 'outfit_recommendations', 'size_and_fit'];
const READINESS_STATUSES = ['absent', 'preparing', 'ready', 'rejected', 'failed'];

describe('SKU catalog credentials', () => {
  const calls: Record<string, (headers: Record<string, string>) => Promise<Response>> = {
    'GET /sku_items': (headers) => fetch(items(), { headers }),
    'POST /sku_items': (headers) => createItem(onboardingBody('CRED-1'), headers),
    'GET /sku_items/{sku_id}': (headers) => getItem('NWB-TEE-NAVY-M', headers),
  };

  it.each(Object.keys(calls))('%s: 401 without a key or with a wrong one; 403 for a token or the subscription ID', async (name) => {
    const headerCases: [Record<string, string>, number, string][] = [
      [{}, 401, 'unauthorized'],
      [{ 'x-api-key': 'not-the-key' }, 401, 'invalid_api_key'],
      [{ 'x-user-id': sandbox.subscriptionId }, 403, 'forbidden'],
      [bearer(await tokenFor(sandbox, { operation: 'upload_image' })), 403, 'forbidden'],
    ];
    for (const [headers, status, code] of headerCases) {
      const response = await calls[name]!(headers);
      expect(response.status, JSON.stringify(headers)).toBe(status);
      expect(await response.json()).toMatchObject({ code, message: expect.any(String) });
    }
    // Nothing was created by the refused requests.
    expect((await getItem('CRED-1')).status).toBe(404);
  });

  it('exists in the unified API only', async () => {
    expect((await fetch(`${sandbox.apiUrl}/sku_items`, { headers: apiKey() })).status).toBe(404);
  });
});

describe('seeded catalog', () => {
  it('holds every catalog product under its SKU and variant ids, and the cardigan under its GTIN only, ready for try-on', async () => {
    for (const skuId of CATALOG.flatMap((item) => [item.sku, ...item.alsoKnownAs])) {
      expect((await itemBody(skuId)).capabilities_readiness.try_on.status, skuId).toBe('ready');
    }
    const cardigan = CATALOG_CHECK_PRODUCTS.registeredByGtin;
    const byGtin = await itemBody(cardigan.gtin);
    expect(byGtin.product_info).toMatchObject({ title: cardigan.name, brand: cardigan.brand, store_url: `${sandbox.storeUrl}${cardigan.page}` });
    for (const unknown of [cardigan.sku, CATALOG_CHECK_PRODUCTS.onboardable.sku, CATALOG_CHECK_PRODUCTS.notOnboardable.sku]) {
      const response = await getItem(unknown);
      expect(response.status, unknown).toBe(404);
      expect(await response.json()).toMatchObject({ code: 'sku_item_not_found', message: `SKU item does not exist: ${unknown}` });
    }
  });

  it('holds the test SKUs (SANDBOX-FAIL, SANDBOX-ABORT-<reason>) as ready items, without listing them', async () => {
    for (const skuId of ['SANDBOX-FAIL', 'SANDBOX-ABORT-CHILD_DETECTED']) {
      const item = await itemBody(skuId);
      expect(item.capabilities_readiness.try_on.status, skuId).toBe('ready');
      expect(await itemBody(skuId)).toEqual(item);
      expect((await createItem(onboardingBody(skuId))).status, skuId).toBe(409);
    }
    expect((await getItem('SANDBOX-ABORT-BORED')).status).toBe(404);
    const listed = (await (await fetch(`${items()}?limit=500`, { headers: apiKey() })).json()) as Json;
    expect(listed.items.map((item: Json) => item.sku_id)).not.toContain('SANDBOX-FAIL');
  });

  it('serves each item in the documented SkuItem shape, with its picture behind image_urls', async () => {
    const body = await itemBody('MG-CHINO-KHAKI-32');
    for (const key of SKU_ITEM_REQUIRED) expect(body, key).toHaveProperty(key);
    for (const key of READINESS_REQUIRED) {
      const readiness = body.capabilities_readiness[key];
      expect(Object.keys(readiness).sort(), key).toEqual(['error_message', 'status', 'updated_at']);
      expect(READINESS_STATUSES).toContain(readiness.status);
      expect(Number.isNaN(Date.parse(readiness.updated_at))).toBe(false);
    }
    // Responses carry every documented product field; uploaded_image_ids is accepted in requests only.
    expect(Object.keys(body.product_info).sort()).toEqual([...PRODUCT_INFO_FIELDS].sort());
    expect(Object.keys(body.capabilities).sort()).toEqual([...CAPABILITIES].sort());
    const picture = await fetch(body.product_info.image_urls[0]);
    expect(sniffImage(new Uint8Array(await picture.arrayBuffer()))).toMatchObject({ format: 'png' });
  });

  it('lists items in pages, oldest first', async () => {
    const first = (await (await fetch(`${items()}?limit=3`, { headers: apiKey() })).json()) as Json;
    const seeded = CATALOG.flatMap((item) => [item.sku, ...item.alsoKnownAs]).length + 1;
    expect(first.total).toBe(seeded);
    expect(first.items.map((item: Json) => item.sku_id)).toEqual(['NWB-TEE-NAVY-M', '43110000000011', 'NWB-TEE-NAVY-L']);
    expect(first.next_offset).toBe(3);
    const last = (await (await fetch(`${items()}?offset=${seeded - 1}&limit=5`, { headers: apiKey() })).json()) as Json;
    expect(last.items.map((item: Json) => item.sku_id)).toEqual([CATALOG_CHECK_PRODUCTS.registeredByGtin.gtin]);
    expect(last.next_offset).toBeNull();
    const defaults = (await (await fetch(items(), { headers: apiKey() })).json()) as Json;
    expect(defaults.items).toHaveLength(10);
  });

  it('answers 422 in Pydantic form for bad paging', async () => {
    const cases: [string, Json][] = [
      ['limit=0', { loc: ['query', 'limit'], type: 'greater_than_equal' }],
      ['limit=501', { loc: ['query', 'limit'], type: 'less_than_equal' }],
      ['offset=-1', { loc: ['query', 'offset'], type: 'greater_than_equal' }],
      ['limit=ten', { loc: ['query', 'limit'], type: 'int_parsing' }],
    ];
    for (const [query, issue] of cases) {
      const response = await fetch(`${items()}?${query}`, { headers: apiKey() });
      expect(response.status, query).toBe(422);
      expect(((await response.json()) as Json).detail, query).toEqual([expect.objectContaining({ ...issue, msg: expect.any(String) })]);
    }
  });
});

describe('creating SKU items', () => {
  it('creates an item (201) that prepares for the configured time, downloads its pictures, then is ready', async () => {
    const created = await createItem(onboardingBody('shop-a:HC-OVERSHIRT-RUST-M'));
    expect(created.status).toBe(201);
    const body = (await created.json()) as Json;
    expect(body).toMatchObject({
      sku_id: 'shop-a:HC-OVERSHIRT-RUST-M',
      internal_id: expect.any(String),
      created_at: new Date(sandbox.now()).toISOString(),
      product_info: { title: 'Corduroy Overshirt', image_urls: [] },
      capabilities: { try_on: true, outfit_recommendations: false, size_and_fit: false },
      capabilities_readiness: {
        try_on: { status: 'preparing' },
        outfit_recommendations: { status: 'absent' },
        size_and_fit: { status: 'absent' },
      },
      merchandising: { availability: 'in_stock' },
      metadata: {},
    });

    sandbox.advance(PREPARATION_MS - 1);
    await expect.poll(async () => (await itemBody('shop-a:HC-OVERSHIRT-RUST-M')).product_info.image_urls.length).toBe(1);
    expect((await itemBody('shop-a:HC-OVERSHIRT-RUST-M')).capabilities_readiness.try_on.status).toBe('preparing');
    sandbox.advance(1);
    const ready = await itemBody('shop-a:HC-OVERSHIRT-RUST-M');
    expect(ready.capabilities_readiness.try_on).toEqual({ status: 'ready', updated_at: new Date(sandbox.now()).toISOString(), error_message: null });
    // The internal copy is the store's picture.
    const copy = new Uint8Array(await (await fetch(ready.product_info.image_urls[0])).arrayBuffer());
    const original = new Uint8Array(await (await fetch(pictureUrl(CATALOG_CHECK_PRODUCTS.onboardable))).arrayBuffer());
    expect(Buffer.from(copy).equals(Buffer.from(original))).toBe(true);
  });

  it('refuses a try-on of an item that is still preparing (400), and dresses the shopper in it once ready', async () => {
    expect((await createItem(onboardingBody('OVERSHIRT'))).status).toBe(201);
    const imageId = await uploadedImageId(sandbox, sandbox.unifiedApiUrl);
    const early = await createOperation(sandbox, unified, { uploaded_image_id: imageId, sku_id: 'OVERSHIRT' });
    expect(early.status).toBe(400);
    expect(await early.json()).toMatchObject({ code: 'sku_item_not_ready', details: { sku_id: 'OVERSHIRT', try_on: 'preparing' } });

    sandbox.advance(PREPARATION_MS);
    expect((await settledTryOn('OVERSHIRT')).status).toBe('ready');
    const created = await createOperation(sandbox, unified, { uploaded_image_id: imageId, sku_id: 'OVERSHIRT' });
    expect(created.status).toBe(200);
    const { operation_id: id } = (await created.json()) as { operation_id: string };
    sandbox.advance(1000);
    expect((await operationStatus(sandbox, unified, id)).body.status).toBe('SUCCESS');
  });

  it('answers 409 for a sku_id that exists, seeded or created, and keeps the first item', async () => {
    const first = (await (await createItem(onboardingBody('DUP-1'))).json()) as Json;
    for (const skuId of ['DUP-1', 'NWB-TEE-NAVY-M']) {
      const again = await createItem({ ...onboardingBody(skuId), product_info: { title: 'Something else', image_urls: [] } });
      expect(again.status, skuId).toBe(409);
      expect(await again.json()).toMatchObject({ code: 'sku_item_already_exists', message: expect.stringContaining(skuId) });
    }
    expect(await itemBody('DUP-1')).toMatchObject({ internal_id: first.internal_id, product_info: { title: 'Corduroy Overshirt' } });
    expect((await itemBody('NWB-TEE-NAVY-M')).product_info.title).toBe('Classic Crew Tee (Navy / M)');
  });

  it('answers 422 in Pydantic form for bad bodies, and creates nothing', async () => {
    const url = pictureUrl(CATALOG_CHECK_PRODUCTS.onboardable);
    const cases: [string, unknown, Json][] = [
      ['no body', '', { loc: ['body'], type: 'missing' }],
      ['broken JSON', '{"sku_id":', { loc: ['body', 0], type: 'json_invalid' }],
      ['no product_info', { sku_id: 'BAD' }, { loc: ['body', 'product_info'], type: 'missing' }],
      ['sku_id not a string', { sku_id: 7, product_info: {} }, { loc: ['body', 'sku_id'], type: 'string_type' }],
      ['empty sku_id', { sku_id: '', product_info: {} }, { loc: ['body', 'sku_id'], type: 'string_too_short' }],
      ['relative image URL', { sku_id: 'BAD', product_info: { image_urls: ['/a.png'] } }, { loc: ['body', 'product_info', 'image_urls', 0], type: 'url_parsing' }],
      ['data: image URL', { sku_id: 'BAD', product_info: { image_urls: ['data:image/png;base64,AAAA'] } }, { loc: ['body', 'product_info', 'image_urls', 0], type: 'url_scheme' }],
      ['21 images', { sku_id: 'BAD', product_info: { image_urls: Array(21).fill(url) } }, { loc: ['body', 'product_info', 'image_urls'], type: 'too_long' }],
      ['URLs and uploaded ids', { sku_id: 'BAD', product_info: { image_urls: [url], uploaded_image_ids: ['x'] } }, { loc: ['body', 'product_info'], type: 'value_error' }],
      ['unknown gender', { sku_id: 'BAD', product_info: { gender: 'any' } }, { loc: ['body', 'product_info', 'gender'], type: 'enum' }],
      ['capabilities not an object', { sku_id: 'BAD', product_info: {}, capabilities: [] }, { loc: ['body', 'capabilities'], type: 'model_attributes_type' }],
      ['try_on not a boolean', { sku_id: 'BAD', product_info: {}, capabilities: { try_on: 'yes' } }, { loc: ['body', 'capabilities', 'try_on'], type: 'bool_type' }],
      ['unknown availability', { sku_id: 'BAD', product_info: {}, merchandising: { availability: 'soon' } }, { loc: ['body', 'merchandising', 'availability'], type: 'enum' }],
    ];
    for (const [name, body, issue] of cases) {
      const response = await createItem(body);
      expect(response.status, name).toBe(422);
      expect(((await response.json()) as Json).detail, name).toContainEqual(expect.objectContaining({ ...issue, msg: expect.any(String) }));
    }
    expect((await getItem('BAD')).status).toBe(404);
  });

  it('fails the preparation when a picture cannot be downloaded, and rejects it when one is not a picture', async () => {
    const unreachable = `http://127.0.0.1:${await closedPort()}/front.png`;
    const cases: [string, string[], string, RegExp][] = [
      ['UNREACHABLE', [pictureUrl(CATALOG_CHECK_PRODUCTS.onboardable), unreachable], 'failed', /front\.png could not be downloaded: ECONNREFUSED/],
      ['MISSING', [`${sandbox.storeUrl}/assets/products/nothing/here.png`], 'failed', /HTTP 404/],
      ['NOT-A-PICTURE', [`${sandbox.storeUrl}/assets/not-a-photo.jpg`], 'rejected', /not a JPEG, PNG or WebP picture/],
      ['NO-PICTURES', [], 'rejected', /No product images/],
    ];
    for (const [skuId, urls] of cases) expect((await createItem(onboardingBody(skuId, urls))).status).toBe(201);
    sandbox.advance(PREPARATION_MS);
    for (const [skuId, , status, message] of cases) {
      const readiness = await settledTryOn(skuId);
      expect(readiness.status, skuId).toBe(status);
      expect(readiness.error_message, skuId).toMatch(message);
    }
    const imageId = await uploadedImageId(sandbox, sandbox.unifiedApiUrl);
    const refused = await createOperation(sandbox, unified, { uploaded_image_id: imageId, sku_id: 'UNREACHABLE' });
    expect(await refused.json()).toMatchObject({ code: 'sku_item_not_ready', details: { try_on: 'failed' } });
  });

  it('ends new items rejected or failed while the skuReadiness fault says so; items created before are not affected', async () => {
    expect((await createItem(onboardingBody('BEFORE'))).status).toBe(201);
    sandbox.setFaults({ skuReadiness: 'rejected' });
    expect((await createItem(onboardingBody('REJECTED'))).status).toBe(201);
    sandbox.setFaults({ skuReadiness: 'failed' });
    expect((await createItem(onboardingBody('FAILED'))).status).toBe(201);
    sandbox.advance(PREPARATION_MS);
    expect((await settledTryOn('BEFORE')).status).toBe('ready');
    expect(await settledTryOn('REJECTED')).toMatchObject({ status: 'rejected', error_message: expect.any(String) });
    expect(await settledTryOn('FAILED')).toMatchObject({ status: 'failed', error_message: expect.any(String) });
  });

  it('takes pictures the integrator uploaded first (uploaded_image_ids), and refuses unknown ones', async () => {
    const imageId = await uploadedImageId(sandbox, sandbox.unifiedApiUrl);
    expect((await createItem({ sku_id: 'UPLOADED', product_info: { uploaded_image_ids: [imageId] }, capabilities: { try_on: true } })).status).toBe(201);
    sandbox.advance(PREPARATION_MS);
    const body = await itemBody('UPLOADED');
    expect(body.capabilities_readiness.try_on.status).toBe('ready');
    expect(body.product_info).not.toHaveProperty('uploaded_image_ids');
    expect(body.product_info.image_urls).toHaveLength(1);
    const unknown = await createItem({ sku_id: 'UPLOADED-2', product_info: { uploaded_image_ids: ['user_image-nope'] } });
    expect(unknown.status).toBe(400);
    expect(await unknown.json()).toMatchObject({ code: 'input_image_not_found' });
  });

  it('leaves try-on absent when the item does not ask for it, and a try-on of it is refused', async () => {
    expect((await createItem({ ...onboardingBody('NO-TRY-ON'), capabilities: {} })).status).toBe(201);
    sandbox.advance(PREPARATION_MS);
    expect((await itemBody('NO-TRY-ON')).capabilities_readiness.try_on.status).toBe('absent');
    const imageId = await uploadedImageId(sandbox, sandbox.unifiedApiUrl);
    const refused = await createOperation(sandbox, unified, { uploaded_image_id: imageId, sku_id: 'NO-TRY-ON' });
    expect(await refused.json()).toMatchObject({ code: 'sku_item_not_ready', details: { try_on: 'absent' } });
  });

  it('forgets created items on reset and keeps the seeded ones', async () => {
    expect((await createItem(onboardingBody('GONE'))).status).toBe(201);
    sandbox.reset();
    expect((await getItem('GONE')).status).toBe(404);
    expect((await getItem('NWB-TEE-NAVY-M')).status).toBe(200);
  });
});

describe('SKU catalog in the request log and under faults', () => {
  it('logs each call with its route, credential and bodies', async () => {
    await fetch(`${items()}?limit=1`, { headers: apiKey() });
    await createItem(onboardingBody('LOGGED'));
    await getItem('LOGGED');
    await getItem('NOPE', { 'x-user-id': sandbox.subscriptionId });
    const log = sandbox.log();
    expect(log.map((entry) => [entry.route, entry.method, entry.flavour, entry.auth, entry.status])).toEqual([
      ['list_sku_items', 'GET', 'unified', 'api-key', 200],
      ['create_sku_item', 'POST', 'unified', 'api-key', 201],
      ['get_sku_item', 'GET', 'unified', 'api-key', 200],
      ['get_sku_item', 'GET', 'unified', 'user-id', 403],
    ]);
    expect(log[0]!.query).toBe('limit=1');
    expect(log[1]!.requestBody).toEqual(onboardingBody('LOGGED'));
    expect(log[1]!.responseBody).toMatchObject({ sku_id: 'LOGGED' });
    expect(log[2]!.path).toBe('/v1/sku_items/LOGGED');
    // The key itself is never logged.
    expect(JSON.stringify(log)).not.toContain(sandbox.apiKey);
  });

  it('is faulted like every emulator endpoint, or alone', async () => {
    sandbox.setFaults({ next: ['503', '429'] });
    expect((await fetch(items(), { headers: apiKey() })).status).toBe(503);
    expect((await createItem(onboardingBody('FAULTED'))).status).toBe(429);
    expect((await getItem('FAULTED')).status).toBe(404);
    sandbox.setFaults({ rate500: 1, routes: ['get_sku_item'] });
    expect((await getItem('NWB-TEE-NAVY-M')).status).toBe(500);
    expect((await fetch(items(), { headers: apiKey() })).status).toBe(200);
  });

  it('lists the catalog with try-on readiness on the control endpoint', async () => {
    await createItem(onboardingBody('PREPARING'));
    const catalog = (await (await fetch(`${sandbox.origin}/__sandbox/catalog`)).json()) as Json[];
    expect(catalog).toContainEqual({ sku_id: 'NWB-TEE-NAVY-M', name: 'Classic Crew Tee', page: expect.stringContaining('/shopify/'), try_on: 'ready' });
    expect(catalog).toContainEqual({ sku_id: 'PREPARING', name: 'Corduroy Overshirt', page: null, try_on: 'preparing' });
  });
});
