import type { TryOnItem } from '@/utils/product';

/**
 * The outfit: items the shopper set aside on other product pages to try on together with the
 * product in front of them. Pure list logic; the list itself lives in `outfitItem` (utils/storage.ts).
 */

export type AddResult = { ok: true; outfit: TryOnItem[] } | { ok: false; reason: 'already_in' | 'full' };

/** Adds an item unless it is there already or the outfit cannot grow (one slot stays for the next product). */
export function addToOutfit(outfit: readonly TryOnItem[], item: TryOnItem, limit: number): AddResult {
  if (outfit.some((kept) => kept.skuId === item.skuId)) return { ok: false, reason: 'already_in' };
  if (outfit.length >= limit - 1) return { ok: false, reason: 'full' };
  return { ok: true, outfit: [...outfit, item] };
}

export function removeFromOutfit(outfit: readonly TryOnItem[], skuId: string): TryOnItem[] {
  return outfit.filter((kept) => kept.skuId !== skuId);
}

/**
 * What one try-on dresses: the outfit's other items, then the product on this page, within the
 * limit (the items added last win when an older, larger outfit no longer fits).
 */
export function itemsForTryOn(outfit: readonly TryOnItem[], current: TryOnItem, limit: number): TryOnItem[] {
  const others = outfit.filter((kept) => kept.skuId !== current.skuId);
  return [...others.slice(Math.max(0, others.length - (limit - 1))), current];
}
