import { z } from 'zod';

/**
 * The body of `POST /sku_items` (unified v1 `CreateSkuItemRequest`), as the OpenAPI defines it. Unknown
 * fields are ignored, as FastAPI does. Two checks the schema leaves to the server, which Aiuta
 * documents in words: at most 20 product images, and `image_urls` or `uploaded_image_ids`, not both.
 */

const MAX_PRODUCT_IMAGES = 20;
const MAX_URL_LENGTH = 2083;

/** Pydantic's `HttpUrl`, with its error types. */
const httpUrl = z.string().superRefine((value, ctx) => {
  const fail = (pydanticType: string, message: string) => ctx.addIssue({ code: 'custom', message, params: { pydanticType } });
  if (value === '') return fail('url_parsing', 'Input should be a valid URL, input is empty');
  if (value.length > MAX_URL_LENGTH) return fail('url_too_long', `URL should have at most ${MAX_URL_LENGTH} characters`);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return fail('url_parsing', 'Input should be a valid URL, relative URL without a base');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') fail('url_scheme', "URL scheme should be 'http' or 'https'");
});

const optionalText = z.string().nullable().optional();
const jsonObject = z.record(z.string(), z.unknown());

const productInfoSchema = z
  .object({
    image_urls: z.array(httpUrl).max(MAX_PRODUCT_IMAGES).nullable().optional(),
    uploaded_image_ids: z.array(z.string()).min(1).max(MAX_PRODUCT_IMAGES).nullable().optional(),
    category: optionalText,
    title: optionalText,
    description: optionalText,
    brand: optionalText,
    store_url: httpUrl.nullable().optional(),
    color: optionalText,
    gender: z.enum(['male', 'female', 'unisex']).nullable().optional(),
    age_group: z.enum(['newborn', 'infant', 'toddler', 'kids', 'adult']).nullable().optional(),
    extra: jsonObject.optional(),
  })
  .superRefine((info, ctx) => {
    if (info.image_urls != null && info.uploaded_image_ids != null) {
      ctx.addIssue({ code: 'custom', message: 'provide either image_urls or uploaded_image_ids, not both', path: [] });
    }
  });

const offFigureImage = z.object({
  flat_lay_type: z.enum(['flat', 'ghost_mannequin', 'detail']),
  viewpoint: z.enum(['front', 'back']),
});

const onFigureImage = z.object({
  viewpoint: z.enum(['front', 'front_angled', 'back', 'back_angled', 'side']),
  pose: z.enum(['standing', 'walking', 'sitting', 'leaning', 'crouching_or_kneeling', 'in_action', 'close_up']),
});

const capabilitiesSchema = z.object({
  try_on: z.boolean().default(false),
  outfit_recommendations: z.boolean().default(false),
  size_and_fit: z.boolean().default(false),
  off_figure_product_images: z.array(offFigureImage).default([]),
  on_figure_product_images: z.array(onFigureImage).default([]),
});

export const createSkuItemSchema = z.object({
  // The id becomes a path segment (`GET /sku_items/{sku_id}`), so an empty one could never be read back.
  sku_id: z.string().min(1),
  product_info: productInfoSchema,
  capabilities: capabilitiesSchema.default(capabilitiesSchema.parse({})),
  merchandising: z
    .object({ availability: z.enum(['in_stock', 'out_of_stock', 'preorder', 'backorder']).default('in_stock') })
    .default({ availability: 'in_stock' }),
  metadata: jsonObject.default({}),
});

export type CreateSkuItemRequest = z.infer<typeof createSkuItemSchema>;
export type SkuCapabilities = CreateSkuItemRequest['capabilities'];
export type SkuProductInfo = CreateSkuItemRequest['product_info'];
