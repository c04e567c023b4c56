import { describe, expect, it } from 'vitest';
import { addToOutfit, itemsForTryOn, removeFromOutfit } from '@/utils/outfit/outfit';

const item = (skuId: string) => ({ skuId, name: `Item ${skuId}` });

describe('the outfit list', () => {
  it('adds an item and keeps one slot free for the product on the next page', () => {
    const first = addToOutfit([], item('A'), 2);
    expect(first).toEqual({ ok: true, outfit: [item('A')] });
    expect(addToOutfit([item('A')], item('B'), 2)).toEqual({ ok: false, reason: 'full' });
    expect(addToOutfit([item('A')], item('B'), 5)).toEqual({ ok: true, outfit: [item('A'), item('B')] });
  });

  it('refuses an item that is already in it', () => {
    expect(addToOutfit([item('A')], item('A'), 5)).toEqual({ ok: false, reason: 'already_in' });
  });

  it('removes by SKU', () => {
    expect(removeFromOutfit([item('A'), item('B')], 'A')).toEqual([item('B')]);
    expect(removeFromOutfit([item('A')], 'Z')).toEqual([item('A')]);
  });

  it('tries on the outfit with the current product last, without the current product twice', () => {
    expect(itemsForTryOn([item('A')], item('B'), 2)).toEqual([item('A'), item('B')]);
    expect(itemsForTryOn([item('A'), item('B')], item('B'), 5)).toEqual([item('A'), item('B')]);
    expect(itemsForTryOn([], item('B'), 2)).toEqual([item('B')]);
  });

  it('keeps the items added last when a larger outfit no longer fits the limit', () => {
    expect(itemsForTryOn([item('A'), item('B'), item('C')], item('D'), 2)).toEqual([item('C'), item('D')]);
    expect(itemsForTryOn([item('A'), item('B'), item('C')], item('D'), 1)).toEqual([item('D')]);
  });
});
