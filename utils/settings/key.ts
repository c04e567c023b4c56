/**
 * Where the settings are kept (area `local`): utils/storage.ts defines the item under this key, and
 * the content scripts read it directly. Apart from the schema so the probe can import it without zod.
 */
export const settingsKey = 'settings';
