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
  const isDenoInfo = typeof second === 'object' && second !== null && 'remoteAddr' in second;
  if (!isDenoInfo && typeof second === 'object' && second !== null) {
    return second as Record<string, string | undefined>;
  }
  const processEnv = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  return processEnv ?? {};
}

function clientAddress(request: Request, second: unknown): string | undefined {
  const deno = second as DenoServeInfo | undefined;
  return deno?.remoteAddr?.hostname ?? request.headers.get('cf-connecting-ip') ?? undefined;
}

export default {
  fetch(request: Request, second?: unknown): Promise<Response> {
    // Built on first use: Workers only hand out `env` with a request.
    handler ??= createTokenHandler(loadTokenConfig(environment(second)));
    return handler.fetch(request, { clientAddress: clientAddress(request, second) });
  },
};
