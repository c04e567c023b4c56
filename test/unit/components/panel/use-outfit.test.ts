import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { readOutfit } from '@/components/panel/use-outfit';
import { defaultSettings } from '@/utils/settings/schema';
import { outfitItem, settingsItem } from '@/utils/storage';

describe('reading the outfit before the panel has its settings', () => {
  beforeEach(() => fakeBrowser.reset());

  it('takes the item limit from the API in use, not a default', async () => {
    const items = [{ skuId: 'A' }, { skuId: 'B' }, { skuId: 'C' }];
    await outfitItem.setValue(items);
    expect(await readOutfit()).toEqual({ items, limit: 2 });
    await settingsItem.setValue({ ...defaultSettings, apiFlavour: 'unified-v1' });
    expect(await readOutfit()).toEqual({ items, limit: 5 });
  });

  it('reads a damaged outfit as empty', async () => {
    await fakeBrowser.storage.local.set({ outfit: 'not a list' });
    expect((await readOutfit()).items).toEqual([]);
  });
});
