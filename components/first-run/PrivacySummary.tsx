import type { PrivacyFact } from '@/utils/first-run/privacy-facts';
import { t } from '@/utils/i18n';

export interface PrivacySummaryProps {
  facts: readonly PrivacyFact[];
  /** Marks the facts added after this facts version as new. */
  newSince?: number;
}

/** What leaves the browser, when and where: the same list as README's "At a glance". */
export function PrivacySummary({ facts, newSince }: PrivacySummaryProps) {
  return (
    <ul class="privacy-facts" data-testid="privacy-facts">
      {facts.map((fact) => (
        <li key={fact.key} data-fact={fact.key}>
          {newSince !== undefined && fact.since > newSince && <strong class="privacy-facts__new">{t('welcome_new')} </strong>}
          {t(fact.key)}
        </li>
      ))}
    </ul>
  );
}
