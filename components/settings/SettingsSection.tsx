import { SettingsForm } from '@/components/settings/SettingsForm';
import { useConnectionTest } from '@/components/settings/use-connection-test';
import { saveConnection, useSettings } from '@/components/settings/use-settings';
import { t } from '@/utils/i18n';

/** Container: the connection settings form with "Test connection" (popup and options page). */
export function SettingsSection() {
  const settings = useSettings();
  const test = useConnectionTest();
  if (!settings) return <p class="muted">{t('popup_loading')}</p>;
  return <SettingsForm settings={settings} onSave={saveConnection} test={test.state} onTest={(prepare) => void test.run(prepare)} />;
}
