import { AppError } from '@/utils/errors';
import type { ConfirmAction } from '@/utils/confirm-actions';
import type { Product } from '@/utils/product';

/**
 * Where the panel cannot prove it is visible to the shopper (no IntersectionObserver v2), a costly
 * click in it counts only once the shopper confirms it in a small extension window: a surface the
 * store page cannot cover or reach. Each request belongs to the panel session that asked, is answered
 * once, only by the window opened for it, and counts as declined when that window closes or time runs out.
 */


export interface ConfirmationRequest {
  sessionId: string;
  action: ConfirmAction;
  product: Product;
}

export interface ConfirmationDetails {
  action: ConfirmAction;
  productName?: string;
  /** The store page's host, so the shopper sees where the click came from. */
  pageHost: string;
}

export interface Confirmations {
  /** Opens the window and resolves to the shopper's answer (false when closed unanswered or timed out). */
  ask(request: ConfirmationRequest): Promise<boolean>;
  /** What the window asks about; only the window opened for `id`. */
  details(id: string, windowId: number | undefined): ConfirmationDetails;
  /** The window's answer; counts once. */
  answer(id: string, windowId: number | undefined, confirmed: boolean): void;
  /** A window closed: its question, if still open, is declined. */
  windowClosed(windowId: number): void;
}

export interface ConfirmationDeps {
  newId(): string;
  /** Opens the confirmation page for `id` in a window of its own; resolves to the window's id. */
  openWindow(id: string): Promise<number | undefined>;
  closeWindow(windowId: number): Promise<void>;
  setTimer(run: () => void, ms: number): () => void;
  timeoutMs?: number;
}

export const confirmationTimeoutMs = 60_000;

interface Pending {
  request: ConfirmationRequest;
  windowId?: number;
  settle(confirmed: boolean): void;
}

export function createConfirmations({ newId, openWindow, closeWindow, setTimer, timeoutMs = confirmationTimeoutMs }: ConfirmationDeps): Confirmations {
  const pending = new Map<string, Pending>();

  const find = (id: string, windowId: number | undefined): Pending => {
    const entry = pending.get(id);
    if (!entry || entry.windowId === undefined || entry.windowId !== windowId) {
      throw new AppError('forbidden_sender', 'This confirmation has expired. Click the button in the try-on panel again.');
    }
    return entry;
  };

  return {
    ask(request) {
      // One question per panel at a time: a new one replaces (declines) the previous.
      for (const entry of [...pending.values()]) if (entry.request.sessionId === request.sessionId) entry.settle(false);
      const id = newId();
      return new Promise<boolean>((resolve) => {
        let cancelTimer = () => {};
        const entry: Pending = {
          request,
          settle(confirmed) {
            if (pending.get(id) !== entry) return;
            pending.delete(id);
            cancelTimer();
            if (entry.windowId !== undefined) void closeWindow(entry.windowId).catch(() => undefined);
            resolve(confirmed);
          },
        };
        pending.set(id, entry);
        cancelTimer = setTimer(() => entry.settle(false), timeoutMs);
        openWindow(id).then(
          (windowId) => {
            if (pending.get(id) !== entry) {
              if (windowId !== undefined) void closeWindow(windowId).catch(() => undefined);
              return;
            }
            entry.windowId = windowId;
            if (windowId === undefined) entry.settle(false);
          },
          () => entry.settle(false),
        );
      });
    },
    details(id, windowId) {
      const { request } = find(id, windowId);
      return { action: request.action, productName: request.product.name, pageHost: hostOf(request.product.pageUrl) };
    },
    answer(id, windowId, confirmed) {
      find(id, windowId).settle(confirmed);
    },
    windowClosed(windowId) {
      for (const entry of pending.values()) if (entry.windowId === windowId) entry.settle(false);
    },
  };
}

function hostOf(url: string | undefined): string {
  try {
    return url ? new URL(url).host : '';
  } catch {
    return '';
  }
}
