import type { SiteRule } from '@/utils/detect';
import type { SerialQueue } from '@/utils/serial-queue';
import type { Settings } from '@/utils/settings/schema';
import type { SettingsFormValues } from '@/utils/settings/connection-form';
import { removeSiteRule, setSiteDisabled, upsertSiteRule } from '@/utils/sites';
import { getSettings, saveSettings } from '@/utils/storage';

/**
 * The background's writes of the settings. Each reads the stored value in the write queue right
 * before changing it, so a change made in another page (a site rule in the popup, the connection in
 * the options page) is never overwritten.
 */
export interface SettingsStore {
  saveConnection(values: SettingsFormValues): Promise<Settings>;
  saveSiteRule(rule: SiteRule): Promise<Settings>;
  removeSiteRule(host: string): Promise<Settings>;
  /** Turns the button off (or on again) for the site of `host`. */
  setSiteDisabled(host: string, disabled: boolean): Promise<Settings>;
}

export function createSettingsStore(deps: { write: SerialQueue }): SettingsStore {
  const update = (change: (current: Settings) => Settings) => deps.write(async () => saveSettings(change(await getSettings())));
  return {
    saveConnection: (values) => update((current) => ({ ...current, ...values })),
    saveSiteRule: (rule) => update((current) => ({ ...current, siteRules: upsertSiteRule(current.siteRules, rule) })),
    removeSiteRule: (host) => update((current) => ({ ...current, siteRules: removeSiteRule(current.siteRules, host) })),
    setSiteDisabled: (host, disabled) => update((current) => ({ ...current, disabledSites: setSiteDisabled(current.disabledSites, host, disabled) })),
  };
}
