import { readBodyText } from '../../token/http';
import type { CatalogItem } from '../catalog';
import { apiError, jsonResponse, pydanticIssues, validationError } from './api-errors';
import { checkCreateClaims } from './auth';
import type { EmulatorContext, RouteCall } from './context';
import { parseCreateRequest } from './create-request';
import { generateTryOn, isModelId, modelPhoto } from './generation';
import { decideOutcome, outcomeFromHeader, outcomeFromTestSku, testSkuItem } from './outcome';
import { tryOnProduct } from './sku-items';
import { newGeneratedImageId, newOperationId, type GeneratedImage, type Operation, type Outcome } from './state';

/**
 * Try-on operations: `POST /sku_images_operations` + `GET /sku_images_operations/{id}` (digital-try-on)
 * and `POST /sku_try_on_operations` + `GET /sku_try_on_operations/{id}` (unified). An operation is
 * CREATED for the first quarter of `generationMs`, IN_PROGRESS until it ends, then SUCCESS (with a
 * generated image), FAILED or ABORTED.
 */

const MAX_JSON_BYTES = 64 * 1024;

export async function createOperation(ctx: EmulatorContext, call: RouteCall): Promise<Response> {
  const text = await readBodyText(call.request, MAX_JSON_BYTES);
  if (!text.ok) return apiError(413, 'payload_too_large', 'The request body is too large.');
  let body: unknown = null;
  if (text.text.trim() !== '') {
    try {
      body = JSON.parse(text.text);
    } catch {
      return validationError([{ loc: ['body', 0], msg: 'JSON decode error', type: 'json_invalid' }]);
    }
  }
  call.draft.requestBody = body;
  if (body === null) return validationError([{ loc: ['body'], msg: 'Field required', type: 'missing' }]);
  const parsed = parseCreateRequest(call.flavour, body);
  if (!parsed.success) return validationError(pydanticIssues(parsed.error));
  const request = parsed.data;

  const mismatch = checkCreateClaims(call.credential, request, call.flavour === 'digital-try-on');
  if (mismatch) return mismatch;

  const photo = isModelId(request.uploadedImageId)
    ? modelPhoto(request.uploadedImageId)
    : ctx.state.findUploaded(request.uploadedImageId)?.bytes;
  if (!photo) {
    return apiError(400, 'input_image_not_found', `Input image ${request.uploadedImageId} not found`);
  }

  let testOutcome: Outcome | null = null;
  const items: CatalogItem[] = [];
  for (const sku of request.skuIds) {
    const forced = outcomeFromTestSku(sku);
    testOutcome ??= forced;
    if (forced) {
      items.push(testSkuItem(sku));
      continue;
    }
    const found = tryOnProduct(ctx, sku, request.catalogName);
    if (!found.ok) return found.response;
    items.push(found.product);
  }
  const header = outcomeFromHeader(call.request.headers.get('x-sandbox-outcome'), ctx.faults);
  if (!header.ok) return apiError(400, 'invalid_sandbox_outcome', header.message);

  const outcome = decideOutcome(testOutcome, header.outcome, ctx.faults);
  const operation = startOperation(ctx, request.uploadedImageId, request.skuIds, items, photo, outcome);
  if (call.flavour === 'unified') return jsonResponse({ operation_id: operation.id });
  return jsonResponse({ operation_id: operation.id, details: null, errors: [] });
}

function startOperation(
  ctx: EmulatorContext,
  uploadedImageId: string,
  skuIds: string[],
  items: CatalogItem[],
  photo: Uint8Array,
  outcome: Outcome,
): Operation {
  const now = ctx.clock();
  const finishesAt = now + ctx.settings.generationMs;
  const operation: Operation = {
    id: newOperationId(),
    uploadedImageId,
    items,
    skuIds,
    createdAt: now,
    finishesAt,
    outcome,
    generatedImageIds: [],
  };
  if (outcome.status === 'SUCCESS') {
    const image: GeneratedImage = {
      id: newGeneratedImageId(),
      operationId: operation.id,
      expiresAt: finishesAt + ctx.settings.imageTtlSeconds * 1000,
      jpeg: generateTryOn(photo, items),
    };
    // A failed composite is reported by the status call; keep Node from flagging it as unhandled.
    image.jpeg.catch(() => undefined);
    ctx.state.generated.set(image.id, image);
    operation.generatedImageIds.push(image.id);
  }
  ctx.state.operations.set(operation.id, operation);
  return operation;
}

export async function getOperation(ctx: EmulatorContext, call: RouteCall): Promise<Response> {
  const operation = ctx.state.operations.get(call.id!);
  if (!operation) {
    // Unified v1 documents `200 null` for an operation it does not know; the older API answers 404.
    return call.flavour === 'unified' ? jsonResponse(null) : apiError(404, 'operation_not_found', 'Operation not found.');
  }
  const now = ctx.clock();
  const createdPhaseEnds = operation.createdAt + ctx.settings.generationMs / 4;
  if (now < createdPhaseEnds) return statusResponse(operation, 'CREATED');
  if (now < operation.finishesAt || ctx.state.generationsHeld) return statusResponse(operation, 'IN_PROGRESS');
  const outcome = operation.outcome;
  if (outcome.status === 'FAILED') return statusResponse(operation, 'FAILED', { error: outcome.error });
  if (outcome.status === 'ABORTED') return statusResponse(operation, 'ABORTED', { abort_reason: outcome.reason });

  const images: unknown[] = [];
  for (const id of operation.generatedImageIds) {
    const image = ctx.state.findGenerated(id);
    if (!image) continue; // deleted or expired: the documented empty list
    try {
      await image.jpeg;
    } catch {
      return statusResponse(operation, 'FAILED', { error: 'The try-on image could not be generated from this photo.' });
    }
    images.push(generatedImageBody(image, call));
  }
  return statusResponse(operation, 'SUCCESS', { generated_images: images });
}

function statusResponse(
  operation: Operation,
  status: 'CREATED' | 'IN_PROGRESS' | Outcome['status'],
  fields: { error?: string; abort_reason?: string; generated_images?: unknown[] } = {},
): Response {
  return jsonResponse({
    id: operation.id,
    status,
    error: fields.error ?? null,
    abort_reason: fields.abort_reason ?? null,
    generated_images: fields.generated_images ?? [],
  });
}

function generatedImageBody(image: GeneratedImage, call: RouteCall) {
  const url = `${call.origin}/sandbox-images/generated/${image.id}.jpg`;
  const body = { id: image.id, owner_type: 'user', url, expires_at: new Date(image.expiresAt).toISOString() };
  // digital-try-on's GeneratedSkuImage adds `image_url` (an alias of `url`); unified returns plain AiutaImage.
  return call.flavour === 'digital-try-on' ? { ...body, image_url: url } : body;
}
