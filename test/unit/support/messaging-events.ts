import { act } from 'preact/test-utils';
import { vi } from 'vitest';

/**
 * A stand-in for `@/utils/messaging` in component tests, with the background's events under the test's
 * control. In the test file: `vi.mock('@/utils/messaging', () => import('../../support/messaging-events'))`,
 * then import `sendMessage`, `announce` and `resetMessaging` from here (the mock and the test share them).
 */
export const sendMessage = vi.fn();

/** What the background announces to open pages, by event type. */
const eventListeners = new Map<string, Set<() => void>>();

export function onEvent(type: string, listener: () => void): () => void {
  const listeners = eventListeners.get(type) ?? new Set();
  eventListeners.set(type, listeners.add(listener));
  return () => listeners.delete(listener);
}

/** The background announces `type` to every page listening. */
export const announce = (type: string) => act(() => eventListeners.get(type)?.forEach((listener) => listener()));

export function resetMessaging(): void {
  sendMessage.mockReset();
  eventListeners.clear();
}
