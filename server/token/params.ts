import { z } from 'zod';

/**
 * What a client may ask a token for. Everything here ends up in a signed JWT that Aiuta trusts, so
 * the schemas are strict: known operations only, no unknown keys, ids of a sane length and charset.
 */

/** Ids Aiuta and stores use: `user_image-<uuid>`, `SKU-123`, `gid://shopify/ProductVariant/42`... */
export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.:@#+/=-]{0,127}$/;
const ID_RULE = 'must be 1-128 characters: letters, digits and _ . : @ # + / = -, starting with a letter or digit';

export const idSchema = z.string().regex(ID_PATTERN, ID_RULE);

/**
 * Store SKUs are wider than image ids: stores use spaces and letters of their own language
 * ("ABC 123", "Größe-M"). Still no control characters, quotes or brackets.
 */
export const SKU_PATTERN = /^[\p{L}\p{N}][\p{L}\p{N} _.:@#+/=-]{0,127}$/u;
const skuIdSchema = z.string().regex(SKU_PATTERN, 'must be 1-128 characters: letters, digits, spaces and _ . : @ # + / = -, starting with a letter or digit');
export const subscriptionIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1-64 letters, digits, _ or -');
export const catalogNameSchema = z
  .string()
  .regex(/^[A-Za-z0-9_.-]{1,64}$/, 'must be 1-64 letters, digits, _ . or -');

/** Aiuta's unified API allows up to five SKUs in one outfit try-on. */
export const MAX_SKUS_PER_TRY_ON = 5;

const uploadImageParams = z.strictObject({
  operation: z.literal('upload_image'),
  subscription_id: subscriptionIdSchema.optional(),
});

const createTryOnParams = z
  .strictObject({
    operation: z.literal('create_try_on'),
    subscription_id: subscriptionIdSchema.optional(),
    uploaded_image_id: idSchema,
    sku_id: skuIdSchema.optional(),
    sku_ids: z.array(skuIdSchema).min(1).max(MAX_SKUS_PER_TRY_ON).optional(),
    sku_catalog_name: catalogNameSchema.optional(),
  })
  .refine((params) => (params.sku_id === undefined) !== (params.sku_ids === undefined), {
    message: 'give exactly one of sku_id or sku_ids',
    path: ['sku_id'],
  });

const deleteImageParams = z.strictObject({
  operation: z.literal('delete_image'),
  subscription_id: subscriptionIdSchema.optional(),
  image_id: idSchema,
});

export const tokenParamsSchema = z.discriminatedUnion('operation', [
  uploadImageParams,
  createTryOnParams,
  deleteImageParams,
]);

export type TokenParams = z.infer<typeof tokenParamsSchema>;
export type TokenOperation = TokenParams['operation'];
export const TOKEN_OPERATIONS: readonly TokenOperation[] = ['upload_image', 'create_try_on', 'delete_image'];

/** One readable sentence from zod's issues, e.g. "sku_ids: Too big: expected array to have <=5 items". */
export function describeIssues(error: z.ZodError): string {
  const parts = error.issues.slice(0, 3).map((issue) => {
    const where = issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
    return `${where}${issue.message}`;
  });
  return parts.join('; ');
}
