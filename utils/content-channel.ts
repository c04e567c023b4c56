import { browser, type Browser } from 'wxt/browser';
import { CHANNEL, classifySender, isEnvelope, type Reply } from '@/utils/message-envelope';
import type { BackgroundProtocol, ContentProtocol, Request, Response } from '@/utils/messaging';

/**
 * The content script's side of the protocol in utils/messaging.ts, without zod (size budget).
 * Types come from the protocol (type-only import); what the content script sends is validated by
 * the background's zod schemas, and what it accepts is checked here: our extension as the sender,
 * a known type, and a request of the expected shape (empty, or a site rule for a preview).
 */

type ContentType = keyof ContentProtocol & string;
type Allowed = 'ping' | 'panel.open' | 'content.loadProductUi';

export class ContentMessageError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export async function sendFromContent<T extends Allowed>(
  type: T,
  data: Request<BackgroundProtocol, T>,
): Promise<Response<BackgroundProtocol, T>> {
  const reply = (await browser.runtime.sendMessage({ channel: CHANNEL, type, data })) as Reply<Response<BackgroundProtocol, T>> | undefined;
  if (!reply || typeof reply !== 'object') throw new ContentMessageError('no_receiver', 'The extension did not answer.');
  if (!reply.ok) throw new ContentMessageError(reply.error.code, reply.error.message);
  return reply.data;
}

type ContentHandlers = { [T in ContentType]: (data: Request<ContentProtocol, T>) => Response<ContentProtocol, T> };

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const hasOnlyKeys = (value: Record<string, unknown>, keys: readonly string[]) => Object.keys(value).every((key) => keys.includes(key));
const isText = (value: unknown, min: number, max: number) => typeof value === 'string' && value.length >= min && value.length <= max;
const isOptionalText = (value: unknown, max: number) => value === undefined || isText(value, 0, max);

/** The same bounds as siteRuleSchema (utils/detect/site-rule-schema.ts), checked by hand. */
function isSiteRule(value: unknown): boolean {
  if (!isRecord(value) || !hasOnlyKeys(value, ['host', 'idKind', 'selector', 'regex', 'skuCatalogName'])) return false;
  return (
    isText(value.host, 1, 253) &&
    isOptionalText(value.idKind, 32) &&
    isOptionalText(value.selector, 500) &&
    isOptionalText(value.regex, 500) &&
    isOptionalText(value.skuCatalogName, 64)
  );
}

/** What each request may contain; anything else is refused before a handler sees it. */
const requestChecks: { [T in ContentType]: (data: unknown) => boolean } = {
  'detection.get': (data) => isRecord(data) && Object.keys(data).length === 0,
  'panel.close': (data) => isRecord(data) && Object.keys(data).length === 0,
  'detection.preview': (data) => isRecord(data) && hasOnlyKeys(data, ['rule']) && isSiteRule(data.rule),
};

/** A script may serve a subset (a message nobody answers reaches the sender as a missing reply). */
export function serveInContent(handlers: Partial<ContentHandlers>, options: { active?: () => boolean } = {}): () => void {
  const listener = (message: unknown, sender: Browser.runtime.MessageSender): Promise<Reply> | undefined => {
    if (!isEnvelope(message) || !Object.hasOwn(handlers, message.type)) return undefined;
    // Stand aside (send no reply) so another script in this frame answers instead.
    if (options.active && !options.active()) return undefined;
    const type = message.type as ContentType;
    if (classifySender(sender) !== 'extension') {
      return Promise.resolve({ ok: false, error: { code: 'forbidden_sender', message: 'Request refused.' } });
    }
    if (!requestChecks[type](message.data)) {
      return Promise.resolve({ ok: false, error: { code: 'bad_request', message: 'The request was malformed.' } });
    }
    const handler = handlers[type] as (data: unknown) => unknown;
    try {
      return Promise.resolve({ ok: true, data: handler(message.data) });
    } catch {
      return Promise.resolve({ ok: false, error: { code: 'internal', message: 'The page could not be read.' } });
    }
  };
  browser.runtime.onMessage.addListener(listener);
  return () => browser.runtime.onMessage.removeListener(listener);
}
