import { maxItemsPerTryOn } from '@/utils/aiuta/flavours';
import { addToOutfit, removeFromOutfit, type AddResult } from '@/utils/outfit/outfit';
import type { TryOnItem } from '@/utils/product';
import type { SerialQueue } from '@/utils/serial-queue';
import { getSettings, outfitItem, outfitSchema, readValid } from '@/utils/storage';

/** The background's writes of the outfit, within the item limit of the API in use. */
export interface OutfitStore {
  add(item: TryOnItem): Promise<AddResult>;
  remove(skuId: string): Promise<TryOnItem[]>;
}

export function createOutfitStore(deps: { write: SerialQueue }): OutfitStore {
  const read = () => readValid(outfitItem, outfitSchema, []);
  return {
    add: (item) =>
      deps.write(async () => {
        const result = addToOutfit(await read(), item, maxItemsPerTryOn[(await getSettings()).apiFlavour]);
        if (result.ok) await outfitItem.setValue(result.outfit);
        return result;
      }),
    remove: (skuId) =>
      deps.write(async () => {
        const outfit = removeFromOutfit(await read(), skuId);
        await outfitItem.setValue(outfit);
        return outfit;
      }),
  };
}
