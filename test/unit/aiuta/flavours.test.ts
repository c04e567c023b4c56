import { describe, expect, it } from 'vitest';
import { maxItemsAnyFlavour, maxItemsPerTryOn } from '@/utils/aiuta/flavours';
import { skuImagesRequestSchema, skuTryOnRequestSchema } from '@/utils/aiuta/schemas';

const skus = (count: number) => Array.from({ length: count }, (_, index) => `SKU-${index}`);

describe('items per try-on', () => {
  it('are the documented 2 (Digital Try-On v1) and 5 (unified API)', () => {
    expect(maxItemsPerTryOn).toEqual({ 'digital-try-on-v1': 2, 'unified-v1': 5 });
    expect(maxItemsAnyFlavour).toBe(5);
  });

  it('bound the request bodies the client sends', () => {
    const body = (count: number) => ({ uploaded_image_id: 'img', sku_ids: skus(count) });
    expect(skuImagesRequestSchema.safeParse(body(maxItemsPerTryOn['digital-try-on-v1'])).success).toBe(true);
    expect(skuImagesRequestSchema.safeParse(body(maxItemsPerTryOn['digital-try-on-v1'] + 1)).success).toBe(false);
    expect(skuTryOnRequestSchema.safeParse(body(maxItemsPerTryOn['unified-v1'])).success).toBe(true);
    expect(skuTryOnRequestSchema.safeParse(body(maxItemsPerTryOn['unified-v1'] + 1)).success).toBe(false);
  });
});
