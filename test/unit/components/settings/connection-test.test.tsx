// @vitest-environment happy-dom
import { render } from 'preact';
import { describe, expect, it } from 'vitest';
import { ConnectionTest } from '@/components/settings/ConnectionTest';
import type { ConnectionTestState } from '@/components/settings/use-connection-test';
import { createTokenBroker } from '@/utils/auth/token-broker';
import { probeCatalogEndpoint } from '@/utils/catalog/probe';
import { toAppError, type AppErrorData } from '@/utils/errors';
import { diagnoseConnection } from '@/utils/settings/connection-diagnosis';
import { useLocale } from '../../support/locale';
import { useRenderRoot } from '../../support/render-root';

const dom = useRenderRoot();

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

/** What "Test connection" meets when the token endpoint answers 401 with its own words. */
async function tokenEndpoint401(): Promise<AppErrorData> {
  const tokens = createTokenBroker({
    getSettings: async () => ({ tokenEndpoint: 'https://tokens.shop.example/aiuta_jwt', subscriptionId: 'shop-1' }),
    fetch: async () => json(401, { error: 'unauthorized', message: 'log in first' }),
    now: () => 1_000,
    sleep: async () => undefined,
  });
  return tokens.getToken({ operation: 'upload_image' }, { refresh: true }).then(
    () => {
      throw new Error('expected a failure');
    },
    (error: unknown) => toAppError(error).toJSON(),
  );
}

function show(state: ConnectionTestState): HTMLElement {
  render(<ConnectionTest state={state} onRun={() => undefined} />, dom.root);
  return dom.root;
}

describe('"Test connection" in the settings', () => {
  it("shows a token endpoint's 401 as the panel's sentence in the shopper's language, the service's words only labelled", async () => {
    const error = await tokenEndpoint401();
    expect(error.code).toBe('token_rejected');
    useLocale('de');
    const alert = show({ kind: 'failed', error, diagnosis: diagnoseConnection(error.code) }).querySelector('[role="alert"]')!;
    const text = alert.textContent ?? '';
    expect(text).toContain('Der Anmeldedienst hat die Anfrage abgelehnt. Prüfen Sie die Abonnement-ID und den Token-Endpunkt in den Einstellungen.');
    // The English sentence made for logs is not shown.
    expect(text).not.toContain(error.message);
    expect(text).not.toContain('refused');
    expect(alert.querySelector('.error-notice__detail')?.textContent).toBe('Der Dienst meldete: log in first');
  });

  it('shows English to an English browser, the same sentence as the panel', async () => {
    const error = await tokenEndpoint401();
    const text = show({ kind: 'failed', error, diagnosis: diagnoseConnection(error.code) }).querySelector('[role="alert"]')?.textContent ?? '';
    expect(text).toContain('The sign-in service refused the request. Check the subscription ID and the token endpoint in the settings.');
    expect(text).toContain('The service said: log in first');
  });

  it("says the catalog endpoint's failure as the panel does, with the wait it asked for", async () => {
    const probe = await probeCatalogEndpoint({ catalogEndpoint: 'https://shop.example/aiuta_sku', subscriptionId: 'shop-1' }, async () =>
      json(503, { error: 'catalog_unavailable', message: 'Later.' }, { 'retry-after': '17' }),
    );
    expect(probe).toMatchObject({ state: 'failed', error: { code: 'catalog_unreachable', params: { retryAfterS: 17 } } });
    useLocale('de');
    const root = show({ kind: 'passed', issuer: 'shop', expiresAt: 61_000, apiReachable: true, testedAt: 1_000, catalog: probe });
    expect(root.querySelector('[data-testid="catalog-check"]')?.textContent).toBe(
      'Die Produktprüfung ist gerade nicht möglich. Versuchen Sie es in 17 Sekunden erneut.',
    );
  });
});
