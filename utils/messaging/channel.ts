import * as z from 'zod/mini';
import type { Browser } from 'wxt/browser';
import { AppError, appErrorSchema, toAppError } from '@/utils/errors';
import { CHANNEL, classifySender, toEnvelope, type Sender } from '@/utils/messaging/envelope';

// Extension pages forbid eval by CSP, and in a store page an eval attempt could be noticed: zod's
// JIT must never probe for it. Every context that parses anything imports this module.
z.config({ jitless: true });

/**
 * Sending and answering, with every request and every response checked against its schema.
 * zod/mini, so the product UI content script uses this very code within its size budget.
 */

export interface MessageDef<Req extends z.core.$ZodType = z.core.$ZodType, Res extends z.core.$ZodType = z.core.$ZodType> {
  request: Req;
  response: Res;
  from: readonly Sender[];
}

export const define = <Req extends z.core.$ZodType, Res extends z.core.$ZodType>(def: MessageDef<Req, Res>) => def;

export type Protocol = Record<string, MessageDef>;
export type Request<P extends Protocol, T extends keyof P> = z.input<P[T]['request']>;
export type Response<P extends Protocol, T extends keyof P> = z.output<P[T]['response']>;
export type Handlers<P extends Protocol> = {
  [T in keyof P]: (data: z.output<P[T]['request']>, sender: Browser.runtime.MessageSender) => Promise<Response<P, T>> | Response<P, T>;
};

export const envelopeSchema = z.object({ channel: z.literal(CHANNEL), type: z.string().check(z.maxLength(64)), data: z.unknown() });
export const replySchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), data: z.unknown() }),
  z.object({ ok: z.literal(false), error: appErrorSchema }),
]);
export type Reply = z.infer<typeof replySchema>;

function parseOrThrow<S extends z.core.$ZodType>(schema: S, value: unknown, code: 'bad_request' | 'bad_response', what: string): z.output<S> {
  const parsed = z.safeParse(schema, value);
  if (parsed.success) return parsed.data;
  throw new AppError(code, `The extension received a malformed ${what}: ${z.prettifyError(parsed.error)}`);
}

/** Sends one request and returns the checked response; rejects with an AppError carrying the handler's code. */
export async function request<P extends Protocol, T extends keyof P & string>(
  protocol: P,
  type: T,
  data: Request<P, T>,
  send: (envelope: unknown) => Promise<unknown>,
): Promise<Response<P, T>> {
  const def = protocol[type]!;
  const payload = parseOrThrow(def.request, data, 'bad_request', `"${type}" request`);
  let raw: unknown;
  try {
    raw = await send(toEnvelope(type, payload));
  } catch (error) {
    throw new AppError('no_receiver', 'Part of the extension is not running. Reload the page and try again.', { cause: error });
  }
  const reply = parseOrThrow(replySchema, raw, 'bad_response', `reply to "${type}"`);
  if (!reply.ok) throw new AppError(reply.error.code, reply.error.message, { params: reply.error.params });
  return parseOrThrow(def.response, reply.data, 'bad_response', `reply to "${type}"`) as Response<P, T>;
}

export interface ReceiverOptions {
  /** Returning false stands aside (no answer), so another script in the frame answers instead. */
  active?: () => boolean;
  /** Types outside the protocol get no answer (content scripts) instead of an `unknown_message` error. */
  ignoreUnknown?: boolean;
}

/**
 * Builds the receiving side: validates the envelope, the sender and the payload, runs the handler,
 * and always answers with a reply the caller can parse (errors become typed values, never throws).
 * Returns undefined (no answer) for messages of other channels and for types without a handler here,
 * so another listener may answer them.
 */
export function createMessageHandler<P extends Protocol>(protocol: P, handlers: Partial<Handlers<P>>, options: ReceiverOptions = {}) {
  return (message: unknown, sender: Browser.runtime.MessageSender): Promise<Reply> | undefined => {
    const envelope = z.safeParse(envelopeSchema, message);
    if (!envelope.success) return undefined;
    const { type, data } = envelope.data;
    const def = Object.hasOwn(protocol, type) ? protocol[type] : undefined;
    const handler = def && Object.hasOwn(handlers, type) ? handlers[type] : undefined;
    if ((def && !handler) || (!def && options.ignoreUnknown)) return undefined;
    if (options.active && !options.active()) return undefined;
    return (async (): Promise<Reply> => {
      try {
        if (!def || !handler) throw new AppError('unknown_message', `Unknown request "${type}".`);
        const from = classifySender(sender);
        if (!from || !def.from.includes(from)) {
          throw new AppError('forbidden_sender', `"${type}" is not allowed from this context.`);
        }
        const payload = parseOrThrow(def.request, data, 'bad_request', `"${type}" request`);
        const result = await handler(payload as never, sender);
        return { ok: true, data: parseOrThrow(def.response, result, 'bad_response', `"${type}" result`) };
      } catch (error) {
        return { ok: false, error: toAppError(error).toJSON() };
      }
    })();
  };
}
