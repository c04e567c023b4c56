import { describe, expect, it } from 'vitest';
import { keyValueStoreContract } from './kv-store-contract';
import { MemoryStore } from './kv-store';

describe('MemoryStore', () => {
  keyValueStoreContract(async () => {
    let now = 1_000_000;
    return { store: new MemoryStore({ clock: () => now }), advance: async (ms) => void (now += ms) };
  });

  it('keeps at most maxEntries keys, dropping expired ones first, then the oldest', async () => {
    let now = 0;
    const store = new MemoryStore({ clock: () => now, maxEntries: 100 });
    await store.set('short-lived', 'x', 10);
    for (let index = 0; index < 100; index++) await store.set(`key-${index}`, 'x', 60_000);
    now = 20;
    await store.set('one-more', 'x', 60_000);
    expect(store.size).toBeLessThanOrEqual(100);
    expect(await store.get('one-more')).toBe('x');
    expect(await store.get('key-99')).toBe('x');
    expect(await store.get('key-0')).toBeUndefined();
  });
});
