import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { createAiutaClient } from '@/utils/aiuta/client';
import { createImageReports } from '@/utils/auth/image-reports';
import { createTokenBroker } from '@/utils/auth/token-broker';
import { probeCatalogEndpoint } from '@/utils/catalog/probe';
import { createCatalogResolver } from '@/utils/catalog/resolver';
import { actionFor } from '@/components/error-action';
import { errorSentence } from '@/utils/error-sentence';
import { AppError } from '@/utils/errors';
import { refuseRedirect } from '@/utils/http';
import { createSerialQueue } from '@/utils/serial-queue';
import { startFakeApi, subscriptionId, type FakeApi } from './support/fake-api';
import { useLocale } from './support/locale';

/**
 * Every client of the extension talks only to the address in the settings: a host that answers with
 * a redirect gets an error back, and the address it names receives nothing (no photo, no token, no ids).
 */

interface Host {
  origin: string;
  /** Method and path of every request this host received. */
  received: string[];
  close: () => Promise<void>;
}

/** A loopback host that records what it receives and answers with `answer`. */
async function startHost(answer: (path: string) => { status: number; headers?: Record<string, string>; body?: string }): Promise<Host> {
  const received: string[] = [];
  const server: Server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      received.push(`${req.method} ${req.url}`);
      const { status, headers, body } = answer(req.url ?? '/');
      res.writeHead(status, headers);
      res.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { origin, received, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected a failure');
    },
    (error: unknown) => error as AppError,
  );

describe('no request follows a redirect', () => {
  let elsewhere: Host;
  let redirecting: Host;
  let api: FakeApi;

  beforeEach(async () => {
    fakeBrowser.reset();
    useLocale('en');
    elsewhere = await startHost(() => ({ status: 200, headers: { 'content-type': 'application/json' }, body: '{}' }));
    // 307 keeps the method and the body: followed, it would resend them to the other host.
    redirecting = await startHost((path) => ({ status: 307, headers: { location: `${elsewhere.origin}${path}` } }));
    api = await startFakeApi({ readyAfterPolls: 0 });
  });
  afterEach(async () => {
    await Promise.all([elsewhere.close(), redirecting.close(), api.close()]);
  });

  it('the try-on service: upload, create, status and delete fail with a plain error, once, and send nothing on', async () => {
    const settings = {
      subscriptionId,
      tokenEndpoint: api.tokenEndpoint,
      apiBaseUrl: `${redirecting.origin}/digital-try-on/v1`,
      apiFlavour: 'digital-try-on-v1' as const,
      developerApiKey: '',
    };
    const client = createAiutaClient({
      getSettings: async () => settings,
      tokens: createTokenBroker({ getSettings: async () => settings, fetch, now: Date.now }),
      http: { fetch, now: Date.now, random: () => 0.5, sleep: async () => undefined },
    });
    const target = { apiBaseUrl: settings.apiBaseUrl, subscriptionId };
    const photo = new Blob([new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3])], { type: 'image/jpeg' });
    const errors = [
      await failure(client.uploadImage(photo)),
      await failure(client.createTryOn({ uploadedImageId: 'user_image-1', skuIds: ['SKU-1'] })),
      await failure(client.getOperation('op-1')),
      await failure(client.deleteGeneratedImage('generated-1', target)),
    ];
    const host = new URL(redirecting.origin).host;
    for (const error of errors) {
      expect(error).toBeInstanceOf(AppError);
      expect(error.code).toBe('api_bad_response');
      expect(error.message).toContain(`try-on service at ${host} sent the request to another address`);
      // What the shopper reads (panel, popup, notification) names the host too, in their language.
      expect(errorSentence(error.toJSON())).toBe(`${host} sent the request to another address. The extension sends it only to the address in the settings: check that address.`);
      expect(actionFor(error.code, error.params)).toBe('open_settings');
    }
    useLocale('de');
    expect(errorSentence(errors[0]!.toJSON())).toContain(`${host} hat die Anfrage an eine andere Adresse umgeleitet.`);
    // Each asked once: a redirect is not retried, even for reads and deletes.
    expect(redirecting.received).toEqual([
      'POST /digital-try-on/v1/uploaded_images',
      'POST /digital-try-on/v1/sku_images_operations',
      'GET /digital-try-on/v1/sku_images_operations/op-1',
      'DELETE /digital-try-on/v1/generated_images/generated-1',
    ]);
    expect(elsewhere.received).toEqual([]);
  });

  it('the token server: no token is taken from the address it redirects to', async () => {
    const settings = { tokenEndpoint: `${redirecting.origin}/aiuta_jwt`, subscriptionId };
    const broker = createTokenBroker({ getSettings: async () => settings, fetch, now: Date.now });
    const error = await failure(broker.getToken({ operation: 'upload_image' }));
    expect(error.code).toBe('token_bad_response');
    expect(error.message).toContain('token server at');
    expect(errorSentence(error.toJSON())).toContain(`${new URL(redirecting.origin).host} sent the request to another address`);
    expect(redirecting.received).toEqual(['POST /aiuta_jwt']);
    expect(elsewhere.received).toEqual([]);
  });

  it('the image report to the token backend goes nowhere else', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const report = createImageReports({
      getSettings: async () => ({ tokenEndpoint: `${redirecting.origin}/aiuta_jwt`, subscriptionId }),
      installId: async () => crypto.randomUUID(),
      fetch,
    });
    await report(['generated-1']);
    expect(redirecting.received).toEqual(['POST /aiuta_images']);
    expect(elsewhere.received).toEqual([]);
    expect(warn).toHaveBeenCalledWith('Could not report images to the token backend', expect.objectContaining({ code: 'token_bad_response' }));
    warn.mockRestore();
  });

  it('the catalog endpoint: resolving and its connection test refuse the redirect', async () => {
    const settings = { catalogEndpoint: `${redirecting.origin}/aiuta_sku`, subscriptionId };
    const resolver = createCatalogResolver({ getSettings: async () => settings, fetch, now: Date.now, write: createSerialQueue() });
    const product = { sku: 'SKU-1', ids: [{ kind: 'sku' as const, value: 'SKU-1', source: 'json-ld' }], pageUrl: 'https://shop.example/p/1' };
    const error = await failure(resolver.resolve(product));
    expect(error.code).toBe('catalog_bad_response');
    expect(errorSentence(error.toJSON())).toContain(`${new URL(redirecting.origin).host} sent the request to another address`);
    expect(await probeCatalogEndpoint(settings, fetch)).toMatchObject({ state: 'failed', error: { code: 'catalog_bad_response' } });
    expect(redirecting.received).toEqual(['POST /aiuta_sku', 'POST /aiuta_sku']);
    expect(elsewhere.received).toEqual([]);
  });

  it('a browser hands the redirect back opaque, with status 0: refused the same way', () => {
    const opaque = { type: 'opaqueredirect', status: 0 } as Response;
    expect(() => refuseRedirect(opaque, 'https://api.example/v1/x', 'try-on service', 'api_bad_response')).toThrow(/api\.example sent the request to another address/);
    for (const status of [200, 204, 304, 404, 500]) {
      expect(() => refuseRedirect(new Response(null, { status }), 'https://api.example/v1/x', 'try-on service', 'api_bad_response')).not.toThrow();
    }
  });
});
