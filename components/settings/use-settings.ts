import { useEffect, useState } from 'preact/hooks';
import type { SiteRule } from '@/utils/detect';
import { sendMessage } from '@/utils/messaging';
import type { SettingsFormValues } from '@/utils/settings/connection-form';
import { coerceSettings, type Settings } from '@/utils/settings/schema';
import { getSettings, settingsItem } from '@/utils/storage';

/** The current settings, kept up to date when another extension page (or the background) changes them. */
export function useSettings(): Settings | undefined {
  const [settings, setSettings] = useState<Settings | undefined>(undefined);
  useEffect(() => {
    let alive = true;
    getSettings().then((value) => alive && setSettings(value));
    const unwatch = settingsItem.watch((value) => setSettings(coerceSettings(value)));
    return () => {
      alive = false;
      unwatch();
    };
  }, []);
  return settings;
}

// Changes are asked of the background, which reads the stored settings right before writing, so a
// change made in another page (a site rule in the popup, the connection in the options page) stays.

export async function saveConnection(values: SettingsFormValues): Promise<Settings> {
  return (await sendMessage('settings.saveConnection', { values })).settings;
}

export async function saveSiteRule(rule: SiteRule): Promise<void> {
  await sendMessage('settings.saveSiteRule', { rule });
}

export async function removeSiteRule(host: string): Promise<void> {
  await sendMessage('settings.removeSiteRule', { host });
}

export async function setSiteDisabled(host: string, disabled: boolean): Promise<void> {
  await sendMessage('settings.setSiteDisabled', { host, disabled });
}
