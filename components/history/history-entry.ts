import type { HistoryEntry } from '@/utils/history/schema';

/** A result counts as expired once every one of its images has passed its expiry (or none is left). */
export function isExpired(entry: HistoryEntry, now: number): boolean {
  if (entry.images.length === 0) return true;
  return entry.images.every((image) => image.expiresAt !== undefined && image.expiresAt <= now);
}

/** What the result shows, in the shopper's words: "Linen Shirt + Jeans". */
export function productTitle(entry: HistoryEntry): string {
  return entry.items.map((item) => item.name?.trim() || item.skuId).join(' + ');
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
  const extension = type.includes('png') ? 'png' : type.includes('webp') ? 'webp' : 'jpg';
  return `try-on-${slug || 'result'}-${date}${index > 0 ? `-${index + 1}` : ''}.${extension}`;
}

/**
 * Saves an image under a readable name. `<a download>` ignores the name for other origins, so the
 * bytes are fetched first; when that is not allowed (CORS) the image opens in a tab instead.
 */
export async function downloadImage(url: string, name: (type: string) => string, doc: Document = document): Promise<'saved' | 'opened'> {
  try {
    const response = await fetch(url, { credentials: 'omit' });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const blob = await response.blob();
    const objectUrl = URL.createObjectURL(blob);
    const link = doc.createElement('a');
    link.href = objectUrl;
    link.download = name(blob.type);
    doc.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(objectUrl), 60_000);
    return 'saved';
  } catch {
    window.open(url, '_blank', 'noopener');
    return 'opened';
  }
}
