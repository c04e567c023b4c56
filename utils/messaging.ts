import { z } from 'zod';
import { browser, type Browser } from 'wxt/browser';
import { AppError, appErrorSchema, toAppError } from '@/utils/errors';
import { historyEntrySchema } from '@/utils/history/schema';
import { jobSchema, photoChoiceSchema } from '@/utils/jobs/schema';
import { photoInfoSchema } from '@/utils/photos/schema';
import { CHANNEL, EVENT_CHANNEL, classifySender, type Reply, type Sender } from '@/utils/message-envelope';
import { productSchema, tryOnItemSchema } from '@/utils/product';
import { siteRuleSchema } from '@/utils/detect/site-rule-schema';
import { maxItemsAnyFlavour } from '@/utils/aiuta/flavours';
import { modelCategorySchema } from '@/utils/aiuta/models';

// Extension pages forbid eval by CSP; zod's JIT would probe for it on first parse and log a violation.
z.config({ jitless: true });

/**
 * The one protocol between the extension's contexts. Every message names who may send it:
 * - `extension`: the extension's own pages (popup, panel, options) and the background;
 * - `content`: our content script in a store tab (its data comes from the page, so it is untrusted
 *   and may only ask for things a page visit justifies, never start a try-on).
 * Page scripts cannot send runtime messages at all (no `externally_connectable`).
 */
interface MessageDef<Req extends z.ZodType, Res extends z.ZodType> {
  request: Req;
  response: Res;
  from: readonly Sender[];
}

const define = <Req extends z.ZodType, Res extends z.ZodType>(def: MessageDef<Req, Res>) => def;
const empty = z.object({}).strict();
const ok = z.object({ ok: z.literal(true) });

/** Messages handled by the background worker. */
export const backgroundProtocol = {
  ping: define({ request: empty, response: z.object({ version: z.string() }), from: ['extension', 'content'] }),
  /** The probe content script saw signs of a product: inject the product UI into its frame. */
  'content.loadProductUi': define({ request: empty, response: ok, from: ['content'] }),
  /** Content script, after a trusted click: remember the product for the panel it is about to open. */
  'panel.open': define({
    request: z.object({ product: productSchema }),
    response: z.object({ sessionId: z.string() }),
    from: ['content'],
  }),
  /** Panel: which product was it opened for (only the tab that opened it may ask). */
  'panel.session': define({
    request: z.object({ sessionId: z.string().max(64) }),
    response: z.object({ product: productSchema }),
    from: ['extension'],
  }),
  /**
   * Panel: close me. Relayed to the content script of the panel's tab, so a page that swallows the
   * panel's window message cannot keep the panel open.
   */
  'panel.close': define({ request: z.object({ sessionId: z.string().max(64) }), response: ok, from: ['extension'] }),
  'tryOn.start': define({
    request: z.object({
      items: z.array(tryOnItemSchema).min(1).max(maxItemsAnyFlavour),
      skuCatalogName: z.string().max(64).optional(),
      photo: photoChoiceSchema,
    }),
    response: z.object({ job: jobSchema }),
    from: ['extension'],
  }),
  'tryOn.cancel': define({ request: z.object({ jobId: z.string() }), response: z.object({ job: jobSchema }), from: ['extension'] }),
  'jobs.list': define({ request: empty, response: z.object({ jobs: z.array(jobSchema) }), from: ['extension'] }),
  'photo.save': define({
    // A data URL of the picked file; the background validates and re-encodes it.
    request: z.object({ dataUrl: z.string().startsWith('data:').max(30_000_000) }),
    response: z.object({ photo: photoInfoSchema }),
    from: ['extension'],
  }),
  'photo.get': define({ request: empty, response: z.object({ photo: photoInfoSchema.nullable() }), from: ['extension'] }),
  'photo.delete': define({ request: empty, response: ok, from: ['extension'] }),
  'models.list': define({ request: empty, response: z.object({ categories: z.array(modelCategorySchema) }), from: ['extension'] }),
  'history.list': define({ request: empty, response: z.object({ entries: z.array(historyEntrySchema) }), from: ['extension'] }),
  'history.delete': define({ request: z.object({ id: z.string() }), response: ok, from: ['extension'] }),
  'data.deleteAll': define({ request: empty, response: ok, from: ['extension'] }),
  'settings.testConnection': define({
    request: empty,
    response: z.object({
      issuer: z.string().optional(),
      expiresAt: z.number(),
      apiReachable: z.boolean(),
      /** Why the API could not be used, when apiReachable is false. */
      apiError: appErrorSchema.optional(),
    }),
    from: ['extension'],
  }),
};

/** Messages handled by the content script in a tab (sent with `tabs.sendMessage`). */
export const contentProtocol = {
  'panel.close': define({ request: empty, response: ok, from: ['extension'] }),
  'detection.get': define({
    request: empty,
    // `host`: the page's host name, which the popup cannot read from the tab without the "tabs" permission.
    response: z.object({ product: productSchema.nullable(), host: z.string().max(253).optional() }),
    from: ['extension'],
  }),
  /** Settings: what detection finds on this page with this one site rule (live preview while editing it). */
  'detection.preview': define({
    request: z.object({ rule: siteRuleSchema }).strict(),
    response: z.object({ product: productSchema.nullable() }),
    from: ['extension'],
  }),
};

/** Events the background pushes to every open extension page. */
export const eventProtocol = {
  'job.updated': z.object({ job: jobSchema }),
};

type Protocol = Record<string, MessageDef<z.ZodType, z.ZodType>>;
export type BackgroundProtocol = typeof backgroundProtocol;
export type ContentProtocol = typeof contentProtocol;
export type Request<P extends Protocol, T extends keyof P> = z.input<P[T]['request']>;
export type Response<P extends Protocol, T extends keyof P> = z.output<P[T]['response']>;
export type Handlers<P extends Protocol> = {
  [T in keyof P]: (data: z.output<P[T]['request']>, sender: Browser.runtime.MessageSender) => Promise<Response<P, T>> | Response<P, T>;
};

const envelopeSchema = z.object({ channel: z.literal(CHANNEL), type: z.string().max(64), data: z.unknown() });
const replySchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), data: z.unknown() }),
  z.object({ ok: z.literal(false), error: appErrorSchema }),
]);

function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown, code: 'bad_request' | 'bad_response', what: string): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw new AppError(code, `The extension received a malformed ${what}: ${z.prettifyError(parsed.error)}`);
}

async function request<P extends Protocol, T extends keyof P & string>(
  protocol: P,
  type: T,
  data: Request<P, T>,
  send: (envelope: unknown) => Promise<unknown>,
): Promise<Response<P, T>> {
  const def = protocol[type]!;
  const payload = parseOrThrow(def.request, data, 'bad_request', `"${type}" request`);
  let raw: unknown;
  try {
    raw = await send({ channel: CHANNEL, type, data: payload });
  } catch (error) {
    throw new AppError('no_receiver', 'Part of the extension is not running. Reload the page and try again.', { cause: error });
  }
  const reply = parseOrThrow(replySchema, raw, 'bad_response', `reply to "${type}"`);
  if (!reply.ok) throw new AppError(reply.error.code, reply.error.message);
  return parseOrThrow(def.response, reply.data, 'bad_response', `reply to "${type}"`) as Response<P, T>;
}

/** Ask the background. Rejects with an AppError carrying the handler's code. */
export function sendMessage<T extends keyof BackgroundProtocol & string>(
  type: T,
  data: Request<BackgroundProtocol, T>,
): Promise<Response<BackgroundProtocol, T>> {
  return request(backgroundProtocol, type, data, (envelope) => browser.runtime.sendMessage(envelope));
}

/** Ask the content script in one tab. */
export function sendTabMessage<T extends keyof ContentProtocol & string>(
  tabId: number,
  type: T,
  data: Request<ContentProtocol, T>,
  options: { frameId?: number } = {},
): Promise<Response<ContentProtocol, T>> {
  return request(contentProtocol, type, data, (envelope) => browser.tabs.sendMessage(tabId, envelope, options));
}

/**
 * Builds the receiving side: validates the envelope, the sender and the payload, runs the handler,
 * and always answers with a reply the caller can parse (errors become typed values, never throws).
 * Returns undefined for messages of other channels so other listeners may answer them.
 */
export function createMessageHandler<P extends Protocol>(protocol: P, handlers: Handlers<P>) {
  return (message: unknown, sender: Browser.runtime.MessageSender): Promise<Reply> | undefined => {
    const envelope = envelopeSchema.safeParse(message);
    if (!envelope.success) return undefined;
    return (async (): Promise<Reply> => {
      try {
        const { type, data } = envelope.data;
        const def = Object.hasOwn(protocol, type) ? protocol[type] : undefined;
        if (!def) throw new AppError('unknown_message', `Unknown request "${type}".`);
        const from = classifySender(sender);
        if (!from || !def.from.includes(from)) {
          throw new AppError('forbidden_sender', `"${type}" is not allowed from this context.`);
        }
        const payload = parseOrThrow(def.request, data, 'bad_request', `"${type}" request`);
        const result = await handlers[type]!(payload as never, sender);
        return { ok: true, data: parseOrThrow(def.response, result, 'bad_response', `"${type}" result`) };
      } catch (error) {
        return { ok: false, error: toAppError(error).toJSON() };
      }
    })();
  };
}

/** Registers the background's handlers; returns a function that removes them. */
export function serveBackgroundMessages(handlers: Handlers<BackgroundProtocol>): () => void {
  const listener = createMessageHandler(backgroundProtocol, handlers);
  browser.runtime.onMessage.addListener(listener);
  return () => browser.runtime.onMessage.removeListener(listener);
}

type EventType = keyof typeof eventProtocol;
type EventData<T extends EventType> = z.output<(typeof eventProtocol)[T]>;
const eventEnvelopeSchema = z.object({ channel: z.literal(EVENT_CHANNEL), type: z.string(), data: z.unknown() });

/** Background -> every open extension page. Nobody listening is not an error. */
export async function emitEvent<T extends EventType>(type: T, data: EventData<T>): Promise<void> {
  try {
    await browser.runtime.sendMessage({ channel: EVENT_CHANNEL, type, data });
  } catch {
    // No extension page is open: the state is in storage, they will read it when they open.
  }
}

/** Listen to one event type in an extension page; returns the unsubscribe function. */
export function onEvent<T extends EventType>(type: T, listener: (data: EventData<T>) => void): () => void {
  const wrapped = (message: unknown, sender: Browser.runtime.MessageSender) => {
    const envelope = eventEnvelopeSchema.safeParse(message);
    if (!envelope.success || envelope.data.type !== type || classifySender(sender) !== 'extension') return undefined;
    const data = eventProtocol[type].safeParse(envelope.data.data);
    if (data.success) listener(data.data as EventData<T>);
    return undefined;
  };
  browser.runtime.onMessage.addListener(wrapped);
  return () => browser.runtime.onMessage.removeListener(wrapped);
}
