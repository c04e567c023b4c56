import type { Failure } from './http';
import type { KeyValueStore } from './kv-store';

/**
 * Daily try-on budgets (`AIUTA_DAILY_TRY_ONS`): `create_try_on` tokens per UTC day for the whole
 * subscription and, optionally, per client. Counted in the shared store, so a fleet has one budget.
 * A refused request is taken back, so hammering does not eat tomorrow's budget.
 */

export interface BudgetLimits {
  perSubscription: number;
  perClient?: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;

export class TryOnBudget {
  constructor(
    private readonly store: KeyValueStore,
    private readonly limits: BudgetLimits,
    private readonly clock: () => number,
  ) {}

  /** Counts one try-on for `client`; null when it fits, else the 429 to answer. */
  async charge(client: string): Promise<Failure | null> {
    const { day, resetInMs, ttlMs } = utcDay(this.clock());
    const counted: string[] = [];
    const refuse = async (who: string) => {
      await Promise.all(counted.map((key) => this.store.increment(key, -1, ttlMs)));
      const seconds = Math.ceil(resetInMs / 1000);
      return {
        status: 429,
        error: 'budget_exhausted',
        message: `${who} for today is used up; try again after midnight UTC (in ${formatDuration(seconds)}).`,
        headers: { 'Retry-After': String(seconds) },
      };
    };
    if (this.limits.perClient !== undefined) {
      const key = `budget:client:${client}:${day}`;
      counted.push(key);
      if ((await this.store.increment(key, 1, ttlMs)) > this.limits.perClient) return refuse('Your try-on allowance');
    }
    const key = `budget:subscription:${day}`;
    counted.push(key);
    if ((await this.store.increment(key, 1, ttlMs)) > this.limits.perSubscription) return refuse('This store\'s try-on budget');
    return null;
  }
}

/**
 * Today (UTC) for daily counters: its date, how long until midnight, and how long a counter of it is
 * kept (a little past midnight, so a slow clock elsewhere still counts into the same day).
 */
export function utcDay(now: number): { day: string; resetInMs: number; ttlMs: number } {
  const resetInMs = DAY_MS - (now % DAY_MS);
  return { day: new Date(now).toISOString().slice(0, 10), resetInMs, ttlMs: resetInMs + 60 * 60 * 1000 };
}

export function formatDuration(seconds: number): string {
  const hours = Math.floor(seconds / 3600);
  const minutes = Math.ceil((seconds % 3600) / 60);
  return hours > 0 ? `${hours} h ${minutes} min` : `${minutes} min`;
}
