import { z } from 'zod';
import { storage, type StorageItemKey, type WxtStorageItem, type WxtStorageItemOptions } from 'wxt/utils/storage';
import { maxItemsAnyFlavour } from '@/utils/aiuta/flavours';
import { apiTargetSchema } from '@/utils/aiuta/target';
import { modelCategorySchema } from '@/utils/aiuta/models';
import type { CachedResolution } from '@/utils/catalog/resolution';
import type { HistoryEntry } from '@/utils/history/schema';
import type { Job } from '@/utils/jobs/schema';
import { productSchema, skuIdSchema, tryOnItemSchema, type TryOnItem } from '@/utils/product';
import { settingsKey } from '@/utils/settings/key';
import { coerceSettings, defaultSettings, migrateSettingsV1, settingsSchema, type Settings } from '@/utils/settings/schema';

/**
 * Every storage item the extension uses is defined here, once. Keys carry their area:
 * `local:` survives restarts (settings, photo metadata, history), `session:` lives in memory until
 * the browser closes (jobs, short-lived state). Tokens never go to `local:` or `sync:`.
 *
 * Extension pages and content scripts only read these; every write goes through the background
 * (pages ask by message), where the stores of utils/<feature>/ write them one step at a time.
 */

/**
 * What "Delete all my data" does with an item: `clear` it (the shopper's data, and what was learned
 * or cached from using the service), or `keep` it (the connection settings; the images still to be
 * deleted on the service, which the deletion itself needs).
 */
export type OnDeleteAll = 'clear' | 'keep';

const definitions: { item: WxtStorageItem<unknown, Record<string, unknown>>; onDeleteAll: OnDeleteAll }[] = [];

function defineStored<T>(key: StorageItemKey, options: WxtStorageItemOptions<T> & { fallback: T }, onDeleteAll: OnDeleteAll): WxtStorageItem<T, {}> {
  const item = storage.defineItem<T>(key, options);
  definitions.push({ item: item as WxtStorageItem<unknown, Record<string, unknown>>, onDeleteAll });
  return item;
}

/** Every item with its "Delete all my data" rule, as defined below. */
export function storedItems(): readonly { item: WxtStorageItem<unknown, Record<string, unknown>>; onDeleteAll: OnDeleteAll }[] {
  return definitions;
}

// Each version adds `n: (previous) => next` to `migrations`, with a test from a stored fixture. (This
// comment stays outside the call: WXT's auto-import scanner misreads comments inside an exported call.)
export const settingsItem = defineStored<Settings>(
  `local:${settingsKey}`,
  { fallback: defaultSettings, version: 2, migrations: { 2: migrateSettingsV1 } },
  'keep',
);

export async function getSettings(): Promise<Settings> {
  return coerceSettings(await settingsItem.getValue());
}

export async function saveSettings(settings: Settings): Promise<Settings> {
  const valid = settingsSchema.parse(settings);
  await settingsItem.setValue(valid);
  return valid;
}

/** The shopper agreed to upload their photo to the try-on service (with when, for the record). */
export const consentSchema = z.object({ acceptedAt: z.number() }).nullable();
export type Consent = z.infer<typeof consentSchema>;
export const consentItem = defineStored<Consent>('local:consent', { fallback: null, version: 1 }, 'clear');

/**
 * Reads an item and keeps only what still matches its schema: storage can hold values written by an
 * older build or edited by hand, and one bad entry must not break the feature.
 */
export async function readValid<T>(item: { getValue(): Promise<unknown> }, schema: z.core.$ZodType<T>, fallback: T): Promise<T> {
  const parsed = z.safeParse(schema, await item.getValue());
  return parsed.success ? parsed.data : fallback;
}

/** Reads a list item entry by entry, dropping entries that no longer match. */
export async function readValidList<T>(item: { getValue(): Promise<unknown> }, schema: z.core.$ZodType<T>): Promise<T[]> {
  const value = await item.getValue();
  if (!Array.isArray(value)) return [];
  return value.flatMap((entry) => {
    const parsed = z.safeParse(schema, entry);
    return parsed.success ? [parsed.data] : [];
  });
}

/** Try-on jobs. Session storage: they matter only while the browser runs, and survive the worker sleeping. */
export const jobsItem = defineStored<Job[]>('session:jobs', { fallback: [], version: 1 }, 'clear');

/** Which product a just-opened panel is for, and which tab may ask (see `panel.open`). */
export const panelSessionSchema = z.object({
  id: z.string(),
  tabId: z.number(),
  product: productSchema,
  createdAt: z.number(),
});
export type PanelSession = z.infer<typeof panelSessionSchema>;
export const panelSessionsItem = defineStored<PanelSession[]>('session:panelSessions', { fallback: [], version: 1 }, 'clear');

/**
 * What the catalog endpoint answered per product page (utils/catalog/resolver.ts). Session storage:
 * a catalog changes, so the answer is good for this browser session, and survives the worker sleeping.
 */
export const catalogResolutionsItem = defineStored<CachedResolution[]>('session:catalogResolutions', { fallback: [], version: 1 }, 'clear');

/** The product code the shopper typed in the panel for a product page (`page`: see `productPageKey`). */
export const enteredSkuSchema = z.object({ page: z.string(), skuId: skuIdSchema, at: z.number() });
export type EnteredSku = z.infer<typeof enteredSkuSchema>;

/**
 * The codes the shopper typed per product page (utils/background/panel-sessions.ts). Session storage:
 * the panel opened again on the page starts from the code (and its try-on) for this browser session
 * only, never longer.
 */
export const enteredSkusItem = defineStored<EnteredSku[]>('session:enteredSkus', { fallback: [], version: 1 }, 'clear');

/** Past try-on results (links and ids on Aiuta's side, never the images themselves). */
export const historyItem = defineStored<HistoryEntry[]>('local:history', { fallback: [], version: 1 }, 'clear');

/**
 * Where versions before the photo database (utils/photos/photo-db.ts) kept the saved photo: content
 * scripts can read storage.local, so the photo moved to the extension's IndexedDB. Read once by the
 * migration in utils/photos/store.ts, which then removes them; "Delete all my data" clears them too.
 */
export const legacyPhotoMetaItem = defineStored<unknown>('local:photoMeta', { fallback: null, version: 1 }, 'clear');
export const legacyPhotoDataItem = defineStored<unknown>('local:photoData', { fallback: null, version: 1 }, 'clear');

/**
 * Which saved photo (its id in the photo database) a try-on uses unless the shopper picks another;
 * null only while there is none. utils/photos/store.ts keeps it pointing at a saved photo.
 */
export const chosenPhotoItem = defineStored<string | null>('local:chosenPhoto', { fallback: null, version: 1 }, 'clear');

/** The category of predefined models the shopper looked at last (a tab in the photo picker). */
export const modelCategoryItem = defineStored<string | null>('local:modelCategory', { fallback: null, version: 1 }, 'clear');

/** Aiuta's predefined models with the ETag they came with, so a reopened popup costs one 304. */
export const modelsCacheSchema = z.object({
  target: z.string(),
  etag: z.string().optional(),
  fetchedAt: z.number(),
  categories: z.array(modelCategorySchema),
});
export type ModelsCache = z.infer<typeof modelsCacheSchema>;
export const modelsCacheItem = defineStored<ModelsCache | null>('local:modelsCache', { fallback: null, version: 1 }, 'clear');

/**
 * How long recent generations took at least (ms from the create request to the last status that was
 * not ready yet). Lets polling stay sparse while a result cannot be ready and dense when it can.
 */
export const generationTimesSchema = z.array(z.number().nonnegative());
export const generationTimesItem = defineStored<number[]>('local:generationTimes', { fallback: [], version: 1 }, 'clear');

/**
 * Images on Aiuta's side being deleted (utils/aiuta/remote-deletes.ts), and what became of each:
 * `pending` (tried again at start-up and on the wake-up alarm), `failed` (tries exhausted or
 * refused: the history offers Retry), `deleted` (the host that stored it deleted it or no longer
 * has it; the last few are kept so the history can say so). `operation` is a cancelled try-on
 * whose result is deleted once the service finishes it.
 *
 * `target` is the API base and subscription that stored the image; a delete goes there, whatever
 * the settings say now. Records from versions that did not note it have none: they are read as the
 * current settings' target at their first read (and stamped so at start-up), never dropped.
 */
export const pendingDeleteSchema = z.object({
  kind: z.enum(['uploaded', 'generated', 'operation']),
  id: z.string(),
  expiresAt: z.number().optional(),
  target: apiTargetSchema.optional(),
  tries: z.number().int().nonnegative(),
  state: z.enum(['pending', 'failed', 'deleted']).default('pending'),
  /** What the shopper knew it as (a result's product names); absent for their photo. */
  label: z.string().max(300).optional(),
  /** For an operation: when it was created, so watching it stays within the polling budget. */
  createdAt: z.number().optional(),
  /** For the operation of a try-on that failed here (it took too long, an outage): when it was given up; watched from then. */
  handedOverAt: z.number().optional(),
  /** The error code of the last failed try. */
  error: z.string().optional(),
  updatedAt: z.number().optional(),
});
export type PendingDelete = z.infer<typeof pendingDeleteSchema>;
export const pendingDeletesItem = defineStored<z.input<typeof pendingDeleteSchema>[]>('local:pendingDeletes', { fallback: [], version: 1 }, 'keep');

/**
 * A random id of this installation (utils/auth/install-id.ts), sent to the token backend so it
 * issues `delete_image` only for images this installation made. Kept by "Delete all my data": the
 * images still to be deleted remotely are bound to it.
 */
export const installIdItem = defineStored<string | null>('local:installId', { fallback: null, version: 1 }, 'keep');

/** Items the shopper set aside on other product pages to try on together (utils/outfit/). */
export const outfitSchema = z.array(tryOnItemSchema).max(maxItemsAnyFlavour);
export const outfitItem = defineStored<TryOnItem[]>('local:outfit', { fallback: [], version: 1 }, 'clear');

/**
 * The privacy facts version (utils/first-run/privacy-facts.ts) the shopper was last shown: set when
 * the welcome page opens on install, raised when an update opens the "what changed" page. Kept by
 * "Delete all my data": it records what the shopper was told, not their data.
 */
export const privacyFactsSeenItem = defineStored<number | null>('local:privacyFactsSeen', { fallback: null, version: 1 }, 'keep');

/** The last install or update event in this browser session and what it opened (`none`, `welcome`, `changed`). */
export const installHandledSchema = z.object({ reason: z.string(), outcome: z.enum(['welcome', 'changed', 'none']), at: z.number() });
export type InstallHandled = z.infer<typeof installHandledSchema>;
export const installHandledItem = defineStored<InstallHandled | null>('session:installHandled', { fallback: null, version: 1 }, 'clear');
