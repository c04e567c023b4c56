import { ConfigError, loadTokenConfig } from './config';
import { createTokenHandler } from './handler';
import { MemoryStore, StoreUnavailableError, type KeyValueStore } from './kv-store';
import { serveNode } from './node-adapter';
import { connectRedisStore } from './redis-store';

/**
 * Runs the token server on Node: `AIUTA_JWT_SECRET=... AIUTA_JWT_ISSUER=... npx tsx server/token/main.ts`.
 * PORT (default 8788) and HOST (default 127.0.0.1; 0.0.0.0 in a container) choose where it listens;
 * REDIS_URL shares its state with other instances.
 */
async function main(): Promise<void> {
  let config;
  let store: KeyValueStore;
  let handler;
  try {
    config = loadTokenConfig(process.env);
    store = config.redisUrl ? await connectRedisStore({ url: config.redisUrl }) : new MemoryStore();
    handler = createTokenHandler(config, { store });
  } catch (error) {
    if (error instanceof ConfigError || error instanceof StoreUnavailableError) {
      console.error(`Token server not started: ${error.message}`);
      process.exit(1);
    }
    throw error;
  }
  const port = Number(process.env.PORT ?? 8788);
  const host = process.env.HOST ?? '127.0.0.1';
  const running = await serveNode(handler.fetch, { port, host });
  const mode = config.sandbox ? ' (sandbox mode: any origin, dev defaults)' : '';
  const catalog = config.apiKey ? `; catalog resolution at ${running.origin}${config.catalogPath}` : '';
  const shared = config.redisUrl ? '; state shared in Redis' : '';
  console.log(`Aiuta token server listening on ${running.origin}${config.path}${catalog}${shared}${mode}`);
  // Once: on Ctrl-C the terminal and npx (or tsx) each pass a SIGINT on, and the second must not cut the first short.
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    void running.close().then(() => store.close()).then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

void main();
