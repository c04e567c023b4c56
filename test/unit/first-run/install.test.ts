import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { handleInstalled, welcomePage } from '@/utils/first-run/install';
import { privacyFacts, privacyFactsVersion } from '@/utils/first-run/privacy-facts';
import { createSerialQueue } from '@/utils/serial-queue';
import { installHandledItem, privacyFactsSeenItem } from '@/utils/storage';

describe('what an install or update opens', () => {
  let openTab: ReturnType<typeof vi.fn<(path: string) => Promise<unknown>>>;
  const deps = () => ({ write: createSerialQueue(), now: () => 1_000, openTab });

  beforeEach(() => {
    fakeBrowser.reset();
    openTab = vi.fn(async () => undefined);
  });

  it('opens the welcome page on the first install and records the facts version shown', async () => {
    await expect(handleInstalled({ reason: 'install' }, deps())).resolves.toBe('welcome');
    expect(openTab.mock.calls).toEqual([[welcomePage]]);
    await expect(privacyFactsSeenItem.getValue()).resolves.toBe(privacyFactsVersion);
    await expect(installHandledItem.getValue()).resolves.toEqual({ reason: 'install', outcome: 'welcome', at: 1_000 });
  });

  it('opens it once, even when the browser reports an install again for the same profile', async () => {
    await handleInstalled({ reason: 'install' }, deps());
    await expect(handleInstalled({ reason: 'install' }, deps())).resolves.toBe('none');
    expect(openTab).toHaveBeenCalledTimes(1);
  });

  it('opens it once when two install events arrive at the same time', async () => {
    const shared = deps();
    await Promise.all([handleInstalled({ reason: 'install' }, shared), handleInstalled({ reason: 'install' }, shared)]);
    expect(openTab).toHaveBeenCalledTimes(1);
  });

  it('opens nothing on an update when the facts did not change', async () => {
    await privacyFactsSeenItem.setValue(privacyFactsVersion);
    await expect(handleInstalled({ reason: 'update', previousVersion: '0.1.0' }, deps())).resolves.toBe('none');
    expect(openTab).not.toHaveBeenCalled();
    await expect(installHandledItem.getValue()).resolves.toMatchObject({ reason: 'update', outcome: 'none' });
  });

  it('opens nothing on an update from a version before the welcome page, whose facts were the first ones', async () => {
    await expect(handleInstalled({ reason: 'update', previousVersion: '0.0.9' }, deps())).resolves.toBe(privacyFactsVersion > 1 ? 'changed' : 'none');
    expect(openTab).toHaveBeenCalledTimes(privacyFactsVersion > 1 ? 1 : 0);
    await expect(privacyFactsSeenItem.getValue()).resolves.toBe(privacyFactsVersion);
  });

  it('opens the "what changed" page once when an update raised the facts version', async () => {
    await privacyFactsSeenItem.setValue(privacyFactsVersion - 1);
    // The facts version the shopper saw is older than at least one fact only when the list says so.
    const changed = privacyFacts.some((fact) => fact.since > privacyFactsVersion - 1);
    await expect(handleInstalled({ reason: 'update', previousVersion: '0.1.0' }, deps())).resolves.toBe(changed ? 'changed' : 'none');
    if (changed) expect(openTab.mock.calls).toEqual([[`${welcomePage}?since=${privacyFactsVersion - 1}`]]);
    await expect(privacyFactsSeenItem.getValue()).resolves.toBe(privacyFactsVersion);
    await handleInstalled({ reason: 'update', previousVersion: '0.1.1' }, deps());
    expect(openTab).toHaveBeenCalledTimes(changed ? 1 : 0);
  });

  it('opens nothing for a browser update or a shared module update', async () => {
    for (const reason of ['chrome_update', 'browser_update', 'shared_module_update']) {
      await expect(handleInstalled({ reason }, deps())).resolves.toBe('none');
    }
    expect(openTab).not.toHaveBeenCalled();
    await expect(privacyFactsSeenItem.getValue()).resolves.toBeNull();
  });

  it('keeps what the shopper was shown through "Delete all my data"', async () => {
    const { storedItems } = await import('@/utils/storage');
    expect(storedItems().find(({ item }) => item.key === 'local:privacyFactsSeen')?.onDeleteAll).toBe('keep');
  });
});
