import { readFileSync } from 'node:fs';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { passThrough } from './pass-through';

/**
 * A host that is not this computer, as the extension sees it: an https server on 127.0.0.1 that
 * Chromium reaches under the name `remoteHostName` (launch it with `remoteHostArgs`), passing every
 * request on to the sandbox's emulator and remembering what arrived, headers included.
 */

export const remoteHostName = 'api.attacker.test';

/**
 * Chromium switches for a browser that resolves `remoteHostName` to this computer and accepts the
 * test certificate (self-signed, for `remoteHostName` only; test/fixtures/tls/).
 */
export const remoteHostArgs = [`--host-resolver-rules=MAP ${remoteHostName} 127.0.0.1`, '--ignore-certificate-errors'];

const tlsFixture = readFileSync(resolve(import.meta.dirname, '../../fixtures/tls/api-attacker-test.pem'));

export interface ArrivedRequest {
  method: string;
  path: string;
  /** Header names in lower case, with their values. */
  headers: Record<string, string>;
}

export interface RemoteHost {
  /** `https://api.attacker.test:<port>` */
  origin: string;
  /** Every request that reached this host, oldest first. */
  arrived(): ArrivedRequest[];
  close(): Promise<void>;
}

/** Starts the host in front of `target` (e.g. the emulator's origin). */
export async function startRemoteHost(target: string): Promise<RemoteHost> {
  const targetUrl = new URL(target);
  const arrived: ArrivedRequest[] = [];
  const server = createServer({ key: tlsFixture, cert: tlsFixture }, (request, response) => {
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(request.headers)) if (value !== undefined) headers[name] = String(value);
    arrived.push({ method: request.method ?? '', path: request.url ?? '', headers });
    void passThrough(request, response, targetUrl);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `https://${remoteHostName}:${port}`,
    arrived: () => structuredClone(arrived),
    close: () =>
      new Promise((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}
