import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diagnoseConnection, probeServer, urlToProbe } from '@/utils/settings/connection-diagnosis';

describe('connection diagnosis', () => {
  it('points each failure at the field to check', () => {
    expect(diagnoseConnection('token_unreachable', 'silent')).toEqual({ problem: 'settings_test_token_unreachable', field: 'tokenEndpoint' });
    expect(diagnoseConnection('token_unreachable', 'refuses-origin')).toEqual({ problem: 'settings_test_token_cors', field: 'tokenEndpoint' });
    expect(diagnoseConnection('token_unreachable', 'answers')).toEqual({ problem: 'settings_test_token_unreachable', field: 'tokenEndpoint' });
    expect(diagnoseConnection('token_bad_response')).toEqual({ problem: 'settings_test_token_bad_response', field: 'tokenEndpoint' });
    expect(diagnoseConnection('token_expired')).toEqual({ problem: 'settings_test_token_expired', field: 'tokenEndpoint' });
    expect(diagnoseConnection('token_rejected')).toEqual({ problem: 'settings_test_token_rejected', field: 'subscriptionId' });
    expect(diagnoseConnection('api_unauthorized')).toEqual({ problem: 'settings_test_api_unauthorized', field: 'subscriptionId' });
    expect(diagnoseConnection('api_unreachable', 'refuses-origin')).toEqual({ problem: 'settings_test_api_cors', field: 'apiBaseUrl' });
    expect(diagnoseConnection('api_bad_response')).toEqual({ problem: 'settings_test_api_bad_response', field: 'apiBaseUrl' });
    expect(diagnoseConnection('no_receiver')).toEqual({ problem: 'settings_test_extension_error' });
  });

  it('probes the URL that failed', () => {
    const values = { tokenEndpoint: 'https://t.example/jwt', apiBaseUrl: 'https://a.example/v1' };
    expect(urlToProbe('token_unreachable', values)).toBe('https://t.example/jwt');
    expect(urlToProbe('api_timeout', values)).toBe('https://a.example/v1');
    expect(urlToProbe('token_rejected', values)).toBeUndefined();
  });
});

describe('probeServer', () => {
  let server: Server;
  let origin: string;

  beforeAll(async () => {
    server = createServer((_request, response) => response.writeHead(405).end());
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(() => new Promise<void>((done) => server.close(() => done())));

  it('reports a server that answers, whatever its status', async () => {
    await expect(probeServer(`${origin}/aiuta_jwt`)).resolves.toBe('answers');
  });

  it('reports silence when nothing listens', async () => {
    const closed = createServer();
    await new Promise<void>((done) => closed.listen(0, '127.0.0.1', done));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((done) => closed.close(() => done()));
    await expect(probeServer(`http://127.0.0.1:${port}/aiuta_jwt`)).resolves.toBe('silent');
  });

  it('tells a CORS refusal apart: the no-cors request gets through, the cors one does not', async () => {
    const modes: (RequestMode | undefined)[] = [];
    const browserLikeFetch = (async (_url: RequestInfo | URL, init?: RequestInit) => {
      modes.push(init?.mode);
      if (init?.mode === 'cors') throw new TypeError('Failed to fetch');
      return new Response(null, { status: 200 });
    }) as typeof fetch;
    await expect(probeServer('https://t.example/jwt', browserLikeFetch)).resolves.toBe('refuses-origin');
    expect(modes).toEqual(['cors', 'no-cors']);
  });
});
