import { ConfigError, loadTokenConfig } from './config';
import { durableObjectStore, type DurableObjectNamespaceLike } from './durable-object-store';
import { createTokenHandler, type TokenHandler } from './handler';
import { json } from './http';
import { MemoryStore } from './kv-store';

/**
 * Entry for runtimes that take a module with a default `fetch` export: Cloudflare Workers (config
 * from the `env` binding; shared state in the `SharedState` Durable Object bound as `SHARED_STATE`),
 * `deno serve` and Bun (config from the process environment; state in memory).
 */

export { SharedState } from './durable-object-store';

interface DenoServeInfo {
  remoteAddr?: { hostname?: string };
}

let handler: TokenHandler | undefined;

function environment(second: unknown): Record<string, unknown> {
  // Workers pass their `env` binding; Deno passes connection info and Bun its server object, which
  // carry no configuration, so only an object holding our variables counts as the environment.
  const isWorkersEnv =
    typeof second === 'object' && second !== null && Object.keys(second).some((key) => key.startsWith('AIUTA_'));
  if (isWorkersEnv) return second as Record<string, unknown>;
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

function createHandler(env: Record<string, unknown>): TokenHandler {
  const config = loadTokenConfig(env);
  if (config.redisUrl) {
    throw new ConfigError(
      'REDIS_URL is read by the Node entry (server/token/main.ts); this entry shares state through the SharedState Durable Object bound as SHARED_STATE.',
    );
  }
  const namespace = env.SHARED_STATE as DurableObjectNamespaceLike | undefined;
  return createTokenHandler(config, { store: namespace ? durableObjectStore(namespace) : new MemoryStore() });
}

export default {
  async fetch(request: Request, second?: unknown): Promise<Response> {
    try {
      // Built on first use: Workers only hand out `env` with a request.
      handler ??= createHandler(environment(second));
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      console.error(`Token server misconfigured: ${error.message}`);
      return json({ error: 'server_misconfigured', message: error.message }, 500, { 'Cache-Control': 'no-store' });
    }
    return handler.fetch(request, { clientAddress: clientAddress(request, second) });
  },
};
