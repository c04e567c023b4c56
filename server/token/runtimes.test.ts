import { build } from 'esbuild';
import { Miniflare } from 'miniflare';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTokenConfig } from './config';
import { contractEnv, tokenBackendContract, type Runtime } from './contract-suite';
import { createTokenHandler } from './handler';
import { MemoryStore, type KeyValueStore } from './kv-store';
import { serveNode } from './node-adapter';
import { startRedisServer, type RedisServer } from './redis-harness';
import { connectRedisStore } from './redis-store';

/** The same HTTP contract on every runtime the backend ships for. */

function nodeRuntime(makeStore: () => Promise<KeyValueStore>): Runtime {
  return {
    async start(env) {
      const config = loadTokenConfig(env);
      const store = await makeStore();
      let handler;
      try {
        handler = createTokenHandler(config, { store });
      } catch (error) {
        await store.close();
        throw error;
      }
      const server = await serveNode(handler.fetch, { port: 0 });
      return { origin: server.origin, close: async () => (await server.close(), await store.close()) };
    },
  };
}

describe('Node, state in memory', { timeout: 20_000 }, () => {
  tokenBackendContract(nodeRuntime(async () => new MemoryStore()));
});

describe('Node, state in Redis', { timeout: 20_000 }, () => {
  let redis: RedisServer;
  let started = 0;
  beforeAll(async () => {
    redis = await startRedisServer();
  }, 20_000);
  afterAll(() => redis?.stop());
  // Each backend gets its own key prefix, so one test's counters do not meet the next one's.
  tokenBackendContract(nodeRuntime(() => connectRedisStore({ url: redis.url, prefix: `contract-${++started}:` })));
});

describe('Workers (workerd through miniflare), state in the SharedState Durable Object', { timeout: 30_000 }, () => {
  let script: string;
  beforeAll(async () => {
    // What wrangler does with `main = "server/token/worker.ts"`: one ES module for workerd.
    const bundle = await build({
      entryPoints: ['server/token/worker.ts'],
      bundle: true,
      format: 'esm',
      platform: 'browser',
      conditions: ['workerd', 'worker', 'browser'],
      write: false,
      logLevel: 'silent',
    });
    script = bundle.outputFiles[0]!.text;
  }, 30_000);

  async function startWorker(env: Record<string, string>, options: { sharedState: boolean }) {
    const worker = new Miniflare({
      modules: true,
      script,
      compatibilityDate: '2025-01-01',
      bindings: env,
      ...(options.sharedState ? { durableObjects: { SHARED_STATE: 'SharedState' } } : {}),
    });
    const origin = (await worker.ready).origin;
    // Workers read their configuration on the first request, and answer 500 with its sentence if it is refused.
    const first = await fetch(`${origin}/healthz`);
    if (first.status !== 200) {
      const body = (await first.json()) as { error: string; message: string };
      await worker.dispose();
      expect(first.status).toBe(500);
      expect(body.error).toBe('server_misconfigured');
      throw new Error(body.message);
    }
    return { origin, close: () => worker.dispose() };
  }

  tokenBackendContract({ start: (env) => startWorker(env, { sharedState: true }) });

  it('runs without the SharedState binding, keeping state per isolate', async () => {
    const worker = await startWorker(contractEnv(), { sharedState: false });
    try {
      const response = await fetch(`${worker.origin}/aiuta_jwt`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ operation: 'upload_image' }),
      });
      expect(response.status).toBe(200);
    } finally {
      await worker.close();
    }
  });
});
