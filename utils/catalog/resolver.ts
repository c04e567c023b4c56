import { z } from 'zod';
import { backendErrorSchema } from '@/utils/contracts/token-request';
import {
  MAX_CATALOG_CANDIDATES,
  MAX_PAGE_IMAGES,
  catalogCandidateSchema,
  catalogPreparingSchema,
  catalogReadySchema,
  catalogRequestSchema,
  type CatalogCandidate,
  type CatalogRequest,
} from '@/utils/contracts/catalog';
import { probeCatalogEndpoint, type CatalogProbe } from '@/utils/catalog/probe';
import { cachedResolutionSchema, type CachedResolution, type CatalogResolution } from '@/utils/catalog/resolution';
import { AppError } from '@/utils/errors';
import { noRedirects, parseRetryAfter, refuseRedirect, retryAfterSeconds, serviceUrl } from '@/utils/http';
import type { Product } from '@/utils/product';
import type { SerialQueue } from '@/utils/serial-queue';
import { catalogResolutionsItem, readValidList } from '@/utils/storage';

/**
 * Asks the integrator's catalog endpoint (server/token `POST /aiuta_sku`) which of the ids a product
 * page shows is the SKU Aiuta can dress. Called only after the shopper clicked "Try on", before any
 * upload or token. Final answers are remembered per page and ids for the browser session.
 */
export interface CatalogResolver {
  /** `typedSku`: a code the shopper typed for this page, asked about before the page's own ids. */
  resolve(product: Product, typedSku?: string): Promise<CatalogResolution>;
  /** For "Test connection": how the endpoint answers (undefined when none is set). */
  probe(): Promise<CatalogProbe | undefined>;
}

export interface CatalogResolverDeps {
  getSettings: () => Promise<{ catalogEndpoint: string; subscriptionId: string }>;
  fetch: typeof fetch;
  now: () => number;
  write: SerialQueue;
  timeoutMs?: number;
}

/** Enough pages for a long shopping session; the oldest answers go first. */
const maxRemembered = 200;

/**
 * The page's ids in the detector's order (its best first), each once, as the contract accepts them;
 * before them a code the shopper typed for the page (no kind: the page did not label it).
 */
export function catalogCandidates(product: Product, typedSku?: string): CatalogCandidate[] {
  const pageIds = product.sku && !product.ids.some((id) => id.value === product.sku) ? [{ kind: 'sku', value: product.sku }, ...product.ids] : product.ids;
  const ids: { kind?: string; value: string }[] = typedSku ? [{ value: typedSku }, ...pageIds] : pageIds;
  const seen = new Set<string>();
  const candidates: CatalogCandidate[] = [];
  for (const { kind, value } of ids) {
    if (seen.has(value)) continue;
    const candidate = catalogCandidateSchema.safeParse({ id: value, kind });
    // An odd kind label is only a hint: the id goes without it.
    const parsed = candidate.success ? candidate : catalogCandidateSchema.safeParse({ id: value });
    if (!parsed.success) continue;
    seen.add(value);
    candidates.push(parsed.data);
  }
  return candidates.slice(0, MAX_CATALOG_CANDIDATES);
}

/** The request body for a product, or null when the page gives nothing the endpoint could judge. */
export function catalogRequest(product: Product, subscriptionId: string, typedSku?: string): CatalogRequest | null {
  const candidates = catalogCandidates(product, typedSku);
  if (candidates.length === 0 || !product.pageUrl) return null;
  const images = [...new Set([...(product.images ?? []), ...(product.image ? [product.image] : [])])];
  const page: CatalogRequest['page'] = { url: product.pageUrl };
  const fields = catalogRequestSchema.shape.page.shape;
  if (product.name && fields.name.safeParse(product.name).success) page.name = product.name.trim();
  if (product.brand && fields.brand.safeParse(product.brand).success) page.brand = product.brand.trim();
  const imageUrls = images.filter((url) => fields.image_urls.unwrap().element.safeParse(url).success).slice(0, MAX_PAGE_IMAGES);
  if (imageUrls.length > 0) page.image_urls = imageUrls;
  const parsed = catalogRequestSchema.safeParse({ subscription_id: subscriptionId, candidates, page });
  return parsed.success ? parsed.data : null;
}

export function createCatalogResolver(deps: CatalogResolverDeps): CatalogResolver {
  const remembered = () => readValidList(catalogResolutionsItem, cachedResolutionSchema);
  const remember = (entry: CachedResolution) =>
    deps.write(async () => {
      const others = (await remembered()).filter((cached) => cached.key !== entry.key);
      await catalogResolutionsItem.setValue([...others.slice(-(maxRemembered - 1)), entry]);
    });

  async function ask(endpoint: URL, body: CatalogRequest): Promise<{ response: Response; json: unknown }> {
    let response: Response;
    let text: string;
    try {
      response = await deps.fetch(endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(deps.timeoutMs ?? 15_000),
        credentials: 'omit',
        ...noRedirects,
      });
      text = await response.text();
    } catch (error) {
      throw new AppError('catalog_unreachable', `The catalog endpoint at ${endpoint.host} can't be reached. Check your connection and try again.`, { cause: error });
    }
    refuseRedirect(response, endpoint, 'catalog endpoint', 'catalog_bad_response');
    return { response, json: parseJson(text) };
  }

  return {
    probe: async () => probeCatalogEndpoint(await deps.getSettings(), deps.fetch, deps.timeoutMs),
    async resolve(product, typedSku) {
      const settings = await deps.getSettings();
      // The shopper's own code, where they typed one for this page, is what an unchecked try-on uses.
      const best: CatalogResolution = { status: 'unchecked', skuId: typedSku || product.sku };
      if (!settings.catalogEndpoint.trim()) return best;
      if (!settings.subscriptionId) {
        throw new AppError('not_configured', "The subscription ID is not set. Enter it in the extension's settings.");
      }
      const endpoint = serviceUrl(settings.catalogEndpoint, 'catalog endpoint');
      const body = catalogRequest(product, settings.subscriptionId, typedSku);
      // Without an id or a page address there is nothing to ask about; the shopper types the code.
      if (!body) return best;
      const key = JSON.stringify([endpoint.href, body]);
      const cached = (await remembered()).find((entry) => entry.key === key);
      if (cached) return cached.resolution;

      const { response, json } = await ask(endpoint, body);
      const resolution = answerOf(response, json, body, best, endpoint, deps.now());
      // "Preparing" is progress, not an answer: the next ask reports how far it got.
      if (resolution.status !== 'preparing') await remember({ key, resolution, at: deps.now() });
      return resolution;
    },
  };
}

function answerOf(response: Response, json: unknown, body: CatalogRequest, best: CatalogResolution, endpoint: URL, now: number): CatalogResolution {
  const status = response.status;
  const error = backendErrorSchema.safeParse(json);
  const code = error.success ? error.data.error : undefined;
  const reason = error.success ? ` ("${error.data.message.slice(0, 200)}")` : '';
  const tried = body.candidates.map((candidate) => candidate.id);
  if (status === 200) return { status: 'ready', skuId: parseAnswer(catalogReadySchema, json).sku_id };
  if (status === 202) {
    const preparing = parseAnswer(catalogPreparingSchema, json);
    return { status: 'preparing', skuId: preparing.sku_id, retryAfterS: preparing.retry_after_s };
  }
  if (status === 404 && code === 'sku_not_in_catalog') return { status: 'unavailable', reason: 'not_in_catalog', tried };
  if (status === 422 && code === 'sku_rejected') return { status: 'unavailable', reason: 'rejected', tried };
  // A backend without catalog resolution (no such path) or with it switched off: the page's best id.
  if (status === 404 || status === 501) return best;
  // Aiuta's catalog unavailable (503) or the endpoint busy (429): the wait it names goes to the sentence.
  const wait = { params: { retryAfterS: retryAfterSeconds(parseRetryAfter(response.headers.get('retry-after'), now)) } };
  if (status >= 500) {
    throw new AppError('catalog_unreachable', `The catalog endpoint had a problem (HTTP ${status})${reason}. Please try again in a moment.`, wait);
  }
  // Busy, not a refusal: trying again later is what helps.
  if (status === 429) throw new AppError('catalog_unreachable', `The catalog endpoint is busy (HTTP 429)${reason}. Please try again in a minute.`, wait);
  throw new AppError('catalog_refused', `The catalog endpoint at ${endpoint.host} refused to check this item (HTTP ${status})${reason}.`);
}

function parseAnswer<T>(schema: z.ZodType<T>, json: unknown): T {
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    throw new AppError('catalog_bad_response', 'The catalog endpoint answered in a form this extension does not know. Check the catalog endpoint in the settings.');
  }
  return parsed.data;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
