import { expect, it } from 'vitest';
import type { KeyValueStore } from './kv-store';

/**
 * What every KeyValueStore must do, run against each implementation. `advance(ms)` lets time pass:
 * a moved clock for the memory store, a real wait for stores that keep time themselves.
 */
export interface StoreUnderTest {
  store: KeyValueStore;
  advance(ms: number): Promise<void>;
}

export function keyValueStoreContract(make: () => Promise<StoreUnderTest>): void {
  it('gets what was set until it expires', async () => {
    const { store, advance } = await make();
    expect(await store.get('a')).toBeUndefined();
    await store.set('a', 'one', 200);
    expect(await store.get('a')).toBe('one');
    await store.set('a', 'two', 200);
    expect(await store.get('a')).toBe('two');
    await advance(300);
    expect(await store.get('a')).toBeUndefined();
  });

  it('sets if absent only once, and again after expiry or delete', async () => {
    const { store, advance } = await make();
    expect(await store.setIfAbsent('lock', 'first', 200)).toBe(true);
    expect(await store.setIfAbsent('lock', 'second', 200)).toBe(false);
    expect(await store.get('lock')).toBe('first');
    await advance(300);
    expect(await store.setIfAbsent('lock', 'third', 200)).toBe(true);
    await store.delete('lock');
    expect(await store.setIfAbsent('lock', 'fourth', 200)).toBe(true);
  });

  it('increments atomically, keeping the expiry the first increment set', async () => {
    const { store, advance } = await make();
    const results = await Promise.all(Array.from({ length: 50 }, () => store.increment('count', 1, 300)));
    expect(results.sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, index) => index + 1));
    expect(await store.increment('count', -5, 300)).toBe(45);
    await advance(150);
    expect(await store.increment('count', 1, 300)).toBe(46);
    await advance(200);
    // 350 ms after the first increment: the key expired although the last one was 200 ms ago.
    expect(await store.increment('count', 1, 300)).toBe(1);
  });

  it('refuses to increment what is not a whole number', async () => {
    const { store } = await make();
    await store.set('text', 'hello', 1000);
    await expect(store.increment('text', 1, 1000)).rejects.toThrow();
  });
}
