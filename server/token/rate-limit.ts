import type { KeyValueStore } from './kv-store';

/**
 * Rate limiting per client in the shared store, so every instance behind one store enforces one
 * limit. A sliding window over two fixed windows (a counter each, the previous one weighted by how
 * much of it still overlaps the window): `burst` requests at once, `perMinute` sustained. Windows
 * are `burst / perMinute` minutes long. A refused request is taken back, so hammering while limited
 * does not push the limit further out.
 */

export interface RateLimiterOptions {
  burst: number;
  perMinute: number;
  /** Milliseconds since the epoch; injectable for tests. */
  clock?: () => number;
}

export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

export class RateLimiter {
  private readonly clock: () => number;
  private readonly windowMs: number;

  constructor(
    private readonly store: KeyValueStore,
    private readonly options: RateLimiterOptions,
  ) {
    this.clock = options.clock ?? Date.now;
    this.windowMs = Math.max(1, Math.round((options.burst * 60_000) / options.perMinute));
  }

  async take(client: string): Promise<RateDecision> {
    const now = this.clock();
    const window = Math.floor(now / this.windowMs);
    const elapsed = now - window * this.windowMs;
    const key = `rate:${client}:${window}`;
    const [count, previousText] = await Promise.all([
      this.store.increment(key, 1, 2 * this.windowMs),
      this.store.get(`rate:${client}:${window - 1}`),
    ]);
    const previous = Number(previousText ?? 0);
    const { burst } = this.options;
    // The requests before this one in the sliding window (the previous window's share estimated as
    // evenly spread) must leave room for it.
    if (previous * ((this.windowMs - elapsed) / this.windowMs) + (count - 1) < burst) return { allowed: true };
    await this.store.increment(key, -1, 2 * this.windowMs);
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(this.waitMs(previous, count, elapsed) / 1000)) };
  }

  /** Time until a request would fit, with `count` requests (this refused one included) in the current window. */
  private waitMs(previous: number, count: number, elapsed: number): number {
    const { burst } = this.options;
    const window = this.windowMs;
    // In this window, once enough of the previous one has slid out.
    if (count <= burst && previous > 0) return window - ((burst - count + 1) * window) / previous - elapsed + 1;
    // Otherwise in the next window, where this window's requests (less the refused one) are the previous ones.
    const carried = count - 1;
    const intoNext = carried >= burst ? window - (burst * window) / carried + 1 : 0;
    return window - elapsed + intoNext;
  }
}
