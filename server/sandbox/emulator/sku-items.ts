import { readBodyText } from '../../token/http';
import { STORE_PRODUCTS, type CatalogItem } from '../catalog';
import { sniffImage, type Bytes } from '../images/codecs';
import { apiError, CORS_HEADERS, jsonResponse, pydanticIssues, validationError, type ValidationIssue } from './api-errors';
import type { EmulatorContext, RouteCall } from './context';
import { testSkuItem } from './outcome';
import {
  newSkuItemInternalId,
  preparationOf,
  tryOnStatus,
  type PreparationProblem,
  type ProductPicture,
  type SkuItemRecord,
} from './sku-catalog';
import { createSkuItemSchema, type CreateSkuItemRequest } from './sku-item-request';

/**
 * The unified API's SKU catalog, server-side only (`x-api-key`): `GET /sku_items` (paged),
 * `POST /sku_items` (201, 409 for a sku_id that exists, 422 for a bad body) and `GET /sku_items/{sku_id}`
 * (404 when unknown). A created item downloads its `image_urls` the way Aiuta does; one that cannot be
 * fetched fails the preparation, one that is not a picture gets it rejected.
 */

const MAX_JSON_BYTES = 256 * 1024;
const MAX_PICTURE_BYTES = 20 * 1024 * 1024;
const DOWNLOAD_TIMEOUT_MS = 10_000;

export async function createSkuItem(ctx: EmulatorContext, call: RouteCall): Promise<Response> {
  const text = await readBodyText(call.request, MAX_JSON_BYTES);
  if (!text.ok) return apiError(413, 'payload_too_large', 'The request body is too large.');
  let body: unknown;
  try {
    body = JSON.parse(text.text);
  } catch {
    if (text.text.trim() === '') return validationError([{ loc: ['body'], msg: 'Field required', type: 'missing' }]);
    return validationError([{ loc: ['body', 0], msg: 'JSON decode error', type: 'json_invalid' }]);
  }
  call.draft.requestBody = body;
  const parsed = createSkuItemSchema.safeParse(body, { reportInput: true });
  if (!parsed.success) return validationError(pydanticIssues(parsed.error));
  const request = parsed.data;
  if (ctx.state.skuItems.get(request.sku_id)) {
    return apiError(409, 'sku_item_already_exists', `SKU item with this sku_id already exists: ${request.sku_id}`, {
      details: { sku_id: request.sku_id },
    });
  }

  const info = request.product_info;
  let pictures: SkuItemRecord['pictures'] = { state: 'downloading' };
  if (info.uploaded_image_ids) {
    const uploaded: ProductPicture[] = [];
    for (const id of info.uploaded_image_ids) {
      const image = ctx.state.findUploaded(id);
      if (!image) return apiError(400, 'input_image_not_found', `Input image ${id} not found`, { details: { image_id: id } });
      uploaded.push({ contentType: image.info.mimeType, bytes: () => image.bytes });
    }
    pictures = { state: 'done', at: ctx.clock(), pictures: uploaded, problem: null };
  }

  const now = ctx.clock();
  const record: SkuItemRecord = {
    skuId: request.sku_id,
    internalId: newSkuItemInternalId(),
    createdAt: now,
    request,
    product: productFor(request),
    readyAt: now + ctx.settings.skuPreparationMs,
    forced: ctx.faults.get().skuReadiness,
    pictures,
  };
  ctx.state.skuItems.add(record);
  if (record.pictures.state === 'downloading') {
    void downloadPictures(info.image_urls ?? []).then((result) => {
      record.pictures = { state: 'done', at: ctx.clock(), ...result };
    });
  }
  return jsonResponse(skuItemBody(ctx, record, call.origin), 201);
}

export function getSkuItem(ctx: EmulatorContext, call: RouteCall): Response {
  const record = ctx.state.skuItems.get(call.id!);
  if (!record) return notFound(call.id!);
  return jsonResponse(skuItemBody(ctx, record, call.origin));
}

export function listSkuItems(ctx: EmulatorContext, call: RouteCall): Response {
  const query = new URL(call.request.url).searchParams;
  const issues: ValidationIssue[] = [];
  const offset = integerQuery(query, 'offset', 0, 0, Number.MAX_SAFE_INTEGER, issues);
  const limit = integerQuery(query, 'limit', 10, 1, 500, issues);
  if (issues.length > 0) return validationError(issues);
  const all = ctx.state.skuItems.list();
  const page = all.slice(offset, offset + limit);
  return jsonResponse({
    items: page.map((record) => skuItemBody(ctx, record, call.origin)),
    total: all.length,
    next_offset: offset + limit < all.length ? offset + limit : null,
  });
}

/** For a try-on: the catalog item, if it exists in this catalog and is ready for try-on. */
export function tryOnProduct(
  ctx: EmulatorContext,
  skuId: string,
  catalogName: string,
): { ok: true; product: CatalogItem } | { ok: false; response: Response } {
  const record = catalogName === 'main' ? ctx.state.skuItems.get(skuId) : undefined;
  if (!record) {
    const response = apiError(404, 'sku_item_not_found', `SKU item does not exist: ${skuId}`, {
      details: { sku_id: skuId, sku_catalog_name: catalogName },
    });
    return { ok: false, response };
  }
  const status = tryOnStatus(record, ctx.clock());
  if (status !== 'ready') {
    const response = apiError(400, 'sku_item_not_ready', `SKU item ${skuId} is not ready for try-on (try_on is ${status}).`, {
      details: { sku_id: skuId, try_on: status },
    });
    return { ok: false, response };
  }
  return { ok: true, product: record.product };
}

/** `GET /sandbox-images/sku_items/{internal_id}/{n}`: the pictures behind an item's `image_urls`. */
export function serveSkuItemPicture(ctx: EmulatorContext, internalId: string, index: number): Response {
  const record = ctx.state.skuItems.findByInternalId(internalId);
  const picture = record?.pictures.state === 'done' ? record.pictures.pictures[index] : undefined;
  if (!picture) return apiError(404, 'image_not_found', 'Image not found.');
  return new Response(picture.bytes(), {
    headers: { ...CORS_HEADERS, 'Content-Type': picture.contentType, 'Cache-Control': 'private, max-age=60' },
  });
}

function notFound(skuId: string): Response {
  return apiError(404, 'sku_item_not_found', `SKU item does not exist: ${skuId}`, { details: { sku_id: skuId } });
}

/** A `SkuItem` as the unified API returns it. */
function skuItemBody(ctx: EmulatorContext, record: SkuItemRecord, origin: string) {
  const { request } = record;
  const info = request.product_info;
  const preparation = preparationOf(record, ctx.clock());
  const readiness = (enabled: boolean) =>
    enabled
      ? { status: preparation.status, updated_at: iso(preparation.updatedAt), error_message: preparation.errorMessage }
      : { status: 'absent', updated_at: iso(record.createdAt), error_message: null };
  const storeOrigin = ctx.storeOrigin();
  const pictureCount = record.pictures.state === 'done' ? record.pictures.pictures.length : 0;
  return {
    internal_id: record.internalId,
    sku_id: record.skuId,
    created_at: iso(record.createdAt),
    product_info: {
      // Internal copies, as Aiuta serves them; empty until the pictures are downloaded.
      image_urls: Array.from({ length: pictureCount }, (_, i) => `${origin}/sandbox-images/sku_items/${record.internalId}/${i}`),
      category: info.category ?? null,
      title: info.title ?? null,
      description: info.description ?? null,
      brand: info.brand ?? null,
      store_url: info.store_url ?? (record.storePath && storeOrigin ? `${storeOrigin}${record.storePath}` : null),
      color: info.color ?? null,
      gender: info.gender ?? null,
      age_group: info.age_group ?? null,
      extra: info.extra ?? {},
    },
    capabilities: request.capabilities,
    capabilities_readiness: {
      try_on: readiness(request.capabilities.try_on),
      outfit_recommendations: readiness(request.capabilities.outfit_recommendations),
      size_and_fit: readiness(request.capabilities.size_and_fit),
      off_figure_product_images: request.capabilities.off_figure_product_images.map((image_type) => ({ image_type, readiness: readiness(true) })),
      on_figure_product_images: request.capabilities.on_figure_product_images.map((image_type) => ({ image_type, readiness: readiness(true) })),
    },
    merchandising: request.merchandising,
    metadata: request.metadata,
  };
}

const iso = (ms: number) => new Date(ms).toISOString();

/** A demo store product when the item's page is one (so the composite draws that garment), else a plain stand-in. */
function productFor(request: CreateSkuItemRequest): CatalogItem {
  const info = request.product_info;
  const page = info.store_url ? pathOf(info.store_url) : undefined;
  const known = page ? STORE_PRODUCTS.find((product) => product.page === page) : undefined;
  if (known) return known;
  return { ...testSkuItem(request.sku_id), name: info.title ?? request.sku_id, brand: info.brand ?? '', description: info.description ?? '' };
}

function pathOf(url: string): string {
  const parsed = new URL(url);
  return `${parsed.pathname}${parsed.search}`;
}

async function downloadPictures(urls: readonly string[]): Promise<{ pictures: ProductPicture[]; problem: PreparationProblem | null }> {
  if (urls.length === 0) {
    return { pictures: [], problem: { status: 'rejected', message: 'No product images were given; try-on needs at least one.' } };
  }
  const results = await Promise.all(urls.map(downloadPicture));
  const pictures = results.flatMap((result) => ('picture' in result ? [result.picture] : []));
  const problem = results.find((result): result is PreparationProblem => 'status' in result) ?? null;
  return { pictures, problem };
}

async function downloadPicture(url: string): Promise<{ picture: ProductPicture } | PreparationProblem> {
  const failed = (reason: string): PreparationProblem => ({ status: 'failed', message: `Product image ${url} could not be downloaded: ${reason}.` });
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS) });
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause;
    return failed(cause?.code ?? (error as Error).message);
  }
  if (!response.ok) {
    await response.body?.cancel();
    return failed(`HTTP ${response.status}`);
  }
  let bytes: Bytes;
  try {
    bytes = new Uint8Array(await response.arrayBuffer());
  } catch {
    return failed('the connection broke off');
  }
  if (bytes.byteLength > MAX_PICTURE_BYTES) return { status: 'rejected', message: `Product image ${url} is larger than 20 MB.` };
  const info = sniffImage(bytes);
  if (!info) return { status: 'rejected', message: `Product image ${url} is not a JPEG, PNG or WebP picture.` };
  return { picture: { contentType: info.mimeType, bytes: () => bytes } };
}

function integerQuery(query: URLSearchParams, name: string, fallback: number, min: number, max: number, issues: ValidationIssue[]): number {
  const raw = query.get(name);
  if (raw === null) return fallback;
  const loc = ['query', name];
  if (!/^\s*[+-]?\d+\s*$/.test(raw)) {
    issues.push({ loc, msg: 'Input should be a valid integer, unable to parse string as an integer', type: 'int_parsing' });
    return fallback;
  }
  const value = Number(raw);
  if (value < min) issues.push({ loc, msg: `Input should be greater than or equal to ${min}`, type: 'greater_than_equal' });
  else if (value > max) issues.push({ loc, msg: `Input should be less than or equal to ${max}`, type: 'less_than_equal' });
  return value;
}
