import { factsChangedSince, privacyFactsVersion } from '@/utils/first-run/privacy-facts';
import type { SerialQueue } from '@/utils/serial-queue';
import { installHandledItem, privacyFactsSeenItem } from '@/utils/storage';

/** The welcome page (entrypoints/welcome); `?since=N` makes it the short "what changed since version N" page. */
export const welcomePage = '/welcome.html';

export type FirstRunOutcome = 'welcome' | 'changed' | 'none';

export interface InstallDetails {
  reason: string;
  previousVersion?: string;
}

export interface FirstRunDeps {
  write: SerialQueue;
  now(): number;
  /** Opens an extension page in a new tab. */
  openTab(path: string): Promise<unknown>;
}

/**
 * What `runtime.onInstalled` does: a first install opens the welcome page once; an update opens the
 * "what changed" page only when the privacy facts (what leaves the browser, the permissions) grew
 * since the version the shopper last saw; anything else (a browser update, a restart that reloads
 * the extension) opens nothing. The version seen is kept in `local:privacyFactsSeen`, so the page
 * never opens twice even when the browser reports an install again for the same profile.
 */
export async function handleInstalled(details: InstallDetails, { write, now, openTab }: FirstRunDeps): Promise<FirstRunOutcome> {
  const outcome = await write(async (): Promise<{ outcome: FirstRunOutcome; since: number }> => {
    if (details.reason !== 'install' && details.reason !== 'update') return { outcome: 'none', since: 0 };
    const stored = await privacyFactsSeenItem.getValue();
    // Versions before this record showed no page; their shoppers had the first facts in README.
    const seen = stored ?? (details.reason === 'install' ? null : 1);
    if (seen !== null && seen >= privacyFactsVersion) {
      if (stored === null) await privacyFactsSeenItem.setValue(seen);
      return { outcome: 'none', since: seen };
    }
    await privacyFactsSeenItem.setValue(privacyFactsVersion);
    if (seen === null) return { outcome: 'welcome', since: 0 };
    return { outcome: factsChangedSince(seen).length > 0 ? 'changed' : 'none', since: seen };
  });
  if (outcome.outcome === 'welcome') await openTab(welcomePage);
  if (outcome.outcome === 'changed') await openTab(`${welcomePage}?since=${outcome.since}`);
  await write(() => installHandledItem.setValue({ reason: details.reason, outcome: outcome.outcome, at: now() }));
  return outcome.outcome;
}
