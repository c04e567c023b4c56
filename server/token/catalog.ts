import type { CatalogAnswer, CatalogRequest } from '../../utils/contracts/catalog';
import { MAX_PAGE_IMAGES } from '../../utils/contracts/catalog';
import { SKU_PATTERN } from '../../utils/contracts/token-request';
import { CatalogUnavailableError, type AiutaCatalog, type SkuItem } from './aiuta-catalog';
import { hostMatches, isLoopbackHost } from './hosts';
import type { Failure } from './http';
import type { KeyValueStore } from './kv-store';

/**
 * Catalog resolution: which of the ids a product page shows is a SKU Aiuta can dress, and adding a
 * product to the catalog on demand when its store allows it. Lookups are cached in the shared store.
 */

/** How long lookups are remembered: found and ready items change rarely, absent ones may be added soon. */
export const CATALOG_CACHE_MS = { ready: 10 * 60_000, missing: 60_000, rejected: 60_000 } as const;
/** Holds the right to create one onboarded item, so concurrent asks (any instance) create it once. */
const ONBOARDING_LOCK_MS = 5 * 60_000;
/** Lookups done at once after the first candidate missed. */
const LOOKUP_CONCURRENCY = 5;

/** What the catalog says about one SKU id, as far as a try-on is concerned. */
export type SkuState =
  | { state: 'ready' }
  | { state: 'preparing' }
  | { state: 'rejected'; message: string }
  /** No item, or an item without try-on enabled. */
  | { state: 'missing' };

export interface CatalogSettings {
  aiuta: AiutaCatalog;
  store: KeyValueStore;
  /** `AIUTA_ONBOARD_HOSTS`: `shop.example`, `*.example.com`; empty = never onboard. */
  onboardHosts: readonly string[];
  /** `AIUTA_ONBOARD_IMAGE_HOSTS`: image hosts besides the page's own (a store's CDN). */
  onboardImageHosts: readonly string[];
  /** Sandbox mode: a page on a loopback host may offer http images on loopback hosts. */
  sandbox: boolean;
  /** `retry_after_s` of a `preparing` answer. */
  preparingRetryAfterSeconds: number;
}

export type Resolution = { status: 200 | 202; body: CatalogAnswer } | Failure;

export interface Catalog {
  resolve(request: CatalogRequest): Promise<Resolution>;
  /** Null when every id is ready for try-on; else why a `create_try_on` token is refused. */
  refuseUnlessReady(skuIds: readonly string[]): Promise<Failure | null>;
}

export function createCatalog(settings: CatalogSettings): Catalog {
  const { aiuta, store } = settings;

  async function lookup(skuId: string): Promise<SkuState> {
    const key = `catalog:${skuId}`;
    const cached = await store.get(key);
    if (cached !== undefined) return JSON.parse(cached) as SkuState;
    return remember(skuId, stateOf(await aiuta.getItem(skuId)));
  }

  async function remember(skuId: string, state: SkuState): Promise<SkuState> {
    if (state.state !== 'preparing') await store.set(`catalog:${skuId}`, JSON.stringify(state), CATALOG_CACHE_MS[state.state]);
    return state;
  }

  /** An item just created may not be visible yet: that is not "missing" worth a minute of cache. */
  async function rememberCreated(skuId: string, state: SkuState): Promise<SkuState> {
    return state.state === 'missing' ? state : remember(skuId, state);
  }

  async function resolve(request: CatalogRequest): Promise<Resolution> {
    try {
      return await resolveOrThrow(request);
    } catch (error) {
      if (error instanceof CatalogUnavailableError) return unavailable(error);
      throw error;
    }
  }

  async function resolveOrThrow(request: CatalogRequest): Promise<Resolution> {
    const ids = [...new Set(request.candidates.map((candidate) => candidate.id))];
    // The detector's best id is right most of the time: one lookup, and done.
    const first = await lookup(ids[0]!);
    if (first.state === 'ready') return ready(ids[0]!);

    const pageUrl = new URL(request.page.url);
    const onboardable = hostMatches(pageUrl.hostname, settings.onboardHosts);
    const onboardedId = onboardable ? await onboardedSkuId(pageUrl.hostname, ids[0]!) : undefined;
    const rest = ids.slice(1);
    const states = [first, ...(await mapLimited(rest, lookup))];
    const onboarded = onboardedId === undefined ? undefined : await lookup(onboardedId);

    const readyIndex = states.findIndex((state) => state.state === 'ready');
    if (readyIndex >= 0) return ready(ids[readyIndex]!);
    if (onboardedId !== undefined && onboarded && onboarded.state !== 'missing') return answer(onboardedId, onboarded);
    const preparingIndex = states.findIndex((state) => state.state === 'preparing');
    if (preparingIndex >= 0) return preparing(ids[preparingIndex]!);
    const rejected = states.find((state) => state.state === 'rejected');
    if (rejected) return answer(ids[states.indexOf(rejected)]!, rejected);
    if (onboardedId === undefined) {
      return {
        status: 404,
        error: 'sku_not_in_catalog',
        message: `None of the ${ids.length} product ids is in the try-on catalog, and products of ${pageUrl.hostname} are not added on demand.`,
      };
    }
    return onboard(onboardedId, request, ids);
  }

  async function onboard(skuId: string, request: CatalogRequest, ids: string[]): Promise<Resolution> {
    const imageUrls = usableImageUrls(request.page.image_urls ?? [], new URL(request.page.url), settings);
    if (imageUrls.length === 0) {
      return {
        status: 404,
        error: 'sku_not_in_catalog',
        message: 'This product is not in the try-on catalog, and the page shows no https product image of its own store to add it from.',
      };
    }
    const lockKey = `onboarding:${skuId}`;
    if (!(await store.setIfAbsent(lockKey, '1', ONBOARDING_LOCK_MS))) {
      // Another request (maybe on another instance) is creating it right now, or just did.
      return answer(skuId, await rememberCreated(skuId, stateOf(await aiuta.getItem(skuId))));
    }
    let outcome;
    try {
      outcome = await aiuta.createItem({
        sku_id: skuId,
        product_info: {
          image_urls: imageUrls,
          ...(request.page.name ? { title: request.page.name } : {}),
          ...(request.page.brand ? { brand: request.page.brand } : {}),
          store_url: request.page.url,
        },
        capabilities: { try_on: true },
        metadata: { onboarded_from: new URL(request.page.url).hostname, store_ids: ids },
      });
    } catch (error) {
      await store.delete(lockKey);
      throw error;
    }
    if (outcome.kind === 'refused') {
      await store.delete(lockKey);
      return answer(skuId, await remember(skuId, { state: 'rejected', message: outcome.message }));
    }
    // 409: it exists already (an earlier onboarding, another instance): use it.
    const item = outcome.kind === 'created' ? outcome.item : await aiuta.getItem(skuId);
    return answer(skuId, await rememberCreated(skuId, stateOf(item)));
  }

  async function refuseUnlessReady(skuIds: readonly string[]): Promise<Failure | null> {
    let states;
    try {
      states = await mapLimited([...new Set(skuIds)], lookup);
    } catch (error) {
      if (error instanceof CatalogUnavailableError) return unavailable(error);
      throw error;
    }
    const index = states.findIndex((state) => state.state !== 'ready');
    if (index < 0) return null;
    const skuId = [...new Set(skuIds)][index]!;
    const state = states[index]!;
    const why =
      state.state === 'preparing'
        ? 'is still being prepared for try-on'
        : state.state === 'rejected'
          ? 'was rejected for try-on'
          : 'is not in the try-on catalog';
    return { status: 403, error: 'sku_not_in_catalog', message: `The product ${skuId} ${why}, so no try-on token is issued for it.` };
  }

  /** The answer for an item this backend knows exists (or is being created: then `missing` means not yet visible). */
  function answer(skuId: string, state: SkuState): Resolution {
    if (state.state === 'ready') return ready(skuId);
    if (state.state === 'preparing' || state.state === 'missing') return preparing(skuId);
    return {
      status: 422,
      error: 'sku_rejected',
      message: `The try-on service cannot use this product${state.message ? `: ${state.message}` : '.'}`,
    };
  }

  function preparing(skuId: string): Resolution {
    return { status: 202, body: { sku_id: skuId, status: 'preparing', retry_after_s: settings.preparingRetryAfterSeconds } };
  }

  return { resolve, refuseUnlessReady };
}

function ready(skuId: string): Resolution {
  return { status: 200, body: { sku_id: skuId, status: 'ready' } };
}

function unavailable(error: CatalogUnavailableError): Failure {
  return {
    status: 503,
    error: 'catalog_unavailable',
    message: `${error.message} Try again in ${error.retryAfterSeconds} s.`,
    headers: { 'Retry-After': String(error.retryAfterSeconds) },
  };
}

export function stateOf(item: SkuItem | null): SkuState {
  if (!item || !item.capabilities.try_on) return { state: 'missing' };
  const readiness = item.capabilities_readiness.try_on;
  switch (readiness.status) {
    case 'ready':
      return { state: 'ready' };
    case 'preparing':
      return { state: 'preparing' };
    case 'rejected':
    case 'failed':
      return { state: 'rejected', message: (readiness.error_message ?? '').slice(0, 300) };
    case 'absent':
      return { state: 'missing' };
  }
}

/**
 * The page's image URLs Aiuta may download: https only, without credentials, each once, at most 20,
 * and only of the page's own store: its host or a subdomain of it (`www.` aside), or a host the
 * operator lists in `AIUTA_ONBOARD_IMAGE_HOSTS`. The page and its images come from the client and
 * the first creation of an item stays, so another site's pictures must not get onto a store's
 * product. The one exception is the local demo store (sandbox mode, page and image on loopback
 * hosts), which has no https.
 */
export function usableImageUrls(
  urls: readonly string[],
  page: URL,
  settings: { sandbox: boolean; onboardImageHosts: readonly string[] },
): string[] {
  const localDemo = settings.sandbox && isLoopbackHost(page.hostname);
  const store = bareHost(page.hostname);
  const usable = new Set<string>();
  for (const raw of urls) {
    if (!URL.canParse(raw)) continue;
    const url = new URL(raw);
    if (url.username || url.password) continue;
    const host = bareHost(url.hostname);
    const ofTheStore = host === store || host.endsWith(`.${store}`) || hostMatches(host, settings.onboardImageHosts);
    const allowed =
      (url.protocol === 'https:' && ofTheStore) ||
      (localDemo && (url.protocol === 'http:' || url.protocol === 'https:') && isLoopbackHost(url.hostname));
    if (allowed) usable.add(url.href);
    if (usable.size === MAX_PAGE_IMAGES) break;
  }
  return [...usable];
}

function bareHost(hostname: string): string {
  return hostname.toLowerCase().replace(/\.$/, '').replace(/^www\./, '');
}

/**
 * The id an onboarded product gets: the store's host (without `www.`) and the page's best id, so two
 * stores that both sell "SKU-1" never share an item. Too long for a SKU, the id part is hashed.
 */
export async function onboardedSkuId(hostname: string, bestId: string): Promise<string> {
  const host = hostname.toLowerCase().replace(/^www\./, '').replace(/[^a-z0-9.-]/g, '-').replace(/^-+/, '');
  const plain = `${host}:${bestId}`;
  if (plain.length <= 128 && SKU_PATTERN.test(plain)) return plain;
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(bestId)));
  const hex = [...digest.slice(0, 16)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${host.slice(0, 95)}:${hex}`;
}

async function mapLimited<T, R>(items: readonly T[], map: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await map(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(LOOKUP_CONCURRENCY, items.length) }, worker));
  return results;
}
