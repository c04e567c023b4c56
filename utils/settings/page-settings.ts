import type { SiteRule } from '@/utils/detect';
import type { Settings } from '@/utils/settings/schema';
import { findSiteRule, isSiteDisabled } from '@/utils/sites';

/**
 * What a store page's content script may know of the settings: is the button switched off on its
 * site, and the shopper's detection rule for its host. Nothing else (no other site's rules, no
 * connection settings) leaves the background for a page.
 */
export interface PageSettings {
  disabled: boolean;
  rules: SiteRule[];
}

export function pageSettingsFor(settings: Pick<Settings, 'disabledSites' | 'siteRules'>, hostname: string): PageSettings {
  const rule = findSiteRule(settings.siteRules, hostname);
  return { disabled: isSiteDisabled(settings.disabledSites, hostname), rules: rule ? [rule] : [] };
}

/** The host of the page a content script runs in, as the browser reports the sender; null for anything else. */
export function senderHost(sender: { url?: string; tab?: { id?: number } }): string | null {
  if (sender.tab?.id === undefined || !sender.url) return null;
  try {
    const url = new URL(sender.url);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.hostname : null;
  } catch {
    return null;
  }
}
