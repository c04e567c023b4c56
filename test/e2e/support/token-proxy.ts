import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { passThrough } from './pass-through';

/**
 * A pass-through in front of the sandbox's token server that a test can take down and bring back on
 * the same port (the extension keeps the same token endpoint setting), and that remembers every
 * token it handed out, so a test can look for those exact strings where they must not be.
 */
export interface TokenProxy {
  /** The token endpoint to put in the settings. */
  url: string;
  /** Every token the backend issued through this proxy, oldest first. */
  issuedTokens(): string[];
  /** Requests that reached the proxy while it was up. */
  requestCount(): number;
  /** Stops listening and drops open connections: the extension now gets "connection refused". */
  down(): Promise<void>;
  /** Listens again on the same port. */
  up(): Promise<void>;
  close(): Promise<void>;
}

export async function startTokenProxy(target: string): Promise<TokenProxy> {
  const targetUrl = new URL(target);
  const tokens: string[] = [];
  let requests = 0;
  const sockets = new Set<Socket>();

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    requests += 1;
    const body = await passThrough(request, response, targetUrl);
    try {
      const token = (JSON.parse(body?.toString('utf8') ?? '') as { token?: unknown }).token;
      if (typeof token === 'string') tokens.push(token);
    } catch {
      // Not JSON (a preflight, an error page) or not answered: nothing to remember.
    }
  };

  let server: Server | undefined;
  let port = 0;
  const listen = async () => {
    const next = createServer((request, response) => void handle(request, response));
    next.on('connection', (socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
    await new Promise<void>((done, fail) => {
      next.once('error', fail);
      next.listen(port, '127.0.0.1', () => done());
    });
    port = (next.address() as AddressInfo).port;
    server = next;
  };
  const stop = async () => {
    const current = server;
    server = undefined;
    if (!current) return;
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((done) => current.close(() => done()));
  };

  await listen();
  return {
    url: `http://127.0.0.1:${port}${targetUrl.pathname}`,
    issuedTokens: () => [...tokens],
    requestCount: () => requests,
    down: stop,
    up: listen,
    close: stop,
  };
}
