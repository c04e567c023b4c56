import { z } from 'zod';
import type { RandomStreams } from './seeded-random';

/**
 * Fault injection for the sandbox: extra latency, a share of 429/500/503 answers, requests that hang,
 * and operations forced to FAILED or ABORTED. Set at start (CLI flags, env), at run time
 * (`POST /__sandbox/faults`, `setFaults`) or per request (`x-sandbox-fault` header).
 */

export const ABORT_REASONS = [
  'NO_PEOPLE_DETECTED',
  'TOO_MANY_PEOPLE_DETECTED',
  'CHILD_DETECTED',
  'INSUFFICIENT_TARGET_AREA',
  'INTERNAL_RESTRICTION',
] as const;
export type AbortReason = (typeof ABORT_REASONS)[number];

export const FAULT_KINDS = ['429', '500', '503', 'hang'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

/** How the preparation of a new SKU item ends (`capabilities_readiness`), unless its pictures decide otherwise. */
export const SKU_READINESS_OUTCOMES = ['ready', 'rejected', 'failed'] as const;
export type SkuReadinessOutcome = (typeof SKU_READINESS_OUTCOMES)[number];

/** Names of what can be faulted: the emulator's endpoints, its image files, the token server and its catalog endpoint. */
export const ROUTE_NAMES = [
  'upload',
  'get_uploaded',
  'delete_uploaded',
  'delete_generated',
  'create',
  'status',
  'models',
  'list_sku_items',
  'create_sku_item',
  'get_sku_item',
  'image_file',
  'token',
  'catalog',
] as const;
export type RouteName = (typeof ROUTE_NAMES)[number];

/** Routes faulted when `routes` is null: every JSON endpoint of the emulator (not image files, not the token server's routes). */
export const DEFAULT_FAULTED_ROUTES: readonly RouteName[] = [
  'upload',
  'get_uploaded',
  'delete_uploaded',
  'delete_generated',
  'create',
  'status',
  'models',
  'list_sku_items',
  'create_sku_item',
  'get_sku_item',
];

const share = z.number().min(0).max(1);

export const faultsSchema = z.strictObject({
  /** Added before every faulted response. */
  latencyMs: z.number().int().min(0).max(120_000),
  rate429: share,
  rate500: share,
  rate503: share,
  /** Share of requests that never get an answer (until the client gives up or the sandbox closes). */
  rateHang: share,
  retryAfterSeconds: z.number().int().min(0).max(3600),
  /** Share of new operations that end FAILED. */
  failShare: share,
  /** Share of new operations that end ABORTED with `abortReason`. */
  abortShare: share,
  abortReason: z.enum(ABORT_REASONS),
  /** How SKU items created from now on end their preparation; `ready` lets their pictures decide. */
  skuReadiness: z.enum(SKU_READINESS_OUTCOMES),
  /** Deterministic faults: the next faulted requests get these, one each, in order. */
  next: z.array(z.enum(FAULT_KINDS)).max(100),
  /** Which routes the faults above apply to; null = DEFAULT_FAULTED_ROUTES. */
  routes: z.array(z.enum(ROUTE_NAMES)).nullable(),
});

export type SandboxFaults = z.infer<typeof faultsSchema>;

export const NO_FAULTS: SandboxFaults = {
  latencyMs: 0,
  rate429: 0,
  rate500: 0,
  rate503: 0,
  rateHang: 0,
  retryAfterSeconds: 2,
  failShare: 0,
  abortShare: 0,
  abortReason: 'NO_PEOPLE_DETECTED',
  skuReadiness: 'ready',
  next: [],
  routes: null,
};

export type FaultDecision = { kind: 'none' } | { kind: FaultKind };

export class FaultController {
  private current: SandboxFaults;

  constructor(
    private readonly initial: SandboxFaults,
    private readonly random: RandomStreams,
  ) {
    this.current = structuredClone(initial);
  }

  /** Replays the random decisions (`SANDBOX_SEED`). */
  get seed(): number {
    return this.random.seed;
  }

  get(): SandboxFaults {
    return structuredClone(this.current);
  }

  /** Merges a partial update; throws a ZodError naming the bad field. */
  set(update: Partial<SandboxFaults>): SandboxFaults {
    this.current = faultsSchema.parse({ ...this.current, ...update });
    return this.get();
  }

  /** Start values again, and the random decisions start over from the seed. */
  reset(): void {
    this.current = structuredClone(this.initial);
    this.random.reset();
  }

  appliesTo(route: RouteName): boolean {
    return (this.current.routes ?? DEFAULT_FAULTED_ROUTES).includes(route);
  }

  get latencyMs(): number {
    return this.current.latencyMs;
  }

  get retryAfterSeconds(): number {
    return this.current.retryAfterSeconds;
  }

  /** Decides the fault for one request to a faulted route (consumes one `next` entry if any). */
  decide(route: RouteName): FaultDecision {
    const queued = this.current.next.shift();
    if (queued) return { kind: queued };
    const roll = this.random.next(`fault:${route}`);
    let threshold = 0;
    for (const [kind, rate] of [
      ['429', this.current.rate429],
      ['500', this.current.rate500],
      ['503', this.current.rate503],
      ['hang', this.current.rateHang],
    ] as const) {
      threshold += rate;
      if (roll < threshold) return { kind };
    }
    return { kind: 'none' };
  }

  /** The end state forced on a new operation by the configured shares, if any. */
  decideOutcome(): { status: 'FAILED' } | { status: 'ABORTED'; reason: AbortReason } | null {
    const roll = this.random.next('outcome');
    if (roll < this.current.abortShare) return { status: 'ABORTED', reason: this.current.abortReason };
    if (roll < this.current.abortShare + this.current.failShare) return { status: 'FAILED' };
    return null;
  }
}

/** Parses an `x-sandbox-fault` header value; null when absent or not a fault kind. */
export function faultFromHeader(value: string | null): FaultKind | null {
  const trimmed = value?.trim().toLowerCase();
  return (FAULT_KINDS as readonly string[]).includes(trimmed ?? '') ? (trimmed as FaultKind) : null;
}

/** Waits `ms`, or less if the request is aborted meanwhile. */
export function delay(ms: number, signal: AbortSignal): Promise<void> {
  if (ms <= 0 || signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
  });
}

/** A hung request: resolves only when the client goes away or the server closes the connection. */
export function waitForAbort(signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
}

export interface FaultAnswer {
  status: number;
  code: string;
  message: string;
  headers: Record<string, string>;
}

/** What a 429/500/503 fault answers, in words any client can show. */
export function faultAnswer(kind: Exclude<FaultKind, 'hang'>, retryAfterSeconds: number): FaultAnswer {
  const retryAfter = { 'Retry-After': String(retryAfterSeconds) };
  switch (kind) {
    case '429':
      return { status: 429, code: 'rate_limited', message: 'Too many requests; slow down and retry later.', headers: retryAfter };
    case '503':
      return { status: 503, code: 'service_unavailable', message: 'The service is temporarily unavailable.', headers: retryAfter };
    case '500':
      return { status: 500, code: 'internal_error', message: 'Unexpected server error.', headers: {} };
  }
}
