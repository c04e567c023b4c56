import { useEffect, useState } from 'preact/hooks';
import { DetectionSummary } from '@/components/site/DetectionSummary';
import { SiteRuleEditor } from '@/components/site/SiteRuleEditor';
import { findTargetTab, storeHost, type TargetTab } from '@/components/site/current-tab';
import { updateSettings, useSettings } from '@/components/settings/use-settings';
import { toAppError } from '@/utils/errors';
import { t } from '@/utils/i18n';
import { sendTabMessage } from '@/utils/messaging';
import type { Product } from '@/utils/product';
import { findSiteRule, isSiteDisabled, setSiteDisabled } from '@/utils/sites';

type Detection =
  | { kind: 'loading' }
  /** No store tab, or our content script does not run there (browser pages, web stores, old tabs). */
  | { kind: 'unavailable' }
  | { kind: 'found'; product: Product | null; host?: string };

/** The store page in the current tab: what was detected, the on/off switch and the site's rule. */
export function CurrentSite() {
  const settings = useSettings();
  const [tab, setTab] = useState<TargetTab | null | undefined>(undefined);
  const [detection, setDetection] = useState<Detection>({ kind: 'loading' });
  const [switchError, setSwitchError] = useState<string | null>(null);
  // Open when the site already has a rule; after that it stays as the person leaves it.
  const [ruleOpen, setRuleOpen] = useState<boolean | undefined>(undefined);

  useEffect(() => {
    let alive = true;
    (async () => {
      const target = await findTargetTab();
      if (!alive) return;
      setTab(target);
      if (!target) return setDetection({ kind: 'unavailable' });
      try {
        const reply = await sendTabMessage(target.id, 'detection.get', {});
        if (alive) setDetection({ kind: 'found', product: reply.product, host: reply.host });
      } catch {
        // tabs.sendMessage fails when no content script listens there: nothing to read, not an error.
        if (alive) setDetection({ kind: 'unavailable' });
      }
    })();
    return () => {
      alive = false;
    };
  }, []);

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
      await updateSettings((current) => ({ ...current, disabledSites: setSiteDisabled(current.disabledSites, host, !enabled) }));
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
          tabId={tab?.id}
          pageIdKinds={product?.ids.map((id) => id.kind) ?? []}
        />
      </details>
    </section>
  );
}
