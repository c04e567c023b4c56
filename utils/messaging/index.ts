import { z } from 'zod';
import { browser, type Browser } from 'wxt/browser';
import { catalogResolutionSchema } from '@/utils/catalog/resolution';
import { catalogProbeSchema } from '@/utils/catalog/probe';
import { confirmActions } from '@/utils/confirm-actions';
import { appErrorSchema } from '@/utils/errors';
import { historyEntrySchema } from '@/utils/history/schema';
import { jobSchema, photoChoiceSchema } from '@/utils/jobs/schema';
import { photoIdSchema, photoInfoSchema, photoListSchema } from '@/utils/photos/schema';
import { productSchema, skuIdSchema, tryOnItemSchema } from '@/utils/product';
import { maxItemsAnyFlavour } from '@/utils/aiuta/flavours';
import { modelCategorySchema } from '@/utils/aiuta/models';
import { siteRuleSchema } from '@/utils/detect/site-rule-schema';
import { connectionSettingsSchema } from '@/utils/settings/connection-form';
import { settingsSchema } from '@/utils/settings/schema';
import { consentSchema, outfitSchema } from '@/utils/storage';
import { createMessageHandler, define, request, type Handlers, type Request, type Response } from '@/utils/messaging/channel';
import { EVENT_CHANNEL, classifySender } from '@/utils/messaging/envelope';
import { contentProtocol, emptyRequest as empty, fromContentProtocol, okResponse as ok, type ContentProtocol } from '@/utils/messaging/content-protocol';

/**
 * The one protocol between the extension's contexts: every message, who may send it (see `Sender`
 * in channel.ts), and the zod schema of its request and its response. Messages a content script
 * takes part in are defined in content-protocol.ts (zod/mini) and included here.
 */

/** Messages handled by the background worker. */
export const backgroundProtocol = {
  ...fromContentProtocol,
  'panel.session': define({
    request: z.object({ sessionId: z.string().max(64) }),
    /**
     * `catalogCheck`: a catalog endpoint is set, so the panel asks `catalog.resolve` before a try-on.
     * `enteredSku`: the code the shopper typed on this product's page before, in this browser session.
     */
    response: z.object({ product: productSchema, catalogCheck: z.boolean(), enteredSku: z.optional(skuIdSchema) }),
    from: ['extension'],
  }),
  /** Panel: the shopper typed this product code for the session's product page (kept for the browser session). */
  'panel.skuEntered': define({
    request: z.object({ sessionId: z.string().max(64), skuId: skuIdSchema }),
    response: ok,
    from: ['extension'],
  }),
  /**
   * Panel: which of its product's ids can be tried on (utils/catalog/resolver.ts). Asked after the
   * shopper clicked "Try on", and again after `retryAfterS` while the item is being prepared.
   * `typedSku`: the code the shopper typed on this product's page before, asked about first.
   */
  'catalog.resolve': define({
    request: z.object({ sessionId: z.string().max(64), typedSku: z.optional(skuIdSchema) }),
    response: z.object({ resolution: catalogResolutionSchema }),
    from: ['extension'],
  }),
  /**
   * Panel: close me. Relayed to the content script of the panel's tab: the only way the panel asks,
   * so the page neither hears it nor can hold it back.
   */
  'panel.close': define({ request: z.object({ sessionId: z.string().max(64) }), response: ok, from: ['extension'] }),
  /**
   * Panel, where it cannot prove it is visible: ask the shopper in a window of its own whether this
   * click counts (utils/background/confirmations.ts). Answers once the window is answered or closed.
   */
  'confirm.request': define({
    request: z.object({ sessionId: z.string().max(64), action: z.enum(confirmActions) }),
    response: z.object({ confirmed: z.boolean() }),
    from: ['extension'],
  }),
  /** The confirmation window: what it asks about. */
  'confirm.details': define({
    request: z.object({ id: z.string().max(64) }),
    response: z.object({ action: z.enum(confirmActions), productName: z.string().optional(), pageHost: z.string() }),
    from: ['extension'],
  }),
  /** The confirmation window: the shopper's answer. */
  'confirm.answer': define({ request: z.object({ id: z.string().max(64), confirmed: z.boolean() }), response: ok, from: ['extension'] }),
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
  /** One job as stored now (null when it is gone), for watching it (see components/jobs/use-jobs.ts). */
  'jobs.get': define({ request: z.object({ jobId: z.string() }), response: z.object({ job: jobSchema.nullable() }), from: ['extension'] }),
  'photo.save': define({
    // A data URL of the picked file; the background validates and re-encodes it.
    request: z.object({ dataUrl: z.string().startsWith('data:').max(30_000_000) }),
    response: z.object({ photo: photoInfoSchema }),
    from: ['extension'],
  }),
  /** The chosen saved photo. */
  'photo.get': define({ request: empty, response: z.object({ photo: photoInfoSchema.nullable() }), from: ['extension'] }),
  /** Every saved photo and which one is chosen. */
  'photo.list': define({ request: empty, response: z.object({ library: photoListSchema }), from: ['extension'] }),
  /** Makes a saved photo the one try-ons use (stored here; nothing is uploaded). */
  'photo.choose': define({ request: z.object({ id: photoIdSchema }), response: z.object({ library: photoListSchema }), from: ['extension'] }),
  /** Deletes a saved photo (the chosen one without an id) here and its uploaded copy on the service. */
  'photo.delete': define({ request: z.object({ id: photoIdSchema.optional() }), response: ok, from: ['extension'] }),
  /** Deletes at Aiuta that could not be done: back in the queue, tried at once; answers how many are still not deleted. */
  'deletes.retry': define({
    request: z.object({ ids: z.array(z.string().max(256)).max(500).optional() }),
    response: z.object({ notDeleted: z.number().int().nonnegative() }),
    from: ['extension'],
  }),
  /** The shopper agrees to (or withdraws consent to) sending their photo to the try-on service. */
  'consent.set': define({ request: z.object({ accepted: z.boolean() }), response: z.object({ consent: consentSchema }), from: ['extension'] }),
  'outfit.add': define({
    request: z.object({ item: tryOnItemSchema }),
    response: z.object({
      result: z.discriminatedUnion('ok', [
        z.object({ ok: z.literal(true), outfit: outfitSchema }),
        z.object({ ok: z.literal(false), reason: z.enum(['already_in', 'full']) }),
      ]),
    }),
    from: ['extension'],
  }),
  'outfit.remove': define({ request: z.object({ skuId: z.string().max(128) }), response: z.object({ outfit: outfitSchema }), from: ['extension'] }),
  'settings.saveConnection': define({ request: z.object({ values: connectionSettingsSchema }), response: z.object({ settings: settingsSchema }), from: ['extension'] }),
  'settings.saveSiteRule': define({ request: z.object({ rule: siteRuleSchema }), response: ok, from: ['extension'] }),
  'settings.removeSiteRule': define({ request: z.object({ host: z.string().max(2048) }), response: ok, from: ['extension'] }),
  /** Turns the "Try on" button off (or on again) for the site of `host`. */
  'settings.setSiteDisabled': define({ request: z.object({ host: z.string().max(2048), disabled: z.boolean() }), response: ok, from: ['extension'] }),
  'models.list': define({ request: empty, response: z.object({ categories: z.array(modelCategorySchema) }), from: ['extension'] }),
  /** The category of models the shopper looked at last, remembered for the next picker. */
  'models.setCategory': define({ request: z.object({ category: z.string().min(1).max(64) }), response: ok, from: ['extension'] }),
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
      apiError: z.optional(appErrorSchema),
      /** What the catalog endpoint said to a request it must refuse (absent when none is set). */
      catalog: z.optional(catalogProbeSchema),
    }),
    from: ['extension'],
  }),
};

export { contentProtocol };

/** Events the background pushes to every open extension page. */
export const eventProtocol = {
  'job.updated': z.object({ job: jobSchema }),
  /** The saved photos or the chosen one changed (saved, chosen, deleted, or all data deleted): pages showing them ask again. */
  'photos.changed': z.object({}),
};

export type BackgroundProtocol = typeof backgroundProtocol;
export type { ContentProtocol, Handlers, Request, Response };

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
