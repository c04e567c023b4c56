import { imageExtension } from '@/utils/download-image';
import type { HistoryEntry } from '@/utils/history/schema';
import { resultLabel } from '@/utils/product';

/** A result counts as expired once every one of its images has passed its expiry (or none is left). */
export function isExpired(entry: HistoryEntry, now: number): boolean {
  if (entry.images.length === 0) return true;
  return entry.images.every((image) => image.expiresAt !== undefined && image.expiresAt <= now);
}

/** What the result shows, in the shopper's words: "Linen Shirt + Jeans". */
export function productTitle(entry: HistoryEntry): string {
  return resultLabel(entry.items);
}

/** "try-on-linen-shirt-2025-01-31.jpg": a name that says what the file is. */
export function downloadName(entry: HistoryEntry, index: number, type: string): string {
  const slug = productTitle(entry)
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  const date = new Date(entry.createdAt).toISOString().slice(0, 10);
  return `try-on-${slug || 'result'}-${date}${index > 0 ? `-${index + 1}` : ''}.${imageExtension(type)}`;
}
