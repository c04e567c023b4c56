/**
 * The shared state of the token backend (catalog cache, onboarding locks; rate limits, budgets and
 * image ownership) behind one small interface, so one process can keep it in memory and a fleet can
 * share it (Redis on Node, a Durable Object on Workers). Values are strings; every key expires.
 */
export interface KeyValueStore {
  get(key: string): Promise<string | undefined>;
  /** Stores `value` for `ttlMs`, replacing any value and expiry. */
  set(key: string, value: string, ttlMs: number): Promise<void>;
  /** Stores `value` for `ttlMs` only when `key` holds nothing; true when this call stored it. */
  setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean>;
  /**
   * Adds `by` to the whole number at `key` (nothing counts as 0) and answers the new value, in one
   * step no other caller can interleave with. A key this call creates expires after `ttlMs`; an
   * existing key keeps its expiry.
   */
  increment(key: string, by: number, ttlMs: number): Promise<number>;
  delete(key: string): Promise<void>;
  /** Lets go of connections; the store is not used afterwards. */
  close(): Promise<void>;
}

/** The store cannot be reached (Redis down...): the request is answered 503, nothing is decided. */
export class StoreUnavailableError extends Error {
  override name = 'StoreUnavailableError';
}

interface Entry {
  value: string;
  expiresAt: number;
  /** Written by `increment`: a rate limit, budget or allowance, which a full store drops last. */
  counter?: boolean;
}

export interface MemoryStoreOptions {
  /** Milliseconds since the epoch; injectable for tests. */
  clock?: () => number;
  /**
   * Bound on kept keys, so a flood of clients cannot grow memory without limit. When it is full,
   * expired keys go first, then the oldest written values (cache, locks, image owners); counters
   * (rate limits, budgets) go only when they alone fill it, since dropping one resets a limit.
   */
  maxEntries?: number;
}

/** The default store: this process's memory. Enough for one instance; a fleet needs a shared store. */
export class MemoryStore implements KeyValueStore {
  private readonly entries = new Map<string, Entry>();
  private readonly clock: () => number;
  private readonly maxEntries: number;

  constructor(options: MemoryStoreOptions = {}) {
    this.clock = options.clock ?? Date.now;
    this.maxEntries = options.maxEntries ?? 100_000;
  }

  async get(key: string): Promise<string | undefined> {
    return this.live(key)?.value;
  }

  async set(key: string, value: string, ttlMs: number): Promise<void> {
    this.write(key, { value, expiresAt: this.clock() + ttlMs });
  }

  async setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean> {
    if (this.live(key)) return false;
    this.write(key, { value, expiresAt: this.clock() + ttlMs });
    return true;
  }

  async increment(key: string, by: number, ttlMs: number): Promise<number> {
    const entry = this.live(key);
    const current = entry ? Number(entry.value) : 0;
    if (!Number.isInteger(current)) throw new Error(`The value at ${key} is not a whole number.`);
    const next = current + by;
    if (entry) entry.value = String(next);
    else this.write(key, { value: String(next), expiresAt: this.clock() + ttlMs, counter: true });
    return next;
  }

  async delete(key: string): Promise<void> {
    this.entries.delete(key);
  }

  async close(): Promise<void> {
    this.clear();
  }

  clear(): void {
    this.entries.clear();
  }

  /** Number of keys held, expired ones included until they are swept (tests, benchmarks). */
  get size(): number {
    return this.entries.size;
  }

  private live(key: string): Entry | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt > this.clock()) return entry;
    this.entries.delete(key);
    return undefined;
  }

  private write(key: string, entry: Entry): void {
    // Re-insert so Map order is write order and eviction drops the stalest key.
    this.entries.delete(key);
    this.entries.set(key, entry);
    if (this.entries.size <= this.maxEntries) return;
    // Sweep expired keys, then the oldest values, then (only if they alone fill the store) the oldest
    // counters, down to 90 % so a full store is not swept on every write.
    const now = this.clock();
    for (const [stale, held] of this.entries) if (held.expiresAt <= now) this.entries.delete(stale);
    const target = Math.floor(this.maxEntries * 0.9);
    for (const [oldest, held] of this.entries) {
      if (this.entries.size <= target) break;
      if (!held.counter && oldest !== key) this.entries.delete(oldest);
    }
    for (const oldest of this.entries.keys()) {
      if (this.entries.size <= target) break;
      this.entries.delete(oldest);
    }
  }
}
