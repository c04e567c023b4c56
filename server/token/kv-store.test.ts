import { createClient } from '@redis/client';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { durableObjectStore, SharedState, type DurableObjectNamespaceLike } from './durable-object-store';
import { keyValueStoreContract } from './kv-store-contract';
import { MemoryStore, StoreUnavailableError, type KeyValueStore } from './kv-store';
import { freeLoopbackPort, startRedisServer, type RedisServer } from './redis-harness';
import { connectRedisStore } from './redis-store';

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

  it('when full, drops values before counters, so a flood of values resets no limit or budget', async () => {
    const store = new MemoryStore({ clock: () => 0, maxEntries: 100 });
    await store.increment('budget', 1, 60_000);
    for (let index = 0; index < 500; index++) await store.setIfAbsent(`image-${index}`, 'x', 60_000);
    expect(store.size).toBeLessThanOrEqual(100);
    // Counted in place: still the oldest key, still kept.
    expect(await store.increment('budget', 1, 60_000)).toBe(2);
    expect(await store.get('image-499')).toBe('x');
    expect(await store.get('image-0')).toBeUndefined();
    // Counters alone past the bound still go, oldest first: memory stays bounded.
    for (let index = 0; index < 200; index++) await store.increment(`rate-${index}`, 1, 60_000);
    expect(store.size).toBeLessThanOrEqual(100);
    expect(await store.get('rate-199')).toBe('1');
  });

  it('keeps at most 100 000 keys in memory by default', async () => {
    const store = new MemoryStore();
    for (let index = 0; index < 100_000; index++) await store.set(`key-${index}`, 'v', 60_000);
    expect(store.size).toBe(100_000);
    await store.set('one-more', 'v', 60_000);
    expect(store.size).toBeLessThanOrEqual(100_000);
    expect(await store.get('one-more')).toBe('v');
  });
});

describe('RedisStore (a real redis-server)', () => {
  let redis: RedisServer;
  const stores: KeyValueStore[] = [];
  beforeAll(async () => {
    redis = await startRedisServer();
  }, 20_000);
  afterAll(async () => {
    await Promise.all(stores.splice(0).map((store) => store.close()));
    await redis?.stop();
  });

  let run = 0;
  keyValueStoreContract(async () => {
    const store = await connectRedisStore({ url: redis.url, prefix: `test-${++run}:` });
    stores.push(store);
    return { store, advance: (ms) => new Promise((resolve) => setTimeout(resolve, ms)) };
  });

  it('answers StoreUnavailableError, not a hang, while Redis is away, and works again once it is back', async () => {
    const lines: string[] = [];
    const password = 'redis-password-7c1e';
    const own = await startRedisServer({ password });
    const store = await connectRedisStore({ url: own.url, log: (line) => lines.push(line) });
    stores.push(store);
    await store.set('k', 'v', 10_000);
    await own.stop();
    await expect(store.get('k')).rejects.toBeInstanceOf(StoreUnavailableError);
    const again = await startRedisServer({ port: own.port, password });
    try {
      // The client reconnects with a growing pause (100 ms, 200 ms, ...): wait for its first success.
      let answer: string | undefined | Error = new Error('not yet');
      for (let attempt = 0; attempt < 100 && answer instanceof Error; attempt++) {
        answer = await store.set('k', 'back', 10_000).then(() => store.get('k'), (error: Error) => error);
        if (answer instanceof Error) await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(answer).toBe('back');
    } finally {
      await again.stop();
    }
    expect(lines.some((line) => line.startsWith('Redis:'))).toBe(true);
    expect(lines.join('\n')).not.toContain(password);
  });

  it('uses no command Redis 6 lacks: increments without PEXPIRE ... NX (Redis 7.0 and later only)', async () => {
    const store = await connectRedisStore({ url: redis.url, prefix: 'compat:' });
    stores.push(store);
    const monitor = createClient({ url: redis.url });
    await monitor.connect();
    const seen: string[] = [];
    await monitor.monitor((line) => seen.push(line));
    try {
      expect(await store.increment('count', 1, 5_000)).toBe(1);
      expect(await store.increment('count', 2, 5_000)).toBe(3);
      await store.set('done', 'x', 5_000);
      await expect.poll(() => seen.some((line) => line.includes('"compat:done"'))).toBe(true);
    } finally {
      await monitor.close();
    }
    expect(seen.some((line) => /"incrby" "compat:count"/i.test(line))).toBe(true);
    expect(seen.filter((line) => /"pexpire"/i.test(line) && /"nx"/i.test(line))).toEqual([]);
  });

  it('refuses to start with a sentence when Redis cannot be reached', async () => {
    const port = await freeLoopbackPort();
    await expect(connectRedisStore({ url: `redis://127.0.0.1:${port}`, log: () => undefined })).rejects.toThrow(
      /could not be reached/,
    );
  });
});

describe('Durable Object store (SharedState objects, storage in memory)', () => {
  afterEach(() => vi.useRealTimers());
  keyValueStoreContract(async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    // One object per key, each running one request at a time, as Workers run a Durable Object.
    const objects = new Map<unknown, { object: SharedState; queue: Promise<unknown> }>();
    const namespace: DurableObjectNamespaceLike = {
      idFromName: (name) => name,
      get(id) {
        let held = objects.get(id);
        if (!held) {
          const data = new Map<string, unknown>();
          const storage = {
            get: async <T>(key: string) => data.get(key) as T | undefined,
            put: async (key: string, value: unknown) => void data.set(key, structuredClone(value)),
            deleteAll: async () => data.clear(),
            setAlarm: async () => undefined,
          };
          held = { object: new SharedState({ storage }), queue: Promise.resolve() };
          objects.set(id, held);
        }
        const object = held;
        return {
          fetch(input, init) {
            const answer = object.queue.then(() => object.object.fetch(new Request(input, init)));
            object.queue = answer.catch(() => undefined);
            return answer;
          },
        };
      },
    };
    return { store: durableObjectStore(namespace), advance: async (ms) => void vi.setSystemTime(Date.now() + ms) };
  });
});
