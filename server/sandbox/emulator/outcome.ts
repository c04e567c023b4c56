import type { CatalogItem } from '../catalog';
import { ABORT_REASONS, type AbortReason, type FaultController } from '../faults';
import type { Outcome } from './state';

/**
 * How a new operation will end. Tests choose per request, without restarting the sandbox:
 * 1. a test SKU: `SANDBOX-FAIL`, or `SANDBOX-ABORT-<REASON>` (e.g. SANDBOX-ABORT-CHILD_DETECTED);
 * 2. the `x-sandbox-outcome` header: `SUCCESS`, `FAILED`, `ABORTED` or `ABORTED:<REASON>`;
 * 3. otherwise the configured fault shares (`failShare`, `abortShare`), else SUCCESS.
 */

export const FAIL_SKU = 'SANDBOX-FAIL';
export const ABORT_SKU_PREFIX = 'SANDBOX-ABORT-';

const FORCED_FAILURE = 'Generation failed (forced by the sandbox).';

function asAbortReason(value: string): AbortReason | null {
  const upper = value.toUpperCase();
  return (ABORT_REASONS as readonly string[]).includes(upper) ? (upper as AbortReason) : null;
}

/** The outcome a test SKU asks for; null for ordinary SKUs (and for SANDBOX-ABORT-<not a reason>). */
export function outcomeFromTestSku(sku: string): Outcome | null {
  const upper = sku.toUpperCase();
  if (upper === FAIL_SKU) return { status: 'FAILED', error: FORCED_FAILURE };
  if (upper.startsWith(ABORT_SKU_PREFIX)) {
    const reason = asAbortReason(upper.slice(ABORT_SKU_PREFIX.length));
    return reason ? { status: 'ABORTED', reason } : null;
  }
  return null;
}

/** A catalog stand-in for a test SKU, so it passes the catalog check like a real product. */
export function testSkuItem(sku: string): CatalogItem {
  return {
    sku,
    alsoKnownAs: [],
    productId: sku,
    name: 'Sandbox test item',
    brand: 'Sandbox',
    price: '1.00',
    currency: 'EUR',
    garment: 'tee',
    color: [150, 150, 150],
    colorName: 'Grey',
    accent: [90, 90, 90],
    page: `/lab/product?sku=${encodeURIComponent(sku)}`,
    description: 'A SKU that makes the sandbox end the operation in a chosen way.',
  };
}

export type HeaderOutcome = { ok: true; outcome: Outcome | null } | { ok: false; message: string };

export function outcomeFromHeader(value: string | null, faults: FaultController): HeaderOutcome {
  if (value === null || value.trim() === '') return { ok: true, outcome: null };
  const [status = '', reason] = value.trim().toUpperCase().split(':');
  if (status === 'SUCCESS') return { ok: true, outcome: { status: 'SUCCESS' } };
  if (status === 'FAILED') return { ok: true, outcome: { status: 'FAILED', error: FORCED_FAILURE } };
  if (status === 'ABORTED') {
    const abortReason = reason === undefined ? faults.get().abortReason : asAbortReason(reason);
    if (abortReason) return { ok: true, outcome: { status: 'ABORTED', reason: abortReason } };
  }
  return {
    ok: false,
    message: `x-sandbox-outcome must be SUCCESS, FAILED, ABORTED or ABORTED:<${ABORT_REASONS.join('|')}>.`,
  };
}

export function decideOutcome(testSkuOutcome: Outcome | null, headerOutcome: Outcome | null, faults: FaultController): Outcome {
  if (testSkuOutcome) return testSkuOutcome;
  if (headerOutcome) return headerOutcome;
  const forced = faults.decideOutcome();
  if (forced?.status === 'ABORTED') return forced;
  if (forced?.status === 'FAILED') return { status: 'FAILED', error: FORCED_FAILURE };
  return { status: 'SUCCESS' };
}
