import { z } from 'zod';

/**
 * Aiuta's catalog (Unified API `/sku_items`, `X-API-Key`), as far as catalog resolution needs it.
 * Server-side only: the API key never leaves this module, not even in a log line or an error text.
 */

const readinessStatusSchema = z.enum(['absent', 'preparing', 'ready', 'rejected', 'failed']);

/** The parts of `SkuItem` this backend reads; other fields are allowed and ignored. */
const skuItemSchema = z.object({
  sku_id: z.string(),
  capabilities: z.object({ try_on: z.boolean().default(false) }),
  capabilities_readiness: z.object({
    try_on: z.object({ status: readinessStatusSchema, error_message: z.string().nullish() }),
  }),
});
export type SkuItem = z.infer<typeof skuItemSchema>;

/** `CreateSkuItemRequest`, as this backend fills it when it onboards a product. */
export interface CreateSkuItemRequest {
  sku_id: string;
  product_info: { image_urls: string[]; title?: string; brand?: string; store_url: string };
  capabilities: { try_on: true };
  metadata: Record<string, string | string[]>;
}

export type CreateOutcome = { kind: 'created'; item: SkuItem } | { kind: 'exists' } | { kind: 'refused'; message: string };

/** Aiuta could not be asked (no answer, 5xx, 429, a refused key, an answer we cannot read). */
export class CatalogUnavailableError extends Error {
  override name = 'CatalogUnavailableError';
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message);
  }
}

export interface AiutaCatalogOptions {
  apiKey: string;
  /** Unified API base, e.g. `https://api.aiuta.com/v1` (no trailing slash needed). */
  baseUrl: string;
  timeoutMs: number;
  /** Where operator-facing lines go; they never contain the key. */
  log: (line: string) => void;
}

export interface AiutaCatalog {
  /** The item, or null when Aiuta has no item with this id (or refuses the id as invalid). */
  getItem(skuId: string): Promise<SkuItem | null>;
  createItem(request: CreateSkuItemRequest): Promise<CreateOutcome>;
}

const DEFAULT_RETRY_AFTER_S = 5;
/** A refused key needs an operator, not a quick retry. */
const KEY_REFUSED_RETRY_AFTER_S = 60;

export function createAiutaCatalog(options: AiutaCatalogOptions): AiutaCatalog {
  const base = options.baseUrl.replace(/\/+$/, '');
  const redact = (text: string) => text.split(options.apiKey).join('[redacted]');

  async function call(method: 'GET' | 'POST', path: string, body?: unknown): Promise<Response> {
    try {
      return await fetch(`${base}${path}`, {
        method,
        headers: {
          'X-API-Key': options.apiKey,
          Accept: 'application/json',
          ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        // A redirect would carry the key elsewhere; Workers support "manual", not "error".
        redirect: 'manual',
        signal: AbortSignal.timeout(options.timeoutMs),
      });
    } catch (error) {
      const reason = (error as Error).name === 'TimeoutError' ? `no answer within ${options.timeoutMs} ms` : 'no connection';
      options.log(`Aiuta catalog: ${method} ${path} failed: ${reason}.`);
      throw new CatalogUnavailableError('The product catalog could not be reached.', DEFAULT_RETRY_AFTER_S);
    }
  }

  async function unavailable(method: string, path: string, response: Response): Promise<never> {
    const detail = redact((await response.text().catch(() => '')).slice(0, 200));
    options.log(`Aiuta catalog: ${method} ${path} answered ${response.status}${detail ? `: ${detail}` : ''}.`);
    if (response.status === 401 || response.status === 403) {
      throw new CatalogUnavailableError('The product catalog refused this backend\'s API key.', KEY_REFUSED_RETRY_AFTER_S);
    }
    throw new CatalogUnavailableError('The product catalog is not available right now.', retryAfter(response));
  }

  async function readItem(method: string, path: string, response: Response): Promise<SkuItem> {
    const parsed = skuItemSchema.safeParse(await response.json().catch(() => undefined));
    if (parsed.success) return parsed.data;
    options.log(`Aiuta catalog: ${method} ${path} answered ${response.status} with a body that is not a SkuItem.`);
    throw new CatalogUnavailableError('The product catalog gave an answer this backend cannot read.', DEFAULT_RETRY_AFTER_S);
  }

  return {
    async getItem(skuId) {
      const path = `/sku_items/${encodeURIComponent(skuId)}`;
      const response = await call('GET', path);
      if (response.status === 404) {
        await response.body?.cancel();
        return null;
      }
      // Aiuta refuses an id it does not accept (400, 422): no item has it, so the next candidate is asked.
      if (response.status === 400 || response.status === 422) {
        const message = redact(errorMessage(await response.json().catch(() => undefined)));
        options.log(`Aiuta catalog: GET ${path} answered ${response.status} (${message}); taken as no such item.`);
        return null;
      }
      if (response.status !== 200) return unavailable('GET', path, response);
      return readItem('GET', path, response);
    },

    async createItem(request) {
      const response = await call('POST', '/sku_items', request);
      if (response.status === 201 || response.status === 200) {
        return { kind: 'created', item: await readItem('POST', '/sku_items', response) };
      }
      if (response.status === 409) {
        await response.body?.cancel();
        return { kind: 'exists' };
      }
      if (response.status === 400 || response.status === 422) {
        const message = redact(errorMessage(await response.json().catch(() => undefined)));
        options.log(`Aiuta catalog: POST /sku_items refused ${request.sku_id}: ${message}`);
        return { kind: 'refused', message };
      }
      return unavailable('POST', '/sku_items', response);
    },
  };
}

/** `ApiError.message`, or the first of FastAPI's validation messages. */
function errorMessage(body: unknown): string {
  const apiError = z.object({ message: z.string() }).safeParse(body);
  if (apiError.success) return apiError.data.message.slice(0, 300);
  const validation = z.object({ detail: z.array(z.object({ msg: z.string() })).min(1) }).safeParse(body);
  if (validation.success) return validation.data.detail[0]!.msg.slice(0, 300);
  return 'the catalog refused the product data';
}

function retryAfter(response: Response): number {
  const seconds = Number(response.headers.get('retry-after'));
  return Number.isInteger(seconds) && seconds >= 1 ? Math.min(seconds, 300) : DEFAULT_RETRY_AFTER_S;
}
