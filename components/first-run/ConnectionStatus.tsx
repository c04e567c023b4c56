import type { RequiredConnectionField } from '@/utils/settings/connection-state';
import { t } from '@/utils/i18n';

export interface ConnectionStatusProps {
  /** Fields still empty; none means ready. */
  missing: readonly RequiredConnectionField[];
}

const labels = {
  subscriptionId: 'settings_subscription_id',
  tokenEndpoint: 'settings_token_endpoint',
} as const satisfies Record<RequiredConnectionField, string>;

/** Ready to try on, or what is still to fill in below. */
export function ConnectionStatus({ missing }: ConnectionStatusProps) {
  if (missing.length === 0) {
    return (
      <p class="connection-state connection-state--ready" data-testid="connection-state" data-state="ready" role="status">
        {t('welcome_connection_ready')}
      </p>
    );
  }
  return (
    <div class="connection-state connection-state--missing" data-testid="connection-state" data-state="missing" role="status">
      <p>{t('welcome_connection_missing')}</p>
      <ul>
        {missing.map((field) => (
          <li key={field}>{t(labels[field])}</li>
        ))}
      </ul>
    </div>
  );
}
