import { useState } from 'preact/hooks';
import { SiteRuleEditor } from '@/components/site/SiteRuleEditor';
import { updateSettings, useSettings } from '@/components/settings/use-settings';
import { t } from '@/utils/i18n';
import { setSiteDisabled } from '@/utils/sites';

/** Every site rule and every site where the button is off, for the options page. */
export function SiteList() {
  const settings = useSettings();
  const [editing, setEditing] = useState<string | null>(null);
  if (!settings) return <p class="muted">{t('popup_loading')}</p>;

  const enable = (site: string) => updateSettings((current) => ({ ...current, disabledSites: setSiteDisabled(current.disabledSites, site, false) }));

  return (
    <div class="site-list">
      <h3>{t('site_rules_title')}</h3>
      <p class="muted">{t('site_rule_intro')}</p>
      {settings.siteRules.length === 0 && <p class="muted">{t('site_rules_none')}</p>}
      <ul class="plain-list">
        {settings.siteRules.map((rule) => (
          <li key={rule.host}>
            <div class="row">
              <span class="mono">{rule.host}</span>
              <span class="muted small">{describeRule(rule)}</span>
              <button type="button" aria-expanded={editing === rule.host} onClick={() => setEditing(editing === rule.host ? null : rule.host)}>
                {t('site_rule_edit_short')}
              </button>
            </div>
            {editing === rule.host && <SiteRuleEditor host={rule.host} rule={rule} onDone={() => setEditing(null)} />}
          </li>
        ))}
      </ul>
      {editing === '' ? (
        <SiteRuleEditor host="" hostEditable onDone={() => setEditing(null)} />
      ) : (
        <button type="button" onClick={() => setEditing('')}>
          {t('site_rule_new')}
        </button>
      )}

      <h3>{t('site_disabled_title')}</h3>
      {settings.disabledSites.length === 0 && <p class="muted">{t('site_disabled_none')}</p>}
      <ul class="plain-list">
        {settings.disabledSites.map((site) => (
          <li key={site} class="row">
            <span class="mono">{site}</span>
            <button type="button" onClick={() => enable(site)}>
              {t('site_enable_again')}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}

function describeRule(rule: { skuCatalogName?: string; idKind?: string; selector?: string; regex?: string }): string {
  return [rule.skuCatalogName && t('site_catalog_short', rule.skuCatalogName), rule.idKind, rule.selector, rule.regex && `/${rule.regex}/`]
    .filter(Boolean)
    .join(' · ');
}
