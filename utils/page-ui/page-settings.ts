import { browser } from 'wxt/browser';
import type { SiteRule } from '@/utils/detect';
import { isSiteDisabled as isSiteSwitchedOff } from '@/utils/sites';

/**
 * What the content script needs from the settings: is the button switched off on this site, and
 * the shopper's detection rules. Reads the raw stored value without utils/storage.ts (zod would
 * break the content script's size budget); anything malformed counts as absent, like the settings'
 * own per-field fallback.
 */

const SETTINGS_KEY = 'settings';

export interface PageSettings {
  disabled: boolean;
  rules: SiteRule[];
}

function field(settings: unknown, name: string): unknown {
  return typeof settings === 'object' && settings !== null ? (settings as Record<string, unknown>)[name] : undefined;
}

export function isSiteDisabled(settings: unknown, hostname: string): boolean {
  const list = field(settings, 'disabledSites');
  return Array.isArray(list) && isSiteSwitchedOff(list.filter((entry): entry is string => typeof entry === 'string'), hostname);
}

/** Rules shaped well enough to hand to detection (which guards its own reading of them). */
export function siteRules(settings: unknown): SiteRule[] {
  const list = field(settings, 'siteRules');
  if (!Array.isArray(list)) return [];
  return list.filter((rule): rule is SiteRule => typeof rule === 'object' && rule !== null && typeof (rule as SiteRule).host === 'string');
}

export function pageSettings(settings: unknown, hostname: string): PageSettings {
  return { disabled: isSiteDisabled(settings, hostname), rules: siteRules(settings) };
}

export async function readPageSettings(hostname: string): Promise<PageSettings> {
  const stored = await browser.storage.local.get(SETTINGS_KEY);
  return pageSettings(stored[SETTINGS_KEY], hostname);
}

/** Calls back with the new page settings whenever the settings change; returns the unsubscribe function. */
export function watchPageSettings(hostname: string, onChange: (settings: PageSettings) => void): () => void {
  const listener = (changes: Record<string, { newValue?: unknown }>, area: string) => {
    if (area === 'local' && SETTINGS_KEY in changes) onChange(pageSettings(changes[SETTINGS_KEY]!.newValue, hostname));
  };
  browser.storage.onChanged.addListener(listener);
  return () => browser.storage.onChanged.removeListener(listener);
}
