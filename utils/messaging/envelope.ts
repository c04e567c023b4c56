import { browser, type Browser } from 'wxt/browser';

/**
 * What every message carries and how a receiver tells who sent it, without zod: the probe content
 * script, which runs on every page, routes by these and nothing else (it takes no data from
 * messages). Everything that does carry data is checked against its schema in channel.ts.
 */
export const CHANNEL = 'shop-try-on';
export const EVENT_CHANNEL = `${CHANNEL}:event`;

/**
 * - `extension`: the extension's own pages (popup, panel, options) and the background;
 * - `content`: our content script in a store tab (its data comes from the page, so it is untrusted
 *   and may only ask for things a page visit justifies, never start a try-on).
 * Page scripts cannot send runtime messages at all (no `externally_connectable`).
 */
export type Sender = 'extension' | 'content';

/** Who sent a message, judged by the browser's own sender record, never by the payload. */
export function classifySender(sender: Browser.runtime.MessageSender): Sender | null {
  if (sender.id !== browser.runtime.id) return null;
  // Compare with the extension's own base URL (chrome-extension://ID/, moz-extension://UUID/).
  if ((sender.url ?? '').startsWith(browser.runtime.getURL('/'))) return 'extension';
  return sender.tab?.id !== undefined ? 'content' : null;
}

export function toEnvelope(type: string, data: unknown): { channel: typeof CHANNEL; type: string; data: unknown } {
  return { channel: CHANNEL, type, data };
}

/** Routes a message by its channel and type alone; its data is for the receiver's schema to judge. */
export function isMessageOfType(message: unknown, type: string): boolean {
  return typeof message === 'object' && message !== null && (message as { channel?: unknown }).channel === CHANNEL && (message as { type?: unknown }).type === type;
}
