import { browser } from 'wxt/browser';
import { createMessageHandler, request, type Handlers, type Request, type Response } from '@/utils/messaging/channel';
import { contentProtocol, fromContentProtocol, type ContentProtocol, type FromContentProtocol } from '@/utils/messaging/content-protocol';

/** The content scripts' side of the protocol: the same envelope, checks and schemas as every other side. */

/** Ask the background. Rejects with an AppError carrying the handler's code. */
export function sendFromContent<T extends keyof FromContentProtocol & string>(
  type: T,
  data: Request<FromContentProtocol, T>,
): Promise<Response<FromContentProtocol, T>> {
  return request(fromContentProtocol, type, data, (envelope) => browser.runtime.sendMessage(envelope));
}

/**
 * Answers the popup's and panel's requests to this tab. A script may serve a subset: a message it
 * has no handler for (or any message while `active` says no) gets no answer from it, so the other
 * script in the frame answers instead. Returns the function that stops serving.
 */
export function serveInContent(handlers: Partial<Handlers<ContentProtocol>>, options: { active?: () => boolean } = {}): () => void {
  const listener = createMessageHandler(contentProtocol, handlers, { ...options, ignoreUnknown: true });
  browser.runtime.onMessage.addListener(listener);
  return () => browser.runtime.onMessage.removeListener(listener);
}
