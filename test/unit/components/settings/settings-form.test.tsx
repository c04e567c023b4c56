// @vitest-environment happy-dom
import { render } from 'preact';
import { beforeEach, describe, expect, it } from 'vitest';
import { SettingsForm } from '@/components/settings/SettingsForm';
import { defaultSettings, type Settings } from '@/utils/settings/schema';
import { useLocale } from '../../support/locale';
import { useRenderRoot } from '../../support/render-root';

const dom = useRenderRoot();

const form = (apiBaseUrl: string) => {
  const settings: Settings = { ...defaultSettings, subscriptionId: 'shop-1', tokenEndpoint: 'https://tokens.shop.example/jwt', apiBaseUrl };
  // A fresh form each time: the form keeps what was typed until it is saved.
  render(null, dom.root);
  render(<SettingsForm settings={settings} onSave={async () => settings} test={{ kind: 'idle' }} onTest={() => undefined} />, dom.root);
  return dom.root.querySelector('[data-warning="api-base-not-aiuta"]')?.textContent ?? null;
};

describe('the connection settings form', () => {
  beforeEach(() => useLocale('en'));

  it('warns, naming the host, when the API base URL is not an Aiuta address', () => {
    expect(form('https://api.photo-harvest.example/v1')).toMatch(/not an Aiuta address: shoppers' photos will be sent to api\.photo-harvest\.example\./);
    expect(form('http://127.0.0.1:8787/digital-try-on/v1')).toContain('127.0.0.1:8787');
  });

  it("says nothing for Aiuta's own hosts", () => {
    expect(form('https://api.aiuta.com/digital-try-on/v1')).toBeNull();
    expect(form('https://eu.api.aiuta.com/v1')).toBeNull();
    // A look-alike is not Aiuta.
    expect(form('https://api.aiuta.com.evil.example/v1')).not.toBeNull();
  });
});
