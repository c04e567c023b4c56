import { z } from 'zod';
import type { Flavour } from '../request-log';

/**
 * Bodies of the two "create try-on" endpoints, as the OpenAPI documents define them:
 * `SkuImagesRequest` (digital-try-on v1, 1..2 SKUs, optional catalog) and `SkuTryOnRequest`
 * (unified v1, 1..5 SKUs). Unknown fields are ignored, as FastAPI does.
 */

const optionalString = z.string().nullable().optional();

const eitherSkuIdOrList = (body: { sku_id?: string | null; sku_ids?: string[] | null }, ctx: z.RefinementCtx) => {
  const hasId = body.sku_id !== undefined && body.sku_id !== null;
  const hasList = body.sku_ids !== undefined && body.sku_ids !== null;
  if (hasId === hasList) {
    ctx.addIssue({
      code: 'custom',
      message: hasId
        ? "Specify either 'sku_id' or 'sku_ids', not both"
        : "Either 'sku_id' or 'sku_ids' must be specified",
      path: [],
    });
  }
};

export const skuImagesRequestSchema = z
  .object({
    uploaded_image_id: z.string(),
    sku_id: optionalString,
    sku_ids: z.array(z.string()).min(1).max(2).nullable().optional(),
    sku_catalog_name: optionalString,
    enhanced_quality: z.boolean().optional(),
    hijab_protection: z.boolean().optional(),
    model_type: optionalString,
    operation_target: optionalString,
  })
  .superRefine(eitherSkuIdOrList);

export const skuTryOnRequestSchema = z
  .object({
    uploaded_image_id: z.string(),
    sku_id: optionalString,
    sku_ids: z.array(z.string()).min(1).max(5).nullable().optional(),
  })
  .superRefine(eitherSkuIdOrList);

export interface CreateRequest {
  uploadedImageId: string;
  skuIds: string[];
  /** Only the digital-try-on API has catalogs; Aiuta's default is "main". */
  catalogName: string;
}

export type ParsedCreateRequest = { success: true; data: CreateRequest } | { success: false; error: z.ZodError };

export function parseCreateRequest(flavour: Flavour, body: unknown): ParsedCreateRequest {
  if (flavour === 'digital-try-on') {
    const parsed = skuImagesRequestSchema.safeParse(body, { reportInput: true });
    if (!parsed.success) return { success: false, error: parsed.error };
    const data = parsed.data;
    return {
      success: true,
      data: {
        uploadedImageId: data.uploaded_image_id,
        skuIds: data.sku_ids ?? [data.sku_id!],
        catalogName: data.sku_catalog_name ?? 'main',
      },
    };
  }
  const parsed = skuTryOnRequestSchema.safeParse(body, { reportInput: true });
  if (!parsed.success) return { success: false, error: parsed.error };
  return {
    success: true,
    data: {
      uploadedImageId: parsed.data.uploaded_image_id,
      skuIds: parsed.data.sku_ids ?? [parsed.data.sku_id!],
      catalogName: 'main',
    },
  };
}
