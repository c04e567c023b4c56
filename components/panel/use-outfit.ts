import { useEffect, useState } from 'preact/hooks';
import { useSettings } from '@/components/settings/use-settings';
import { maxItemsPerTryOn } from '@/utils/aiuta/flavours';
import { sendMessage } from '@/utils/messaging';
import type { AddResult } from '@/utils/outfit/outfit';
import type { TryOnItem } from '@/utils/product';
import { getSettings, outfitItem, outfitSchema } from '@/utils/storage';

export interface Outfit {
  /** Items set aside on other product pages, oldest first. */
  items: TryOnItem[];
  /** How many items one try-on may dress with the API in use. */
  limit: number;
  add(item: TryOnItem): Promise<AddResult>;
  remove(skuId: string): Promise<void>;
}

const parse = (value: unknown): TryOnItem[] => outfitSchema.safeParse(value).data ?? [];

/** The stored outfit and how many items one try-on may dress, read now (for work done before the hook has them). */
export async function readOutfit(): Promise<Pick<Outfit, 'items' | 'limit'>> {
  const [value, settings] = await Promise.all([outfitItem.getValue(), getSettings()]);
  return { items: parse(value), limit: maxItemsPerTryOn[settings.apiFlavour] };
}

/** The outfit as stored, following changes made in other tabs; changes are asked of the background. */
export function useOutfit(): Outfit {
  const settings = useSettings();
  const [items, setItems] = useState<TryOnItem[]>([]);
  useEffect(() => {
    let alive = true;
    outfitItem.getValue().then((value) => alive && setItems(parse(value)));
    const unwatch = outfitItem.watch((value) => setItems(parse(value)));
    return () => {
      alive = false;
      unwatch();
    };
  }, []);
  return {
    items,
    limit: maxItemsPerTryOn[settings?.apiFlavour ?? 'digital-try-on-v1'],
    add: async (item) => (await sendMessage('outfit.add', { item })).result,
    remove: async (skuId) => {
      await sendMessage('outfit.remove', { skuId });
    },
  };
}
