import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { coveredPermissions, factsChangedSince, privacyFacts, privacyFactsVersion, privacySummaryMarkdown } from '@/utils/first-run/privacy-facts';

const repo = resolve(import.meta.dirname, '../../..');
const read = (path: string) => readFileSync(resolve(repo, path), 'utf8');
const messages = (locale: string) => JSON.parse(read(`public/_locales/${locale}/messages.json`)) as Record<string, { message: string }>;

describe('the privacy facts the welcome page shows', () => {
  it('are the very lines of README\'s "At a glance"', () => {
    const block = /<!-- privacy-facts:start -->\n([\s\S]*?)\n<!-- privacy-facts:end -->/.exec(read('README.md'))?.[1];
    // On failure, paste the expected text between README's privacy-facts markers.
    expect(block).toBe(privacySummaryMarkdown(messages('en')));
  });

  it('have every line in every language', () => {
    for (const locale of readdirSync(resolve(repo, 'public/_locales'))) {
      const missing = privacyFacts.filter((fact) => !messages(locale)[fact.key]?.message);
      expect({ locale, missing }).toEqual({ locale, missing: [] });
    }
  });

  it('account for every permission the manifest asks for (a new one needs a fact and a higher version)', () => {
    const listed = /permissions:\s*\[([^\]]*)\]/.exec(read('wxt.config.ts'))?.[1];
    const permissions = [...(listed ?? '').matchAll(/'([^']+)'/g)].map((match) => match[1]);
    expect(permissions.length).toBeGreaterThan(0);
    expect([...permissions].sort()).toEqual([...coveredPermissions].sort());
  });

  it('are pinned per version: a new permission or fact without a higher version fails here', () => {
    // What each facts version accounted for. Raising privacyFactsVersion means adding its line here,
    // which is the point: the shopper who updates sees a "what changed" page only when the version rose.
    const pinned: Record<number, { permissions: string[]; facts: string[] }> = {
      1: {
        permissions: ['alarms', 'notifications', 'scripting', 'storage'],
        facts: ['privacy_fact_browsing', 'privacy_fact_models', 'privacy_fact_catalog', 'privacy_fact_try_on', 'privacy_fact_stored', 'privacy_fact_delete'],
      },
    };
    expect(pinned[privacyFactsVersion]).toEqual({ permissions: [...coveredPermissions].sort(), facts: privacyFacts.map((fact) => fact.key) });
  });

  it('carry versions up to the current one, so an update can tell what is new', () => {
    expect(privacyFacts.every((fact) => fact.since >= 1 && fact.since <= privacyFactsVersion)).toBe(true);
    expect(Math.max(...privacyFacts.map((fact) => fact.since))).toBe(privacyFactsVersion);
    expect(factsChangedSince(privacyFactsVersion)).toEqual([]);
    expect(factsChangedSince(0)).toEqual(privacyFacts);
  });
});
