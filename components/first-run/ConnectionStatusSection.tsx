import { ConnectionStatus } from '@/components/first-run/ConnectionStatus';
import { SettingsSection } from '@/components/settings/SettingsSection';
import { useSettings } from '@/components/settings/use-settings';
import { missingConnectionFields } from '@/utils/settings/connection-state';

/** Container: whether the connection is ready, with the settings form and Test connection right below. */
export function ConnectionStatusSection() {
  const settings = useSettings();
  return (
    <>
      {settings && <ConnectionStatus missing={missingConnectionFields(settings)} />}
      <SettingsSection />
    </>
  );
}
