/**
 * What leaves the browser, when and where, in a few lines: the one list the welcome page shows and
 * README's "At a glance" repeats (test/unit/first-run/privacy-facts.test.ts checks README against the
 * English messages of these keys). README's longer Privacy section gives the detail.
 *
 * Raise `privacyFactsVersion` when what leaves the browser changes or the manifest asks for a new
 * permission, and give the new or changed fact that version as `since`: shoppers who update from an
 * older version then see a short "what changed" page (utils/first-run/install.ts).
 */
export const privacyFactsVersion = 1;

export interface PrivacyFact {
  /** Message key in public/_locales. */
  key:
    | 'privacy_fact_browsing'
    | 'privacy_fact_models'
    | 'privacy_fact_catalog'
    | 'privacy_fact_try_on'
    | 'privacy_fact_stored'
    | 'privacy_fact_delete';
  /** The facts version that added or last changed it. */
  since: number;
}

export const privacyFacts: readonly PrivacyFact[] = [
  { key: 'privacy_fact_browsing', since: 1 },
  { key: 'privacy_fact_models', since: 1 },
  { key: 'privacy_fact_catalog', since: 1 },
  { key: 'privacy_fact_try_on', since: 1 },
  { key: 'privacy_fact_stored', since: 1 },
  { key: 'privacy_fact_delete', since: 1 },
];

/** The manifest permissions these facts account for; a new one needs a fact and a higher version. */
export const coveredPermissions: readonly string[] = ['storage', 'alarms', 'notifications', 'scripting'];

/** Facts added or changed after version `seen`, for the "what changed" page. */
export function factsChangedSince(seen: number): PrivacyFact[] {
  return privacyFacts.filter((fact) => fact.since > seen);
}

/** README's "At a glance" list, from the English messages (`messages[key].message`). */
export function privacySummaryMarkdown(messages: Record<string, { message: string } | undefined>): string {
  return privacyFacts.map((fact) => `- ${messages[fact.key]?.message ?? fact.key}`).join('\n');
}
