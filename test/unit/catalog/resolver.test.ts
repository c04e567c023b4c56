import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { catalogRequestSchema } from '@/utils/contracts/catalog';
import { catalogCandidates, catalogRequest, createCatalogResolver } from '@/utils/catalog/resolver';
import { errorSentence } from '@/utils/error-sentence';
import { AppError } from '@/utils/errors';
import type { Product } from '@/utils/product';
import { createSerialQueue } from '@/utils/serial-queue';
import { catalogResolutionsItem } from '@/utils/storage';
import { useLocale } from '../support/locale';

const endpoint = 'https://shop.example/aiuta_sku';
const subscriptionId = 'sub-1';

const cardigan: Product = {
  sku: 'LQ-CARDIGAN-OAT-M',
  ids: [
    { kind: 'sku', value: 'LQ-CARDIGAN-OAT-M', source: 'json-ld' },
    { kind: 'gtin13', value: '4006381333948', source: 'json-ld' },
    { kind: 'mpn', value: 'LQ-CARD-1', source: 'microdata' },
  ],
  name: 'Ribbed Wool Cardigan',
  brand: 'Lindqvist',
  image: 'https://cdn.shop.example/cardigan.png',
  images: ['https://cdn.shop.example/cardigan.png', 'https://cdn.shop.example/cardigan-back.png'],
  pageUrl: 'https://shop.example/products/cardigan',
};

interface Sent {
  url: string;
  body: unknown;
}

/** A catalog endpoint that answers from a list, one answer per request, and records what it got. */
function endpointAnswering(...answers: (Response | Error)[]) {
  const sent: Sent[] = [];
  const fetcher = (async (input: URL | RequestInfo, init?: RequestInit) => {
    sent.push({ url: String(input), body: JSON.parse(String(init?.body)) });
    const answer = answers.shift();
    if (!answer) throw new Error('no answer left');
    if (answer instanceof Error) throw answer;
    return answer;
  }) as typeof fetch;
  return { sent, fetcher };
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

function resolverWith(fetcher: typeof fetch, settings = { catalogEndpoint: endpoint, subscriptionId }) {
  return createCatalogResolver({ getSettings: async () => settings, fetch: fetcher, now: () => 1_000, write: createSerialQueue() });
}

async function failure(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe('catalog resolution in the background', () => {
  beforeEach(() => fakeBrowser.reset());

  it('sends every id in the detector order with its kind, and the page name, brand, images and address, per the shared contract', async () => {
    const { sent, fetcher } = endpointAnswering(json(200, { sku_id: '4006381333948', status: 'ready' }));
    expect(await resolverWith(fetcher).resolve(cardigan)).toEqual({ status: 'ready', skuId: '4006381333948' });
    expect(sent).toHaveLength(1);
    expect(sent[0]!.url).toBe(endpoint);
    expect(sent[0]!.body).toEqual({
      subscription_id: subscriptionId,
      candidates: [
        { id: 'LQ-CARDIGAN-OAT-M', kind: 'sku' },
        { id: '4006381333948', kind: 'gtin13' },
        { id: 'LQ-CARD-1', kind: 'mpn' },
      ],
      page: { url: cardigan.pageUrl, name: cardigan.name, brand: cardigan.brand, image_urls: cardigan.images },
    });
    expect(catalogRequestSchema.safeParse(sent[0]!.body).success).toBe(true);
  });

  it('sends the main image when the page names no others, each image once, at most 20', () => {
    expect(catalogRequest({ ...cardigan, images: undefined }, subscriptionId)?.page.image_urls).toEqual([cardigan.image]);
    const many = Array.from({ length: 25 }, (_, index) => `https://cdn.shop.example/${index}.png`);
    expect(catalogRequest({ ...cardigan, image: many[3], images: many }, subscriptionId)?.page.image_urls).toEqual(many.slice(0, 20));
  });

  it('keeps the best id first, each id once, drops ids the contract refuses and labels it cannot carry', () => {
    const odd: Product = {
      ...cardigan,
      sku: 'BEST-1',
      ids: [
        { kind: 'gtin13', value: '4006381333948', source: 'json-ld' },
        { kind: 'weird kind!', value: 'SKU-2', source: 'text' },
        { kind: 'sku', value: '<b>x</b>', source: 'text' },
        { kind: 'mpn', value: '4006381333948', source: 'microdata' },
      ],
    };
    expect(catalogCandidates(odd)).toEqual([
      { id: 'BEST-1', kind: 'sku' },
      { id: '4006381333948', kind: 'gtin13' },
      { id: 'SKU-2' },
    ]);
    const many: Product = { ...cardigan, ids: Array.from({ length: 30 }, (_, index) => ({ kind: 'sku', value: `ID-${index}`, source: 'json-ld' })), sku: 'ID-0' };
    expect(catalogCandidates(many)).toHaveLength(20);
  });

  it('asks nothing without a catalog endpoint: the page best id, as before', async () => {
    const { sent, fetcher } = endpointAnswering();
    expect(await resolverWith(fetcher, { catalogEndpoint: '', subscriptionId }).resolve(cardigan)).toEqual({ status: 'unchecked', skuId: cardigan.sku });
    expect(sent).toHaveLength(0);
  });

  it('remembers a final answer per page and ids in session storage: a second click asks nothing, even in a new worker', async () => {
    const { sent, fetcher } = endpointAnswering(json(200, { sku_id: '4006381333948', status: 'ready' }), json(200, { sku_id: 'OTHER', status: 'ready' }));
    await resolverWith(fetcher).resolve(cardigan);
    // A restarted worker builds a new resolver; the answer is in session storage.
    expect(await resolverWith(fetcher).resolve(cardigan)).toEqual({ status: 'ready', skuId: '4006381333948' });
    expect(sent).toHaveLength(1);
    expect(await catalogResolutionsItem.getValue()).toHaveLength(1);
    // Another page (or another variant's ids) is its own question.
    await resolverWith(fetcher).resolve({ ...cardigan, sku: 'OTHER', ids: [], pageUrl: 'https://shop.example/products/other' });
    expect(sent).toHaveLength(2);
  });

  it('reports preparing with the server retry_after_s and asks again each time until the item is ready', async () => {
    const { sent, fetcher } = endpointAnswering(
      json(202, { sku_id: 'shop.example:LQ-CARDIGAN-OAT-M', status: 'preparing', retry_after_s: 3 }),
      json(202, { sku_id: 'shop.example:LQ-CARDIGAN-OAT-M', status: 'preparing', retry_after_s: 2 }),
      json(200, { sku_id: 'shop.example:LQ-CARDIGAN-OAT-M', status: 'ready' }),
    );
    const resolver = resolverWith(fetcher);
    expect(await resolver.resolve(cardigan)).toEqual({ status: 'preparing', skuId: 'shop.example:LQ-CARDIGAN-OAT-M', retryAfterS: 3 });
    expect(await resolver.resolve(cardigan)).toEqual({ status: 'preparing', skuId: 'shop.example:LQ-CARDIGAN-OAT-M', retryAfterS: 2 });
    expect(await resolver.resolve(cardigan)).toEqual({ status: 'ready', skuId: 'shop.example:LQ-CARDIGAN-OAT-M' });
    expect(await resolver.resolve(cardigan)).toEqual({ status: 'ready', skuId: 'shop.example:LQ-CARDIGAN-OAT-M' });
    expect(sent).toHaveLength(3);
    // The same body every time, so the backend reports progress of one onboarding.
    expect(new Set(sent.map((request) => JSON.stringify(request.body))).size).toBe(1);
  });

  it.each([
    [404, { error: 'sku_not_in_catalog', message: 'None of these is in the catalog.' }, 'not_in_catalog'],
    [422, { error: 'sku_rejected', message: 'Aiuta could not use the pictures.' }, 'rejected'],
  ] as const)('answers %i %o as "not available" with the ids tried, and remembers it', async (status, body, reason) => {
    const { sent, fetcher } = endpointAnswering(json(status, body));
    const resolver = resolverWith(fetcher);
    const expected = { status: 'unavailable', reason, tried: ['LQ-CARDIGAN-OAT-M', '4006381333948', 'LQ-CARD-1'] };
    expect(await resolver.resolve(cardigan)).toEqual(expected);
    expect(await resolver.resolve(cardigan)).toEqual(expected);
    expect(sent).toHaveLength(1);
  });

  it.each([
    ['404 on its path (a backend without catalog resolution)', json(404, { error: 'not_found', message: 'No such path.' })],
    ['404 without a JSON body', new Response('Not Found', { status: 404 })],
    ['501 catalog_check_disabled', json(501, { error: 'catalog_check_disabled', message: 'No AIUTA_API_KEY.' })],
  ])('falls back to the detector best id without an error on %s', async (_name, response) => {
    const { sent, fetcher } = endpointAnswering(response);
    const resolver = resolverWith(fetcher);
    expect(await resolver.resolve(cardigan)).toEqual({ status: 'unchecked', skuId: cardigan.sku });
    expect(await resolver.resolve(cardigan)).toEqual({ status: 'unchecked', skuId: cardigan.sku });
    expect(sent).toHaveLength(1);
  });

  it.each([
    ['503 catalog_unavailable', json(503, { error: 'catalog_unavailable', message: 'Aiuta could not be asked.' }, { 'retry-after': '5' }), 'catalog_unreachable'],
    ['500', new Response('oops', { status: 500 }), 'catalog_unreachable'],
    ['429 rate_limited', json(429, { error: 'rate_limited', message: 'Slow down.' }, { 'retry-after': '30' }), 'catalog_unreachable'],
    ['a network failure', new TypeError('Failed to fetch'), 'catalog_unreachable'],
    ['403 origin_not_allowed', json(403, { error: 'origin_not_allowed', message: 'Origin not allowed.' }), 'catalog_refused'],
    ['403 forbidden', json(403, { error: 'forbidden', message: 'No.' }), 'catalog_refused'],
    ['400 invalid_params', json(400, { error: 'invalid_params', message: 'Bad.' }), 'catalog_refused'],
    ['200 without a SKU', json(200, { status: 'ready' }), 'catalog_bad_response'],
    ['202 without retry_after_s', json(202, { sku_id: 'A', status: 'preparing' }), 'catalog_bad_response'],
    ['200 that is not JSON', new Response('<html>', { status: 200 }), 'catalog_bad_response'],
  ] as const)('maps %s to %s, a state the shopper can retry from; nothing is remembered', async (_name, answer, code) => {
    const { sent, fetcher } = endpointAnswering(answer, json(200, { sku_id: 'LQ-CARDIGAN-OAT-M', status: 'ready' }));
    const resolver = resolverWith(fetcher);
    const error = await failure(resolver.resolve(cardigan));
    expect(error.code).toBe(code);
    expect(error.message.length).toBeGreaterThan(20);
    expect(await resolver.resolve(cardigan)).toEqual({ status: 'ready', skuId: 'LQ-CARDIGAN-OAT-M' });
    expect(sent).toHaveLength(2);
  });

  it('asks about a code the shopper typed for the page first, without a kind, then the page ids; remembered apart from the page ids alone', async () => {
    const { sent, fetcher } = endpointAnswering(json(200, { sku_id: 'TYPED-1', status: 'ready' }), json(404, { error: 'sku_not_in_catalog', message: 'No.' }));
    const resolver = resolverWith(fetcher);
    expect(await resolver.resolve(cardigan, 'TYPED-1')).toEqual({ status: 'ready', skuId: 'TYPED-1' });
    expect((sent[0]!.body as { candidates: unknown }).candidates).toEqual([
      { id: 'TYPED-1' },
      { id: 'LQ-CARDIGAN-OAT-M', kind: 'sku' },
      { id: '4006381333948', kind: 'gtin13' },
      { id: 'LQ-CARD-1', kind: 'mpn' },
    ]);
    expect(catalogRequestSchema.safeParse(sent[0]!.body).success).toBe(true);
    // The page's ids alone are another question, with their own answer.
    expect(await resolver.resolve(cardigan)).toMatchObject({ status: 'unavailable', tried: ['LQ-CARDIGAN-OAT-M', '4006381333948', 'LQ-CARD-1'] });
    expect(await resolver.resolve(cardigan, 'TYPED-1')).toEqual({ status: 'ready', skuId: 'TYPED-1' });
    expect(sent).toHaveLength(2);
  });

  it('uses the typed code when the endpoint has no catalog check, and names it once when the page shows it too', async () => {
    const { sent, fetcher } = endpointAnswering(json(501, { error: 'catalog_check_disabled', message: 'Off.' }));
    expect(await resolverWith(fetcher).resolve(cardigan, 'TYPED-1')).toEqual({ status: 'unchecked', skuId: 'TYPED-1' });
    expect(catalogCandidates(cardigan, '4006381333948').map((candidate) => candidate.id)).toEqual(['4006381333948', 'LQ-CARDIGAN-OAT-M', 'LQ-CARD-1']);
    expect(sent).toHaveLength(1);
  });

  it('carries the wait of a 503 Retry-After (Aiuta catalog unavailable) to the shopper sentence, in their language', async () => {
    const { fetcher } = endpointAnswering(json(503, { error: 'catalog_unavailable', message: 'Aiuta could not be asked.' }, { 'retry-after': '17' }));
    const error = await failure(resolverWith(fetcher).resolve(cardigan));
    expect(error.code).toBe('catalog_unreachable');
    expect(error.params).toEqual({ retryAfterS: 17 });
    // The error crosses to the panel as data: the wait travels with it.
    useLocale('en');
    expect(errorSentence(error.toJSON())).toBe('The product check could not be done right now. Try again in 17 seconds.');
    useLocale('de');
    expect(errorSentence(error.toJSON())).toBe('Die Produktprüfung ist gerade nicht möglich. Versuchen Sie es in 17 Sekunden erneut.');
  });

  it.each([
    ['an HTTP date', (now: number) => new Date(now + 120_000).toUTCString(), 120],
    ['seconds', () => '30', 30],
  ])('carries the wait of a 429 Retry-After given as %s', async (_name, header, seconds) => {
    const now = Date.parse('2026-01-01T12:00:00Z');
    const { fetcher } = endpointAnswering(json(429, { error: 'rate_limited', message: 'Slow down.' }, { 'retry-after': header(now) }));
    const resolver = createCatalogResolver({ getSettings: async () => ({ catalogEndpoint: endpoint, subscriptionId }), fetch: fetcher, now: () => now, write: createSerialQueue() });
    const error = await failure(resolver.resolve(cardigan));
    expect(error).toMatchObject({ code: 'catalog_unreachable', params: { retryAfterS: seconds } });
    useLocale('en');
    expect(errorSentence(error.toJSON())).toContain(seconds === 120 ? 'Try again in 2 minutes.' : 'Try again in 30 seconds.');
  });

  it('names no wait when the endpoint gives none', async () => {
    const { fetcher } = endpointAnswering(new Response('oops', { status: 500 }));
    const error = await failure(resolverWith(fetcher).resolve(cardigan));
    expect(error.params).toBeUndefined();
    useLocale('en');
    expect(errorSentence(error.toJSON())).toBe('The product check could not be done right now. Please try again in a moment.');
  });

  it('carries the backend sentence in the error, so the shopper learns why', async () => {
    const { fetcher } = endpointAnswering(json(403, { error: 'origin_not_allowed', message: 'This origin may not ask.' }));
    expect((await failure(resolverWith(fetcher).resolve(cardigan))).message).toContain('This origin may not ask.');
  });

  it('refuses a plain-http endpoint on another computer before sending anything', async () => {
    const { sent, fetcher } = endpointAnswering();
    const error = await failure(resolverWith(fetcher, { catalogEndpoint: 'http://shop.example/aiuta_sku', subscriptionId }).resolve(cardigan));
    expect(error.code).toBe('not_configured');
    expect(sent).toHaveLength(0);
  });

  it('asks nothing for a product without ids or page address (the shopper types the code)', async () => {
    const { sent, fetcher } = endpointAnswering();
    expect(await resolverWith(fetcher).resolve({ sku: '', ids: [], pageUrl: cardigan.pageUrl })).toEqual({ status: 'unchecked', skuId: '' });
    expect(await resolverWith(fetcher).resolve({ ...cardigan, pageUrl: undefined })).toEqual({ status: 'unchecked', skuId: cardigan.sku });
    expect(sent).toHaveLength(0);
  });

  it('sends no cookies or other credentials to the catalog endpoint', async () => {
    const sent: RequestInit[] = [];
    const fetcher = (async (_input: URL | RequestInfo, init?: RequestInit) => (sent.push(init ?? {}), json(200, { sku_id: 'LQ-CARDIGAN-OAT-M', status: 'ready' }))) as typeof fetch;
    await resolverWith(fetcher).resolve(cardigan);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.credentials).toBe('omit');
  });

  it('remembers the answers of the last 200 pages, the oldest going first', async () => {
    const pageOf = (index: number): Product => ({ ...cardigan, sku: `SKU-${index}`, ids: [], pageUrl: `https://shop.example/products/${index}` });
    const fetcher = (async (_input: URL | RequestInfo, init?: RequestInit) => {
      const body = JSON.parse(String(init?.body)) as { candidates: { id: string }[] };
      return json(200, { sku_id: body.candidates[0]!.id, status: 'ready' });
    }) as typeof fetch;
    const resolver = resolverWith(fetcher);
    for (let index = 0; index <= 200; index++) await resolver.resolve(pageOf(index));
    const kept = await catalogResolutionsItem.getValue();
    expect(kept).toHaveLength(200);
    expect(kept.map((entry) => entry.resolution)).not.toContainEqual({ status: 'ready', skuId: 'SKU-0' });
    expect(kept.map((entry) => entry.resolution)).toContainEqual({ status: 'ready', skuId: 'SKU-1' });
    expect(kept.at(-1)!.resolution).toEqual({ status: 'ready', skuId: 'SKU-200' });
  });
});

describe('"Test connection" of the catalog endpoint', () => {
  beforeEach(() => fakeBrowser.reset());

  it.each([
    ['400 (it validates requests: it checks products)', json(400, { error: 'invalid_params', message: 'Bad.' }), { state: 'checks' }],
    ['404 (no such path)', json(404, { error: 'not_found', message: 'No.' }), { state: 'no_check', status: 404 }],
    ['501', json(501, { error: 'catalog_check_disabled', message: 'Off.' }), { state: 'no_check', status: 501 }],
    ['403', json(403, { error: 'origin_not_allowed', message: 'No.' }), { state: 'failed', error: { code: 'catalog_refused', message: expect.any(String) } }],
    ['503', json(503, { error: 'catalog_unavailable', message: 'Later.' }), { state: 'failed', error: { code: 'catalog_unreachable', message: expect.any(String) } }],
    [
      '503 with Retry-After',
      json(503, { error: 'catalog_unavailable', message: 'Later.' }, { 'retry-after': '17' }),
      { state: 'failed', error: { code: 'catalog_unreachable', message: expect.any(String), params: { retryAfterS: 17 } } },
    ],
    ['a network failure', new TypeError('Failed to fetch'), { state: 'failed', error: { code: 'catalog_unreachable', message: expect.any(String) } }],
  ])('reads %s', async (_name, answer, expected) => {
    const { sent, fetcher } = endpointAnswering(answer);
    expect(await resolverWith(fetcher).probe()).toEqual(expected);
    // A request the endpoint must refuse: no candidate, so nothing is looked up or onboarded.
    expect(sent[0]!.body).toEqual({ subscription_id: subscriptionId, candidates: [] });
  });

  it('is skipped without a catalog endpoint', async () => {
    const { sent, fetcher } = endpointAnswering();
    expect(await resolverWith(fetcher, { catalogEndpoint: '', subscriptionId }).probe()).toBeUndefined();
    expect(sent).toHaveLength(0);
  });
});
