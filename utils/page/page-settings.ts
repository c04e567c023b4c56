import { browser } from 'wxt/browser';
import type { SiteRule } from '@/utils/detect';
import { settingsKey } from '@/utils/settings/key';
import { coerceSettings } from '@/utils/settings/schema';
import { isSiteDisabled } from '@/utils/sites';

/**
 * What the content scripts need from the settings: is the button switched off on this site, and
 * the shopper's detection rules. Read with the settings' own schema and per-field fallback.
 */
export interface PageSettings {
  disabled: boolean;
  rules: SiteRule[];
}

export function pageSettings(stored: unknown, hostname: string): PageSettings {
  const settings = coerceSettings(stored);
  return { disabled: isSiteDisabled(settings.disabledSites, hostname), rules: settings.siteRules };
}

export async function readPageSettings(hostname: string): Promise<PageSettings> {
  const stored = await browser.storage.local.get(settingsKey);
  return pageSettings(stored[settingsKey], hostname);
}

/** Calls back with the new page settings whenever the settings change; returns the unsubscribe function. */
export function watchPageSettings(hostname: string, onChange: (settings: PageSettings) => void): () => void {
  const listener = (changes: Record<string, { newValue?: unknown }>, area: string) => {
    if (area === 'local' && settingsKey in changes) onChange(pageSettings(changes[settingsKey]!.newValue, hostname));
  };
  browser.storage.onChanged.addListener(listener);
  return () => browser.storage.onChanged.removeListener(listener);
}
