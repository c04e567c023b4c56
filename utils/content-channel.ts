import { browser, type Browser } from 'wxt/browser';
import { CHANNEL, classifySender, isEnvelope, type Reply } from '@/utils/message-envelope';
import type { BackgroundProtocol, ContentProtocol, Request, Response } from '@/utils/messaging';

/**
 * The content script's side of the protocol in utils/messaging.ts, without zod (size budget).
 * Types come from the protocol (type-only import); what the content script sends is validated by
 * the background's zod schemas, and what it accepts is checked here: our extension as the sender,
 * a known type, and an empty request.
 */

type ContentType = keyof ContentProtocol & string;
type Allowed = 'ping' | 'panel.open';

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

type ContentHandlers = { [T in ContentType]: () => Response<ContentProtocol, T> };

export function serveInContent(handlers: ContentHandlers): () => void {
  const listener = (message: unknown, sender: Browser.runtime.MessageSender): Promise<Reply> | undefined => {
    if (!isEnvelope(message) || !Object.hasOwn(handlers, message.type)) return undefined;
    const { data } = message;
    const emptyRequest = typeof data === 'object' && data !== null && Object.keys(data).length === 0;
    if (classifySender(sender) !== 'extension' || !emptyRequest) {
      return Promise.resolve({ ok: false, error: { code: 'forbidden_sender', message: 'Request refused.' } });
    }
    return Promise.resolve({ ok: true, data: handlers[message.type as ContentType]() });
  };
  browser.runtime.onMessage.addListener(listener);
  return () => browser.runtime.onMessage.removeListener(listener);
}
