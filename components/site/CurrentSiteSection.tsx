import { useState } from 'preact/hooks';
import { removeSiteRule, saveSiteRule, setSiteDisabled, useSettings } from '@/components/settings/use-settings';
import { DetectionSummary } from '@/components/site/DetectionSummary';
import { SiteRuleEditor } from '@/components/site/SiteRuleEditor';
import { storeHost } from '@/components/site/current-tab';
import { previewRule, useCurrentSite } from '@/components/site/use-current-site';
import { toAppError } from '@/utils/errors';
import { t } from '@/utils/i18n';
import { findSiteRule, isSiteDisabled } from '@/utils/sites';

/** Container: the store page in the current tab: what was detected, the on/off switch and the site's rule. */
export function CurrentSiteSection() {
  const settings = useSettings();
  const { tab, detection } = useCurrentSite();
  const [switchError, setSwitchError] = useState<string | null>(null);
  // Open when the site already has a rule; after that it stays as the person leaves it.
  const [ruleOpen, setRuleOpen] = useState<boolean | undefined>(undefined);

  if (tab === undefined || detection.kind === 'loading') {
    return <p class="muted">{t('popup_loading')}</p>;
  }

  const product = detection.kind === 'found' ? detection.product : null;
  const host = detection.kind === 'found' ? storeHost(tab, detection.host, product) : undefined;

  if (detection.kind === 'unavailable' || !host) {
    return (
      <section class="card" aria-labelledby="current-site-title">
        <h2 id="current-site-title">{t('site_title')}</h2>
        <p class="muted" data-testid="no-content-script">
          {t('site_unavailable')}
        </p>
      </section>
    );
  }

  const disabled = settings ? isSiteDisabled(settings.disabledSites, host) : false;
  const rule = settings ? findSiteRule(settings.siteRules, host) : undefined;
  const open = ruleOpen ?? Boolean(rule);

  const toggle = async (enabled: boolean) => {
    setSwitchError(null);
    try {
      await setSiteDisabled(host, !enabled);
    } catch (cause) {
      setSwitchError(toAppError(cause).message);
    }
  };

  return (
    <section class="card" aria-labelledby="current-site-title">
      <h2 id="current-site-title">
        {t('site_title')} <span class="host mono">{host}</span>
      </h2>
      {product ? <DetectionSummary product={product} /> : <p class="muted">{t('site_no_product')}</p>}
      <label class="switch">
        <input type="checkbox" role="switch" checked={!disabled} disabled={!settings} onChange={(event) => toggle(event.currentTarget.checked)} />
        <span>{t('site_button_enabled')}</span>
      </label>
      {switchError && <p class="field__error">{switchError}</p>}
      <details class="rule-details" open={open} onToggle={(event) => setRuleOpen(event.currentTarget.open)}>
        <summary>{rule ? t('site_rule_edit') : t('site_rule_add')}</summary>
        <p class="muted">{t('site_rule_intro')}</p>
        <SiteRuleEditor
          host={rule?.host ?? host}
          rule={rule}
          preview={tab ? (edited) => previewRule(tab.id, edited) : undefined}
          onSave={saveSiteRule}
          onRemove={removeSiteRule}
          pageIdKinds={product?.ids.map((id) => id.kind) ?? []}
        />
      </details>
    </section>
  );
}
