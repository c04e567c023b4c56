import { z } from 'zod';
import { skuIdSchema, subscriptionIdSchema } from './token-request';

/**
 * Catalog resolution, as the extension asks it and the backend answers it (see DESIGN.md): which of
 * the ids a product page shows is the SKU Aiuta can dress, possibly after adding the product to the
 * catalog. Plain zod, no extension APIs: the extension and the backend import this same file.
 */

export const MAX_CATALOG_CANDIDATES = 20;
export const MAX_PAGE_IMAGES = 20;
/** The longest URL Aiuta's catalog accepts (`SkuProductInfo.image_urls`, `store_url`). */
export const MAX_URL_LENGTH = 2083;

const webUrl = z
  .string()
  .max(MAX_URL_LENGTH)
  .refine((value) => URL.canParse(value) && /^https?:$/.test(new URL(value).protocol), 'must be an http(s) URL');

const shortText = z.string().trim().min(1).max(300);

export const catalogCandidateSchema = z.strictObject({
  id: skuIdSchema,
  /** How the page labelled it (`sku`, `gtin13`, `mpn`, ...): a hint, not used to decide. */
  kind: z.string().regex(/^[A-Za-z0-9_-]{1,32}$/, 'must be 1-32 letters, digits, _ or -').optional(),
});

/** `POST <catalog endpoint>` body. Candidates are in the detector's order, best first. */
export const catalogRequestSchema = z.strictObject({
  subscription_id: subscriptionIdSchema,
  candidates: z.array(catalogCandidateSchema).min(1).max(MAX_CATALOG_CANDIDATES),
  page: z.strictObject({
    url: webUrl,
    name: shortText.optional(),
    brand: shortText.optional(),
    image_urls: z.array(webUrl).max(MAX_PAGE_IMAGES).optional(),
  }),
});
export type CatalogRequest = z.infer<typeof catalogRequestSchema>;
export type CatalogCandidate = z.infer<typeof catalogCandidateSchema>;

/** `200`: try this SKU on. */
export const catalogReadySchema = z.object({ sku_id: skuIdSchema, status: z.literal('ready') });
/** `202`: the product is being added to the catalog; ask again with the same body after `retry_after_s`. */
export const catalogPreparingSchema = z.object({
  sku_id: skuIdSchema,
  status: z.literal('preparing'),
  retry_after_s: z.number().int().min(1),
});
export const catalogAnswerSchema = z.discriminatedUnion('status', [catalogReadySchema, catalogPreparingSchema]);
export type CatalogAnswer = z.infer<typeof catalogAnswerSchema>;

/**
 * Error codes of the catalog endpoint besides the shared request errors: `404 sku_not_in_catalog`,
 * `422 sku_rejected`, `501 catalog_check_disabled` (the extension then uses the detector's best id),
 * `503 catalog_unavailable` (with `Retry-After`).
 */
export const CATALOG_ERRORS = ['sku_not_in_catalog', 'sku_rejected', 'catalog_check_disabled', 'catalog_unavailable'] as const;
export type CatalogError = (typeof CATALOG_ERRORS)[number];
