import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CATALOG_CHECK_PRODUCTS, type CatalogItem } from './catalog';
import { extensionDefaults } from './extension-defaults';
import { startSandbox } from './index';
import type { LogEntry } from './request-log';
import { FLAVOURS, operationStatus, postJson, startTestSandbox, uploadedImageId, type TestSandbox } from './test-support';

/**
 * The sandbox's token server wired to the emulator's catalog, as `npm start` and `npm run sandbox`
 * run it: the emulator's API key, its /v1 base, and the onboarding host.
 */

const PREPARATION_MS = 3000;
const { registeredByGtin, onboardable, notOnboardable } = CATALOG_CHECK_PRODUCTS;
const unified = FLAVOURS.find((flavour) => flavour.name === 'unified')!;

let sandbox: TestSandbox;
beforeAll(async () => {
  sandbox = await startTestSandbox({ catalogCheck: true, skuPreparationMs: PREPARATION_MS, generationMs: 1000 });
});
afterAll(() => sandbox.close());
beforeEach(() => sandbox.reset());

/** What the extension sends for a product page of the demo store: its ids, best first, and the page's facts. */
function catalogRequest(product: CatalogItem, ids: string[]) {
  const origin = product.host === 'onboarding' ? sandbox.onboardingStoreUrl : sandbox.storeUrl;
  return {
    subscription_id: sandbox.subscriptionId,
    candidates: ids.map((id) => ({ id })),
    page: {
      url: `${origin}${product.page}`,
      name: product.name,
      brand: product.brand,
      image_urls: [`${origin}/assets/products/${product.sku}.png`],
    },
  };
}

async function resolve(product: CatalogItem, ids: string[]) {
  const response = await postJson(sandbox.catalogUrl, catalogRequest(product, ids));
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function createToken(skuId: string, uploadedImageIdValue = 'user_image-any') {
  return postJson(sandbox.tokenUrl, { operation: 'create_try_on', uploaded_image_id: uploadedImageIdValue, sku_id: skuId });
}

const catalogCalls = (since = 0): [string, string, number][] =>
  sandbox
    .log()
    .filter((entry: LogEntry) => entry.seq > since && entry.route.includes('sku_item'))
    .map((entry) => [entry.method, entry.path.replace('/v1', ''), entry.status]);

describe('catalog endpoint of the sandbox token server', () => {
  it('resolves the cardigan to its GTIN, the second id on its page', async () => {
    expect(await resolve(registeredByGtin, [registeredByGtin.sku, registeredByGtin.gtin])).toEqual({
      status: 200,
      body: { sku_id: registeredByGtin.gtin, status: 'ready' },
    });
    expect(catalogCalls()).toEqual([
      ['GET', `/sku_items/${registeredByGtin.sku}`, 404],
      ['GET', `/sku_items/${registeredByGtin.gtin}`, 200],
    ]);
    // The backend asks with the emulator's key, and never logs it anywhere the sandbox records.
    expect(sandbox.log().filter((entry) => entry.service === 'api').every((entry) => entry.auth === 'api-key')).toBe(true);
    expect(JSON.stringify(sandbox.log())).not.toContain(sandbox.apiKey);
    expect((await createToken(registeredByGtin.gtin)).status).toBe(200);
    expect((await createToken(registeredByGtin.sku)).status).toBe(403);
  });

  it('onboards the overshirt of the onboarding host: preparing, then ready, created once, then tried on', async () => {
    const onboardedId = `localhost:${onboardable.sku}`;
    expect(await resolve(onboardable, [onboardable.sku])).toEqual({
      status: 202,
      body: { sku_id: onboardedId, status: 'preparing', retry_after_s: expect.any(Number) },
    });
    const created = sandbox.log().find((entry) => entry.route === 'create_sku_item')!;
    expect(created.status).toBe(201);
    expect(created.requestBody).toMatchObject({
      sku_id: onboardedId,
      product_info: {
        image_urls: [`${sandbox.onboardingStoreUrl}/assets/products/${onboardable.sku}.png`],
        title: onboardable.name,
        store_url: `${sandbox.onboardingStoreUrl}${onboardable.page}`,
      },
      capabilities: { try_on: true },
    });
    // Asking again while it prepares reports progress and creates nothing.
    expect((await resolve(onboardable, [onboardable.sku])).status).toBe(202);
    expect((await createToken(onboardedId)).status).toBe(403);

    sandbox.advance(PREPARATION_MS);
    await expect.poll(async () => (await resolve(onboardable, [onboardable.sku])).body).toEqual({ sku_id: onboardedId, status: 'ready' });
    expect(sandbox.log().filter((entry) => entry.route === 'create_sku_item')).toHaveLength(1);

    const imageId = await uploadedImageId(sandbox, sandbox.unifiedApiUrl);
    const token = await createToken(onboardedId, imageId);
    expect(token.status).toBe(200);
    const { token: jwt } = (await token.json()) as { token: string };
    const operation = await postJson(`${sandbox.unifiedApiUrl}/sku_try_on_operations`, { uploaded_image_id: imageId, sku_id: onboardedId }, { Authorization: `Bearer ${jwt}` });
    expect(operation.status).toBe(200);
    const { operation_id: id } = (await operation.json()) as { operation_id: string };
    sandbox.advance(1000);
    expect((await operationStatus(sandbox, unified, id)).body.status).toBe('SUCCESS');
  });

  it('answers 404 for the field jacket of the main host, which may not be onboarded, and creates nothing', async () => {
    expect(await resolve(notOnboardable, [notOnboardable.sku])).toEqual({
      status: 404,
      body: { error: 'sku_not_in_catalog', message: expect.stringContaining('127.0.0.1') },
    });
    expect(catalogCalls()).toEqual([['GET', `/sku_items/${notOnboardable.sku}`, 404]]);
    expect((await createToken(notOnboardable.sku)).status).toBe(403);
  });

  it('reports an onboarding the emulator rejects as sku_rejected', async () => {
    sandbox.setFaults({ skuReadiness: 'rejected' });
    expect((await resolve(onboardable, [onboardable.sku])).status).toBe(202);
    sandbox.advance(PREPARATION_MS);
    await expect.poll(async () => (await resolve(onboardable, [onboardable.sku])).status).toBe(422);
    expect((await resolve(onboardable, [onboardable.sku])).body).toMatchObject({ error: 'sku_rejected' });
  });

  it("signs tokens for the lab's test SKUs, which the catalog holds as ready items", async () => {
    expect((await createToken('SANDBOX-FAIL')).status).toBe(200);
    expect((await createToken('SANDBOX-ABORT-CHILD_DETECTED')).status).toBe(200);
    expect((await createToken('NOT-IN-CATALOG-1')).status).toBe(403);
  });

  it('logs catalog requests as route "catalog", which can be faulted on its own', async () => {
    sandbox.setFaults({ rate503: 1, routes: ['catalog'] });
    const faulted = await postJson(sandbox.catalogUrl, catalogRequest(registeredByGtin, [registeredByGtin.gtin]));
    expect(faulted.status).toBe(503);
    expect((await createToken(registeredByGtin.gtin)).status).toBe(200);
    expect(sandbox.log().map((entry) => [entry.route, entry.status])).toEqual([
      ['catalog', 503],
      ['get_sku_item', 200],
      ['token', 200],
    ]);
    expect(sandbox.log()[0]!.requestBody).toMatchObject({ candidates: [{ id: registeredByGtin.gtin }] });
  });

  it('forgets onboarded items and the token server cache on reset', async () => {
    expect((await resolve(onboardable, [onboardable.sku])).status).toBe(202);
    sandbox.advance(PREPARATION_MS);
    await expect.poll(async () => (await resolve(onboardable, [onboardable.sku])).status).toBe(200);
    sandbox.reset();
    expect((await resolve(onboardable, [onboardable.sku])).status).toBe(202);
    expect(sandbox.log().filter((entry) => entry.route === 'create_sku_item')).toHaveLength(1);
  });
});

describe('without the catalog check', () => {
  it('answers 501 at the catalog endpoint and signs tokens for any SKU', async () => {
    const plain = await startSandbox();
    try {
      expect(plain.catalogCheck).toBe(false);
      const response = await postJson(plain.catalogUrl, { subscription_id: plain.subscriptionId, candidates: [{ id: 'A' }], page: { url: 'https://shop.example/a' } });
      expect(response.status).toBe(501);
      expect(await response.json()).toMatchObject({ error: 'catalog_check_disabled' });
      const token = await postJson(plain.tokenUrl, { operation: 'create_try_on', uploaded_image_id: 'user_image-any', sku_id: 'NOT-IN-CATALOG-1' });
      expect(token.status).toBe(200);
      expect(plain.log().filter((entry) => entry.service === 'api')).toEqual([]);
    } finally {
      await plain.close();
    }
  });
});

describe('npm start build-time defaults', () => {
  it('sets every WXT_DEFAULT_* the extension reads, the catalog endpoint among them, and the demo store for the welcome page', () => {
    const defaults = extensionDefaults(sandbox);
    expect(defaults).toEqual({
      WXT_DEFAULT_SUBSCRIPTION_ID: sandbox.subscriptionId,
      WXT_DEFAULT_TOKEN_ENDPOINT: sandbox.tokenUrl,
      WXT_DEFAULT_API_BASE_URL: sandbox.apiUrl,
      WXT_DEFAULT_CATALOG_ENDPOINT: sandbox.catalogUrl,
      WXT_DEMO_STORE_URL: sandbox.storeUrl,
    });
    expect(extensionDefaults({ ...sandbox, catalogCheck: false }).WXT_DEFAULT_CATALOG_ENDPOINT).toBe('');
    const settings = readFileSync(new URL('../../utils/settings/schema.ts', import.meta.url), 'utf8');
    const read = [...settings.matchAll(/import\.meta\.env\.(WXT_DEFAULT_\w+)/g)].map((match) => match[1]!);
    // Every default npm start sets is read by the extension, and only those.
    expect([...new Set(read)].sort()).toEqual(Object.keys(defaults).filter((key) => key.startsWith('WXT_DEFAULT_')).sort());
    // The one other: the welcome page's link to the demo store.
    const welcome = readFileSync(new URL('../../entrypoints/welcome/App.tsx', import.meta.url), 'utf8');
    expect(welcome).toContain('demoStoreUrl(import.meta.env)');
    expect(readFileSync(new URL('../../utils/first-run/demo-store.ts', import.meta.url), 'utf8')).toContain('env.WXT_DEMO_STORE_URL');
  });
});
