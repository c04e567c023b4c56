import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { loadTokenConfig } from '../../../server/token/config';
import { createTokenHandler } from '../../../server/token/handler';
import { serveNode, type RunningServer } from '../../../server/token/node-adapter';
import { actionFor } from '@/components/error-action';
import { createTokenBroker } from '@/utils/auth/token-broker';
import { errorSentence } from '@/utils/error-sentence';
import { AppError } from '@/utils/errors';
import { useLocale } from '../support/locale';

/**
 * The reference token server's daily try-on budget (`AIUTA_DAILY_TRY_ONS`) answers
 * `429 { error: "budget_exhausted" }` with Retry-After until midnight UTC. That is neither a network
 * fault nor a busy server: the shopper is told when try-ons are back, and offered no Retry.
 */
describe('a spent daily try-on budget', () => {
  let server: RunningServer;
  let asked: number;
  const dayMs = 86_400_000;

  beforeEach(async () => {
    fakeBrowser.reset();
    useLocale('en');
    asked = 0;
    const handler = createTokenHandler(
      loadTokenConfig({
        AIUTA_JWT_SECRET: 'test-secret-0123456789-0123456789',
        AIUTA_JWT_ISSUER: 'test-issuer',
        AIUTA_SUBSCRIPTION_ID: 'sub-1',
        AIUTA_JWT_ALLOW_ANONYMOUS: 'true',
        AIUTA_DAILY_TRY_ONS: '1',
      }),
      { log: () => undefined },
    );
    server = await serveNode((request, info) => {
      asked++;
      return handler.fetch(request, info);
    }, { port: 0 });
  });
  afterEach(() => server.close());

  const broker = () =>
    createTokenBroker({
      getSettings: async () => ({ tokenEndpoint: `${server.origin}/aiuta_jwt`, subscriptionId: 'sub-1' }),
      fetch,
      now: Date.now,
      sleep: async () => undefined,
    });
  const tryOn = { operation: 'create_try_on' as const, uploaded_image_id: 'user_image-1', sku_id: 'SKU-1' };

  it('is its own error, asked once, with the time the budget resets', async () => {
    await broker().getToken(tryOn);
    asked = 0;
    const error = await broker().getToken({ ...tryOn, sku_id: 'SKU-2' }).then(
      () => undefined,
      (cause: unknown) => cause as AppError,
    );
    expect(error).toBeInstanceOf(AppError);
    expect(error!.code).toBe('budget_exhausted');
    expect(asked).toBe(1);
    const midnight = Math.ceil(Date.now() / dayMs) * dayMs;
    expect(Math.abs(error!.params!.resetsAt! - midnight)).toBeLessThan(60_000);
    expect(actionFor(error!.code, error!.params)).toBe('close');
    const at = new Intl.DateTimeFormat('en', { hour: 'numeric', minute: '2-digit' }).format(error!.params!.resetsAt!);
    expect(errorSentence(error!.toJSON())).toBe(`The try-ons available for today are used up. You can try on again from ${at}.`);
    useLocale('de');
    const um = new Intl.DateTimeFormat('de', { hour: 'numeric', minute: '2-digit' }).format(error!.params!.resetsAt!);
    expect(errorSentence(error!.toJSON())).toBe(`Die für heute verfügbaren Anproben sind aufgebraucht. Ab ${um} können Sie wieder anprobieren.`);
  });

  it('without a Retry-After, says to come back tomorrow', () => {
    expect(errorSentence({ code: 'budget_exhausted', message: 'raw' })).toBe('The try-ons available for today are used up. Please come back tomorrow.');
    expect(actionFor('budget_exhausted')).toBe('close');
  });
});
