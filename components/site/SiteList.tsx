import { useState } from 'preact/hooks';
import { SiteRuleEditor } from '@/components/site/SiteRuleEditor';
import type { SiteRule } from '@/utils/detect';
import { t } from '@/utils/i18n';

export interface SiteListProps {
  rules: SiteRule[];
  disabledSites: string[];
  onEnable(site: string): Promise<void>;
  onSaveRule(rule: SiteRule): Promise<void>;
  onRemoveRule(host: string): Promise<void>;
}

/** Every site rule and every site where the button is off, for the options page. */
export function SiteList({ rules, disabledSites, onEnable, onSaveRule, onRemoveRule }: SiteListProps) {
  const [editing, setEditing] = useState<string | null>(null);
  const editor = (host: string, rule?: SiteRule) => (
    <SiteRuleEditor host={host} rule={rule} hostEditable={!rule} onSave={onSaveRule} onRemove={onRemoveRule} onDone={() => setEditing(null)} />
  );

  return (
    <div class="site-list">
      <h3>{t('site_rules_title')}</h3>
      <p class="muted">{t('site_rule_intro')}</p>
      {rules.length === 0 && <p class="muted">{t('site_rules_none')}</p>}
      <ul class="plain-list">
        {rules.map((rule) => (
          <li key={rule.host}>
            <div class="row">
              <span class="mono">{rule.host}</span>
              <span class="muted small">{describeRule(rule)}</span>
              <button type="button" aria-expanded={editing === rule.host} onClick={() => setEditing(editing === rule.host ? null : rule.host)}>
                {t('site_rule_edit_short')}
              </button>
            </div>
            {editing === rule.host && editor(rule.host, rule)}
          </li>
        ))}
      </ul>
      {editing === '' ? (
        editor('')
      ) : (
        <button type="button" onClick={() => setEditing('')}>
          {t('site_rule_new')}
        </button>
      )}

      <h3>{t('site_disabled_title')}</h3>
      {disabledSites.length === 0 && <p class="muted">{t('site_disabled_none')}</p>}
      <ul class="plain-list">
        {disabledSites.map((site) => (
          <li key={site} class="row">
            <span class="mono">{site}</span>
            <button type="button" onClick={() => void onEnable(site)}>
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
