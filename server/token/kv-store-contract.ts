import { expect, it } from 'vitest';
import { StoreUnavailableError, type KeyValueStore } from './kv-store';

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
    await store.set('a', 'one', 1000);
    expect(await store.get('a')).toBe('one');
    await store.set('a', 'two', 1000);
    expect(await store.get('a')).toBe('two');
    await advance(1500);
    expect(await store.get('a')).toBeUndefined();
  });

  it('sets if absent only once, and again after expiry or delete', async () => {
    const { store, advance } = await make();
    expect(await store.setIfAbsent('lock', 'first', 1000)).toBe(true);
    expect(await store.setIfAbsent('lock', 'second', 1000)).toBe(false);
    expect(await store.get('lock')).toBe('first');
    await advance(1500);
    expect(await store.setIfAbsent('lock', 'third', 1000)).toBe(true);
    await store.delete('lock');
    expect(await store.setIfAbsent('lock', 'fourth', 1000)).toBe(true);
  });

  it('increments atomically, keeping the expiry the first increment set', async () => {
    const { store, advance } = await make();
    const results = await Promise.all(Array.from({ length: 50 }, () => store.increment('count', 1, 2000)));
    expect(results.sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, index) => index + 1));
    expect(await store.increment('count', -5, 2000)).toBe(45);
    await advance(1000);
    expect(await store.increment('count', 1, 2000)).toBe(46);
    await advance(1300);
    // 2.3 s after the first increment: the key expired although the last one was 1.3 s ago.
    expect(await store.increment('count', 1, 2000)).toBe(1);
  });

  it('refuses to increment what is not a whole number, as a failed command, not as an unreachable store', async () => {
    const { store } = await make();
    await store.set('text', 'hello', 1000);
    const failed: unknown = await store.increment('text', 1, 1000).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failed).toBeInstanceOf(Error);
    // Unreachable would answer 503 "try again"; a failed command is a fault that retrying does not mend.
    expect(failed).not.toBeInstanceOf(StoreUnavailableError);
    expect(await store.get('text')).toBe('hello');
  });
}
