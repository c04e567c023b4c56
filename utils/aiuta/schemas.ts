import { z } from 'zod';
import { maxItemsPerTryOn } from '@/utils/aiuta/flavours';

/**
 * The parts of Aiuta's OpenAPI documents this extension sends or reads (Digital Try-On v1 and
 * Unified v1; https://docs.aiuta.com/api/try-on/workflow/). Responses are parsed loosely (unknown fields pass) so a new optional field on
 * Aiuta's side never breaks a try-on; the fields we rely on are checked strictly.
 */

export const operationStatuses = ['CREATED', 'IN_PROGRESS', 'PAUSED', 'SUCCESS', 'FAILED', 'CANCELLED', 'ABORTED'] as const;
export type OperationStatus = (typeof operationStatuses)[number];

export const abortReasons = [
  'NO_PEOPLE_DETECTED',
  'TOO_MANY_PEOPLE_DETECTED',
  'CHILD_DETECTED',
  'INSUFFICIENT_TARGET_AREA',
  'INTERNAL_RESTRICTION',
] as const;
export type AbortReason = (typeof abortReasons)[number];

const ownerType = z.enum(['user', 'aiuta']);
const expiresAt = z.string().nullish();

/** `AiutaImage`: an uploaded photo, a predefined model or (unified API) a generated image. */
export const aiutaImageSchema = z.object({
  id: z.string().min(1),
  owner_type: ownerType,
  url: z.string(),
  expires_at: expiresAt,
});
export type AiutaImage = z.infer<typeof aiutaImageSchema>;

/** `GeneratedSkuImage` (Digital Try-On v1): an AiutaImage plus `image_url`, an alias of `url`. */
export const generatedSkuImageSchema = aiutaImageSchema.extend({ image_url: z.string().optional() });

/** Multipart body of `POST /uploaded_images`: the file goes in the `image_data` field. */
export const uploadFieldName = 'image_data';

/** `SkuImagesRequest` (Digital Try-On v1): one SKU or an outfit of up to 2. */
export const skuImagesRequestSchema = z
  .object({
    uploaded_image_id: z.string().min(1),
    sku_id: z.string().min(1).optional(),
    sku_ids: z.array(z.string().min(1)).min(1).max(maxItemsPerTryOn['digital-try-on-v1']).optional(),
    sku_catalog_name: z.string().min(1).optional(),
  })
  .refine((body) => (body.sku_id === undefined) !== (body.sku_ids === undefined), 'exactly one of sku_id, sku_ids');

/** `SkuTryOnRequest` (Unified v1): one SKU or an outfit of up to 5; no catalog name. */
export const skuTryOnRequestSchema = z
  .object({
    uploaded_image_id: z.string().min(1),
    sku_id: z.string().min(1).optional(),
    sku_ids: z.array(z.string().min(1)).min(1).max(maxItemsPerTryOn['unified-v1']).optional(),
  })
  .strict()
  .refine((body) => (body.sku_id === undefined) !== (body.sku_ids === undefined), 'exactly one of sku_id, sku_ids');

/** `SkuImagesResponse` (Digital Try-On v1). */
export const skuImagesResponseSchema = z.object({
  operation_id: z.string().min(1),
  details: z.string().nullish(),
  errors: z.array(z.string()).nullish(),
});

/** `CreateOperationResponse` (Unified v1). */
export const createOperationResponseSchema = z.object({ operation_id: z.string().min(1) });

/** `SkuImagesOperation` (Digital Try-On v1) and `SkuTryOnOperation` (Unified v1) differ only in image type. */
export const operationSchema = z.object({
  id: z.string(),
  status: z.enum(operationStatuses),
  error: z.string().nullish(),
  abort_reason: z.enum(abortReasons).nullish(),
  generated_images: z.array(generatedSkuImageSchema.nullable()).nullish(),
});
export type Operation = z.infer<typeof operationSchema>;

/** `TryOnModel`: `metadata` in Digital Try-On v1, `tags` in Unified v1; neither is used here. */
export const tryOnModelSchema = aiutaImageSchema.passthrough();

/** `TryOnModelCategories` (both flavours; Unified calls the items `LegacyTryOnModels`). */
export const tryOnModelCategoriesSchema = z
  .array(z.object({ category: z.string(), models: z.array(tryOnModelSchema) }))
  .nullable()
  .transform((categories) => categories ?? []);
export type TryOnModelCategories = z.output<typeof tryOnModelCategoriesSchema>;

/** FastAPI's `HTTPValidationError` (422). */
export const httpValidationErrorSchema = z.object({
  detail: z.array(z.object({ loc: z.array(z.union([z.string(), z.number()])).optional(), msg: z.string(), type: z.string().optional() })),
});

/** Plain FastAPI `HTTPException` body, e.g. 400 `{ "detail": "input image ... not found" }`. */
export const httpExceptionSchema = z.object({ detail: z.string() });

/** Unified v1 `ApiError` for 400/500/503. */
export const apiErrorBodySchema = z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() });
