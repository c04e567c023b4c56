import { removeSiteRule, saveSiteRule, setSiteDisabled, useSettings } from '@/components/settings/use-settings';
import { SiteList } from '@/components/site/SiteList';
import { t } from '@/utils/i18n';

/** Container: every site rule and switched-off site, from the settings (options page). */
export function SiteListSection() {
  const settings = useSettings();
  if (!settings) return <p class="muted">{t('popup_loading')}</p>;
  return (
    <SiteList
      rules={settings.siteRules}
      disabledSites={settings.disabledSites}
      onEnable={(site) => setSiteDisabled(site, false)}
      onSaveRule={saveSiteRule}
      onRemoveRule={removeSiteRule}
    />
  );
}
