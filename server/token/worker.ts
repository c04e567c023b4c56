import { loadTokenConfig } from './config';
import { createTokenHandler, type TokenHandler } from './handler';

/**
 * Entry for runtimes that take a module with a default `fetch` export: Cloudflare Workers (config
 * from the `env` binding), `deno serve` and Bun (config from the process environment).
 */

interface DenoServeInfo {
  remoteAddr?: { hostname?: string };
}

let handler: TokenHandler | undefined;

function environment(second: unknown): Record<string, string | undefined> {
  // Workers pass their `env` binding; Deno passes connection info and Bun its server object, which
  // carry no configuration, so only an object holding our variables counts as the environment.
  const isWorkersEnv = typeof second === 'object' && second !== null && Object.keys(second).some((key) => key.startsWith('AIUTA_JWT_'));
  if (isWorkersEnv) return second as Record<string, string | undefined>;
  const processEnv = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  return processEnv ?? {};
}

function clientAddress(request: Request, second: unknown): string | undefined {
  const deno = second as DenoServeInfo | undefined;
  // Only Workers set cf-connecting-ip themselves; elsewhere a client could forge it.
  const onWorkers = typeof (globalThis as { WebSocketPair?: unknown }).WebSocketPair === 'function';
  const bun = second as { requestIP?: (request: Request) => { address?: string } | null } | undefined;
  if (typeof bun?.requestIP === 'function') return bun.requestIP(request)?.address ?? undefined;
  return deno?.remoteAddr?.hostname ?? (onWorkers ? (request.headers.get('cf-connecting-ip') ?? undefined) : undefined);
}

export default {
  fetch(request: Request, second?: unknown): Promise<Response> {
    // Built on first use: Workers only hand out `env` with a request.
    handler ??= createTokenHandler(loadTokenConfig(environment(second)));
    return handler.fetch(request, { clientAddress: clientAddress(request, second) });
  },
};
