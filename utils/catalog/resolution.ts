import { z } from 'zod';

/**
 * What the background tells the panel about the product it opened for, after asking the catalog
 * endpoint (utils/catalog/resolver.ts) which of the page's ids Aiuta can dress.
 */
export const catalogResolutionSchema = z.discriminatedUnion('status', [
  /** No catalog endpoint is set, or it does no catalog check (404 on its path, 501): the page's best id. */
  z.object({ status: z.literal('unchecked'), skuId: z.string() }),
  z.object({ status: z.literal('ready'), skuId: z.string() }),
  /** Being added to the catalog; ask again after `retryAfterS`. */
  z.object({ status: z.literal('preparing'), skuId: z.string(), retryAfterS: z.number().int().min(1) }),
  /** Not in the catalog and not added (`not_in_catalog`), or Aiuta refused the product (`rejected`). */
  z.object({
    status: z.literal('unavailable'),
    reason: z.enum(['not_in_catalog', 'rejected']),
    tried: z.array(z.string()),
  }),
]);
export type CatalogResolution = z.infer<typeof catalogResolutionSchema>;

/** One remembered answer, under the page and ids it was asked for. */
export const cachedResolutionSchema = z.object({ key: z.string(), resolution: catalogResolutionSchema, at: z.number() });
export type CachedResolution = z.infer<typeof cachedResolutionSchema>;
