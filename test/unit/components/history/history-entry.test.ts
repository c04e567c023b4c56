import { describe, expect, it } from 'vitest';
import { downloadName, isExpired, productTitle } from '@/components/history/history-entry';
import type { HistoryEntry } from '@/utils/history/schema';

const entry = (patch: Partial<HistoryEntry> = {}): HistoryEntry => ({
  id: 'h1',
  jobId: 'j1',
  items: [{ skuId: 'LS-1001', name: 'Linen Shirt' }],
  createdAt: Date.UTC(2025, 0, 31, 12),
  images: [{ id: 'g1', url: 'https://cdn.example/g1.jpg', expiresAt: 2_000 }],
  ...patch,
});

describe('history entries', () => {
  it('is expired once every image has passed its expiry, or when no image is left', () => {
    expect(isExpired(entry(), 1_999)).toBe(false);
    expect(isExpired(entry(), 2_000)).toBe(true);
    expect(isExpired(entry({ images: [] }), 0)).toBe(true);
    expect(isExpired(entry({ images: [{ id: 'g', url: 'u' }] }), Number.MAX_SAFE_INTEGER)).toBe(false);
    const mixed = entry({ images: [{ id: 'a', url: 'u', expiresAt: 1 }, { id: 'b', url: 'u', expiresAt: 10 }] });
    expect(isExpired(mixed, 5)).toBe(false);
  });

  it('names the product in the shopper’s words, falling back to the SKU', () => {
    expect(productTitle(entry({ items: [{ skuId: 'A', name: 'Shirt' }, { skuId: 'B', name: '  ' }] }))).toBe('Shirt + B');
  });

  it('gives downloads a readable file name', () => {
    expect(downloadName(entry(), 0, 'image/jpeg')).toBe('try-on-linen-shirt-2025-01-31.jpg');
    expect(downloadName(entry({ items: [{ skuId: 'X', name: 'Çà & Vá!' }] }), 1, 'image/png')).toBe('try-on-ca-va-2025-01-31-2.png');
    expect(downloadName(entry({ items: [{ skuId: '!!!' }] }), 0, '')).toBe('try-on-result-2025-01-31.jpg');
  });
});
