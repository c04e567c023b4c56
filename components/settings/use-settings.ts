import { useEffect, useState } from 'preact/hooks';
import { coerceSettings, type Settings } from '@/utils/settings/schema';
import { getSettings, saveSettings, settingsItem } from '@/utils/storage';

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

/**
 * Changes part of the settings. Reads the stored value right before writing so a change made in
 * another page (a site rule in the popup, the connection in the options page) is not overwritten.
 */
export async function updateSettings(change: (current: Settings) => Settings): Promise<Settings> {
  return saveSettings(change(await getSettings()));
}
