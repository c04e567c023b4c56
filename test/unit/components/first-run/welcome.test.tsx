// @vitest-environment happy-dom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { describe, expect, it } from 'vitest';
import { ConnectionStatus } from '@/components/first-run/ConnectionStatus';
import { OptionalStep } from '@/components/first-run/OptionalStep';
import { PrivacyDestinations } from '@/components/first-run/PrivacyDestinations';
import { PrivacySummary } from '@/components/first-run/PrivacySummary';
import { changedSince, demoStoreUrl } from '@/utils/first-run/demo-store';
import { privacyFacts } from '@/utils/first-run/privacy-facts';
import { missingConnectionFields } from '@/utils/settings/connection-state';
import { defaultSettings } from '@/utils/settings/schema';
import { useRenderRoot } from '../../support/render-root';

describe('the welcome page parts', () => {
  const dom = useRenderRoot();

  it('says ready when the connection is set up, and otherwise names what to fill in', () => {
    const settings = { ...defaultSettings, subscriptionId: ' ', tokenEndpoint: 'https://t.example/token' };
    expect(missingConnectionFields(settings)).toEqual(['subscriptionId']);
    act(() => render(<ConnectionStatus missing={missingConnectionFields(settings)} />, dom.root));
    const state = dom.root.querySelector('[data-testid="connection-state"]')!;
    expect(state.getAttribute('data-state')).toBe('missing');
    expect([...state.querySelectorAll('li')].map((item) => item.textContent)).toEqual(['Subscription ID']);

    act(() => render(<ConnectionStatus missing={missingConnectionFields({ ...settings, subscriptionId: 'sub' })} />, dom.root));
    expect(dom.root.querySelector('[data-state="ready"]')?.textContent).toMatch(/^Ready/);
    expect(dom.root.querySelector('[role="status"]')).not.toBeNull();
  });

  it('lists every privacy fact, marking those newer than the version seen', () => {
    const newer = privacyFacts.map((fact, index) => ({ ...fact, since: index === 2 ? 2 : 1 }));
    act(() => render(<PrivacySummary facts={newer} newSince={1} />, dom.root));
    const items = [...dom.root.querySelectorAll('li')];
    expect(items).toHaveLength(privacyFacts.length);
    expect(items.map((item) => Boolean(item.querySelector('.privacy-facts__new')))).toEqual(newer.map((_, index) => index === 2));
    expect(items[0]!.textContent).toMatch(/^While you browse/);
  });

  it('names the hosts that would receive data with the current settings, and says which are not set', () => {
    act(() => render(<PrivacyDestinations apiHost="api.aiuta.com" tokenHost="" catalogHost="" />, dom.root));
    const values = [...dom.root.querySelectorAll('dd')].map((item) => item.textContent);
    expect(values).toEqual(['api.aiuta.com', 'not set yet', 'none (no catalog check)']);
    expect([...dom.root.querySelectorAll('dt')].map((item) => item.textContent)).toEqual(['API base URL', 'Token endpoint', 'Catalog endpoint']);
  });

  it('lets an optional step be skipped and opened again, keeping focus on the step', () => {
    act(() => render(<OptionalStep skippedText="Skipped."><input aria-label="inside" /></OptionalStep>, dom.root));
    const skip = [...dom.root.querySelectorAll('button')].find((button) => button.textContent === 'Skip this step')!;
    act(() => skip.click());
    expect(dom.root.querySelector('input')).toBeNull();
    expect(document.activeElement?.textContent).toBe('Skipped.');
    act(() => dom.root.querySelector('button')!.click());
    expect(dom.root.querySelector('input')).not.toBeNull();
    expect(document.activeElement?.textContent).toBe('Skip this step');
  });

  it('links the demo store only in a build made beside a local sandbox, never in a store build', () => {
    expect(demoStoreUrl({ MODE: 'production', WXT_DEMO_STORE_URL: 'http://127.0.0.1:8789/' })).toBe('http://127.0.0.1:8789/');
    expect(demoStoreUrl({ MODE: 'store', WXT_DEMO_STORE_URL: 'http://127.0.0.1:8789/' })).toBeNull();
    expect(demoStoreUrl({ MODE: 'production', WXT_DEMO_STORE_URL: 'https://shop.example/' })).toBeNull();
    expect(demoStoreUrl({ MODE: 'production' })).toBeNull();
  });

  it('reads the "what changed" version from the address, ignoring anything else', () => {
    expect(changedSince('')).toBeNull();
    expect(changedSince('?since=1')).toBe(1);
    expect(changedSince('?since=1e9')).toBeNull();
    expect(changedSince('?since=-1')).toBeNull();
  });
});
