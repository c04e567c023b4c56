import * as z from 'zod/mini';
import type { ProductDetection } from '@/utils/detect';
import { httpUrlSchema, productIdSchema, productLimits, productSchema, type Product } from '@/utils/product';

/**
 * Fits what the page yielded into the product schema (utils/product.ts) before it is sent, so an
 * odd page (a 2 kB product name, a data: image) still opens the panel instead of being refused:
 * text is cut to its field's limit and whatever still fails its field's schema is left out. The
 * message itself is then checked against the same schema on both ends.
 */

const fields = productSchema.shape;
const fits = (schema: z.core.$ZodType, value: unknown) => z.safeParse(schema, value).success;

const clip = (value: string | undefined, max: number): string | undefined => {
  const text = value?.trim();
  return text ? text.slice(0, max) : undefined;
};

/** The URL as the browser writes it, so the same address always reads the same. */
function href(value: string | undefined): string | undefined {
  try {
    return value ? new URL(value).href : undefined;
  } catch {
    return undefined;
  }
}

export function toProductMessage(detection: ProductDetection, pageUrl: string): Product {
  const ids = detection.ids
    .map((id) => ({ kind: id.kind.slice(0, productLimits.idKind), value: id.value.trim(), source: id.source.slice(0, productLimits.idSource) }))
    .filter((id) => id.value !== '' && fits(productIdSchema, id))
    .slice(0, productLimits.ids);
  const sku = detection.sku.trim();
  const product: Product = { sku: fits(fields.sku, sku) ? sku : '', ids };
  for (const key of ['name', 'brand', 'variant', 'skuCatalogName'] as const) {
    const value = clip(detection[key], productLimits[key]);
    if (value !== undefined && fits(fields[key], value)) product[key] = value;
  }
  for (const [key, value] of [['image', href(detection.image)], ['pageUrl', href(pageUrl)]] as const) {
    if (value !== undefined && fits(fields[key], value)) product[key] = value;
  }
  const images = [...new Set((detection.images ?? []).map(href))].filter((url): url is string => url !== undefined && fits(httpUrlSchema, url));
  if (images.length > 0) product.images = images.slice(0, productLimits.images);
  return product;
}

/** Two detections name the same thing to try on (then a re-mount is not needed). */
export function sameProduct(a: Product | null, b: Product | null): boolean {
  if (!a || !b) return a === b;
  return a.sku === b.sku && a.image === b.image && a.name === b.name && a.variant === b.variant;
}
