import { z } from 'zod';

/**
 * The token request, as the extension sends it and the token backend accepts it (see DESIGN.md).
 * Everything in a request except `install_id` ends up in a JWT that Aiuta trusts, so the schemas are
 * strict: known operations only, no unknown keys, ids of a sane length and charset. Plain zod, no
 * extension APIs: the extension and the backend import this same file.
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
export const skuIdSchema = z
  .string()
  .regex(SKU_PATTERN, 'must be 1-128 characters: letters, digits, spaces and _ . : @ # + / = -, starting with a letter or digit');

export const subscriptionIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1-64 letters, digits, _ or -');
export const catalogNameSchema = z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'must be 1-64 letters, digits, _ . or -');

/**
 * A random id per installation of the extension (a UUID, say), so the backend can bind images to the
 * installation that made them. Long enough that guessing another installation's id is hopeless.
 */
export const installIdSchema = z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, 'must be 16-64 letters, digits, _ or -');

/** Aiuta's unified API allows up to five SKUs in one outfit try-on. */
export const MAX_SKUS_PER_TRY_ON = 5;

const common = {
  subscription_id: subscriptionIdSchema.optional(),
  install_id: installIdSchema.optional(),
};

const uploadImageRequest = z.strictObject({ operation: z.literal('upload_image'), ...common });

const createTryOnRequest = z
  .strictObject({
    operation: z.literal('create_try_on'),
    ...common,
    uploaded_image_id: idSchema,
    sku_id: skuIdSchema.optional(),
    sku_ids: z.array(skuIdSchema).min(1).max(MAX_SKUS_PER_TRY_ON).optional(),
    sku_catalog_name: catalogNameSchema.optional(),
  })
  .refine((params) => (params.sku_id === undefined) !== (params.sku_ids === undefined), {
    message: 'give exactly one of sku_id or sku_ids',
    path: ['sku_id'],
  });

const deleteImageRequest = z.strictObject({ operation: z.literal('delete_image'), ...common, image_id: idSchema });

/** `POST <token endpoint>` body: `{ operation, subscription_id?, install_id?, ...params }`. */
export const tokenRequestSchema = z.discriminatedUnion('operation', [
  uploadImageRequest,
  createTryOnRequest,
  deleteImageRequest,
]);
export type TokenRequest = z.infer<typeof tokenRequestSchema>;
export type TokenOperation = TokenRequest['operation'];
export const TOKEN_OPERATIONS: readonly TokenOperation[] = ['upload_image', 'create_try_on', 'delete_image'];

/** `200` answer of the token endpoint. */
export const tokenResponseSchema = z.object({ type: z.literal('jwt'), token: z.string().min(1) });
export type TokenResponse = z.infer<typeof tokenResponseSchema>;

/** Every error answer of the backend: a stable code and a sentence for a person. */
export const backendErrorSchema = z.object({ error: z.string().min(1), message: z.string() });
export type BackendError = z.infer<typeof backendErrorSchema>;
