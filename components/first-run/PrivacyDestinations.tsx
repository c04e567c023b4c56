import { t } from '@/utils/i18n';

export interface PrivacyDestinationsProps {
  /** Hosts from the settings; empty when not set. */
  tokenHost: string;
  apiHost: string;
  catalogHost: string;
}

/** The "where" of the privacy facts with this installation's settings: the hosts that would receive data. */
export function PrivacyDestinations({ tokenHost, apiHost, catalogHost }: PrivacyDestinationsProps) {
  const host = (value: string, empty: string) => (value ? <span class="mono">{value}</span> : <span class="muted">{empty}</span>);
  return (
    <>
      <h3 id="privacy-where-title">{t('welcome_where_title')}</h3>
      <dl class="facts" aria-labelledby="privacy-where-title" data-testid="privacy-destinations">
        <dt>{t('settings_api_base_url')}</dt>
        <dd>{host(apiHost, t('welcome_where_unset'))}</dd>
        <dt>{t('settings_token_endpoint')}</dt>
        <dd>{host(tokenHost, t('welcome_where_unset'))}</dd>
        <dt>{t('settings_catalog_endpoint')}</dt>
        <dd>{host(catalogHost, t('welcome_where_no_catalog'))}</dd>
      </dl>
    </>
  );
}
