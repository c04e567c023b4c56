import { serveNode, type RunningServer } from './node-adapter';
import { json } from './http';

/**
 * A stand-in for Aiuta's catalog (`/v1/sku_items`, X-API-Key) in the token server's tests: items
 * and readiness set by the test, the requests it received, and answers a test can break.
 */

type Readiness = 'absent' | 'preparing' | 'ready' | 'rejected' | 'failed';

export interface FakeItem {
  sku_id: string;
  try_on: boolean;
  readiness: Readiness;
  error_message?: string;
  body?: unknown;
}

export interface FakeRequest {
  method: string;
  path: string;
  apiKey: string | null;
  body?: unknown;
}

export interface FakeAiutaCatalog {
  /** Base URL as AIUTA_API_BASE_URL takes it: `http://127.0.0.1:<port>/v1`. */
  baseUrl: string;
  items: Map<string, FakeItem>;
  requests: FakeRequest[];
  /** Answer every request (or every one with `method`) with this instead; `hang` never answers. */
  breakWith(answer: { status: number; body?: unknown; headers?: Record<string, string> } | 'hang' | null, method?: string): void;
  /** Ids whose lookup Aiuta refuses with this status (400, 422: an id it does not accept). */
  refusedIds: Map<string, number>;
  /** Readiness newly created items start in. */
  createdReadiness: Readiness;
  add(skuId: string, readiness: Readiness, options?: { try_on?: boolean; error_message?: string }): void;
  close(): Promise<void>;
}

export async function startFakeAiutaCatalog(apiKey: string): Promise<FakeAiutaCatalog> {
  const items = new Map<string, FakeItem>();
  const refusedIds = new Map<string, number>();
  const requests: FakeRequest[] = [];
  let broken: Parameters<FakeAiutaCatalog['breakWith']>[0] = null;
  let brokenMethod: string | undefined;
  const fake = { createdReadiness: 'preparing' as Readiness };

  function skuItem(item: FakeItem) {
    return {
      internal_id: `internal-${item.sku_id}`,
      sku_id: item.sku_id,
      created_at: '2030-01-01T00:00:00Z',
      product_info: (item.body as { product_info?: unknown } | undefined)?.product_info ?? { image_urls: [] },
      capabilities: { try_on: item.try_on, outfit_recommendations: false, size_and_fit: false },
      capabilities_readiness: {
        try_on: { updated_at: '2030-01-01T00:00:00Z', status: item.readiness, error_message: item.error_message ?? null },
        outfit_recommendations: { updated_at: '2030-01-01T00:00:00Z', status: 'absent' },
        size_and_fit: { updated_at: '2030-01-01T00:00:00Z', status: 'absent' },
      },
    };
  }

  const server: RunningServer = await serveNode(async (request) => {
    const url = new URL(request.url);
    const text = request.method === 'POST' ? await request.text() : '';
    const body = text ? (JSON.parse(text) as unknown) : undefined;
    requests.push({ method: request.method, path: decodeURIComponent(url.pathname), apiKey: request.headers.get('x-api-key'), body });
    const breaks = broken !== null && (brokenMethod === undefined || brokenMethod === request.method);
    if (breaks && broken === 'hang') return new Promise<Response>(() => undefined);
    if (breaks && broken && broken !== 'hang') return json(broken.body ?? { code: 'broken', message: 'broken on purpose' }, broken.status, broken.headers);
    if (request.headers.get('x-api-key') !== apiKey) return new Response(null, { status: 401 });
    const match = /^\/v1\/sku_items(?:\/(.+))?$/.exec(url.pathname);
    if (!match) return json({ code: 'not_found', message: 'no such route' }, 404);
    if (request.method === 'GET' && match[1]) {
      const refusal = refusedIds.get(decodeURIComponent(match[1]));
      if (refusal) return json({ detail: [{ loc: ['path', 'sku_id'], msg: 'invalid sku_id', type: 'value_error' }] }, refusal);
      const item = items.get(decodeURIComponent(match[1]));
      return item ? json(skuItem(item)) : json({ code: 'sku_item_not_found', message: 'SKU item does not exist.' }, 404);
    }
    if (request.method === 'POST' && !match[1]) {
      const create = body as { sku_id?: unknown; product_info?: { image_urls?: unknown } };
      const urls = create?.product_info?.image_urls;
      if (typeof create?.sku_id !== 'string' || !Array.isArray(urls) || urls.length > 20) {
        return json({ detail: [{ loc: ['body'], msg: 'invalid CreateSkuItemRequest', type: 'value_error' }] }, 422);
      }
      if (items.has(create.sku_id)) return json({ code: 'conflict', message: 'SKU item with this sku_id already exists.' }, 409);
      const item: FakeItem = { sku_id: create.sku_id, try_on: true, readiness: fake.createdReadiness, body };
      items.set(item.sku_id, item);
      return json(skuItem(item), 201);
    }
    return json({ code: 'method_not_allowed', message: 'no' }, 405);
  }, { port: 0 });

  return Object.assign(fake, {
    baseUrl: `${server.origin}/v1`,
    items,
    refusedIds,
    requests,
    breakWith(answer: Parameters<FakeAiutaCatalog['breakWith']>[0], method?: string) {
      broken = answer;
      brokenMethod = method;
    },
    add(skuId: string, readiness: Readiness, options: { try_on?: boolean; error_message?: string } = {}) {
      items.set(skuId, { sku_id: skuId, try_on: options.try_on ?? true, readiness, error_message: options.error_message });
    },
    close: () => server.close(),
  });
}
