import * as z from 'zod/mini';

/**
 * A product as it travels between contexts. It comes from a store page, so it is untrusted input:
 * every field is bounded and URLs must be http(s). Written with zod/mini so the product UI content
 * script checks what it sends with these very schemas within its size budget.
 */

/** The longest text each field may carry; the product UI fits page text to these before sending. */
export const productLimits = {
  sku: 128,
  ids: 50,
  idKind: 32,
  idValue: 128,
  idSource: 64,
  name: 300,
  brand: 120,
  variant: 200,
  skuCatalogName: 64,
  url: 2048,
  /** Product images a message carries (what the catalog endpoint accepts). */
  images: 20,
} as const;

const text = (max: number) => z.string().check(z.maxLength(max));

export const skuIdSchema = z.string().check(z.trim(), z.minLength(1), z.maxLength(productLimits.sku));
export const httpUrlSchema = z.url({ protocol: /^https?$/ }).check(z.maxLength(productLimits.url));

export const productIdSchema = z.object({
  kind: text(productLimits.idKind),
  value: text(productLimits.idValue),
  source: text(productLimits.idSource),
});

export const productSchema = z.object({
  sku: z.string().check(z.trim(), z.maxLength(productLimits.sku)),
  ids: z._default(z.array(productIdSchema).check(z.maxLength(productLimits.ids)), []),
  name: z.optional(text(productLimits.name)),
  brand: z.optional(text(productLimits.brand)),
  image: z.optional(httpUrlSchema),
  /** The product's own images (for the catalog check to onboard it), best first. */
  images: z.optional(z.array(httpUrlSchema).check(z.maxLength(productLimits.images))),
  variant: z.optional(text(productLimits.variant)),
  skuCatalogName: z.optional(text(productLimits.skuCatalogName)),
  pageUrl: z.optional(httpUrlSchema),
});

export type Product = z.infer<typeof productSchema>;

/** What a try-on asks Aiuta to dress: one product or an outfit (the API's limit applies). */
export const tryOnItemSchema = z.object({
  skuId: skuIdSchema,
  name: z.optional(text(productLimits.name)),
  image: z.optional(httpUrlSchema),
  pageUrl: z.optional(httpUrlSchema),
});

export type TryOnItem = z.infer<typeof tryOnItemSchema>;

/** What the shopper knows a try-on as, in their words: "Linen Shirt + Jeans". */
export function resultLabel(items: readonly TryOnItem[]): string {
  return items.map((item) => item.name?.trim() || item.skuId).join(' + ');
}
