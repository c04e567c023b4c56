import { browser, type Browser } from 'wxt/browser';

/**
 * The zod-free core of the protocol in utils/messaging.ts: the envelope every message travels in and
 * how a receiver tells who sent it. Kept apart so the content script can use it without zod, whose
 * weight would break the content script's size budget.
 */
export const CHANNEL = 'shop-try-on';
export const EVENT_CHANNEL = `${CHANNEL}:event`;

export type Sender = 'extension' | 'content';

export interface Envelope {
  channel: typeof CHANNEL;
  type: string;
  data: unknown;
}

export type Reply<T = unknown> = { ok: true; data: T } | { ok: false; error: { code: string; message: string } };

/** Who sent a message, judged by the browser's own sender record, never by the payload. */
export function classifySender(sender: Browser.runtime.MessageSender): Sender | null {
  if (sender.id !== browser.runtime.id) return null;
  // Compare with the extension's own base URL (chrome-extension://ID/, moz-extension://UUID/).
  if ((sender.url ?? '').startsWith(browser.runtime.getURL('/'))) return 'extension';
  return sender.tab?.id !== undefined ? 'content' : null;
}

export function isEnvelope(message: unknown): message is Envelope {
  if (typeof message !== 'object' || message === null) return false;
  const { channel, type } = message as Partial<Envelope>;
  return channel === CHANNEL && typeof type === 'string' && type.length <= 64;
}
