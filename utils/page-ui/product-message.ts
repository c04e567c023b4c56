import type { ProductDetection } from '@/utils/detect';
import type { Product } from '@/utils/product';

/**
 * Fits what the page yielded into the protocol's bounds (utils/product.ts) before it is sent, so an
 * odd page (a 2 kB product name, a data: image) still opens the panel instead of being refused.
 * The background validates again with zod; this only avoids needless refusals, without zod.
 */

const clip = (value: string | undefined, max: number): string | undefined => {
  const text = value?.trim();
  return text ? text.slice(0, max) : undefined;
};

function httpUrl(value: string | undefined): string | undefined {
  if (!value || value.length > 2048) return undefined;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

export function toProductMessage(detection: ProductDetection, pageUrl: string): Product {
  const ids = detection.ids
    .filter((id) => id.value.trim() !== '' && id.value.length <= 128)
    .slice(0, 50)
    .map((id) => ({ kind: id.kind.slice(0, 32), value: id.value.trim(), source: id.source.slice(0, 64) }));
  const sku = detection.sku.trim();
  const product: Product = { sku: sku.length <= 128 ? sku : '', ids };
  const optional = {
    name: clip(detection.name, 300),
    brand: clip(detection.brand, 120),
    variant: clip(detection.variant, 200),
    skuCatalogName: clip(detection.skuCatalogName, 64),
    image: httpUrl(detection.image),
    pageUrl: httpUrl(pageUrl),
  };
  for (const [key, value] of Object.entries(optional)) if (value !== undefined) (product as Record<string, unknown>)[key] = value;
  return product;
}

/** Two detections name the same thing to try on (then a re-mount is not needed). */
export function sameProduct(a: Product | null, b: Product | null): boolean {
  if (!a || !b) return a === b;
  return a.sku === b.sku && a.image === b.image && a.name === b.name && a.variant === b.variant;
}
