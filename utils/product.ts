import { z } from 'zod';

/**
 * A product as it travels between contexts. It comes from a store page, so it is untrusted input:
 * every field is bounded and URLs must be http(s).
 */
const skuId = z.string().trim().min(1).max(128);
const httpUrl = z
  .string()
  .max(2048)
  .url()
  .refine((value) => /^https?:/i.test(value), 'must be an http(s) URL');

export const productSchema = z.object({
  sku: z.string().trim().max(128),
  ids: z
    .array(z.object({ kind: z.string().max(32), value: z.string().max(128), source: z.string().max(64) }))
    .max(50)
    .default([]),
  name: z.string().max(300).optional(),
  brand: z.string().max(120).optional(),
  image: httpUrl.optional(),
  variant: z.string().max(200).optional(),
  skuCatalogName: z.string().max(64).optional(),
  pageUrl: httpUrl.optional(),
});

export type Product = z.infer<typeof productSchema>;

/** What a try-on asks Aiuta to dress: one product or an outfit (the API's limit applies). */
export const tryOnItemSchema = z.object({
  skuId,
  name: z.string().max(300).optional(),
  image: httpUrl.optional(),
  pageUrl: httpUrl.optional(),
});

export type TryOnItem = z.infer<typeof tryOnItemSchema>;
export { skuId as skuIdSchema, httpUrl as httpUrlSchema };
