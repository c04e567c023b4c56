/**
 * Token-bucket rate limiting per client, in memory. Each client starts with `burst` requests and
 * earns back `perMinute` per minute. State is per process (per isolate on edge runtimes), which is
 * enough to stop a runaway client; a fleet-wide limit belongs in the platform in front of it.
 */

export interface RateLimiterOptions {
  burst: number;
  perMinute: number;
  /** Milliseconds since the epoch; injectable for tests. */
  clock?: () => number;
  /** Bound on remembered clients so a flood of addresses cannot grow memory without limit. */
  maxClients?: number;
}

export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

interface Bucket {
  tokens: number;
  updatedAt: number;
}

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly clock: () => number;
  private readonly maxClients: number;
  private readonly refillPerMs: number;

  constructor(private readonly options: RateLimiterOptions) {
    this.clock = options.clock ?? Date.now;
    this.maxClients = options.maxClients ?? 10_000;
    this.refillPerMs = options.perMinute / 60_000;
  }

  take(client: string): RateDecision {
    const now = this.clock();
    const bucket = this.refill(client, now);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true };
    }
    const waitMs = (1 - bucket.tokens) / this.refillPerMs;
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) };
  }

  reset(): void {
    this.buckets.clear();
  }

  private refill(client: string, now: number): Bucket {
    let bucket = this.buckets.get(client);
    if (bucket) {
      // Re-insert so Map order tracks recent use and eviction drops the stalest client.
      this.buckets.delete(client);
      const earned = Math.max(0, now - bucket.updatedAt) * this.refillPerMs;
      bucket = { tokens: Math.min(this.options.burst, bucket.tokens + earned), updatedAt: now };
    } else {
      bucket = { tokens: this.options.burst, updatedAt: now };
    }
    this.buckets.set(client, bucket);
    if (this.buckets.size > this.maxClients) {
      const stalest = this.buckets.keys().next().value;
      if (stalest !== undefined) this.buckets.delete(stalest);
    }
    return bucket;
  }
}
