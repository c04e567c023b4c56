import { spawn } from 'node:child_process';
import { Agent, request } from 'node:http';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { bench, describe } from 'vitest';
import { createClient } from '@redis/client';
import { contractEnv } from './contract-suite';
import { freeLoopbackPort, startRedisServer } from './redis-harness';

/**
 * Load figures of the token server as deployed: the Node bundle run by plain `node` in its own
 * process, asked for create_try_on tokens over loopback keep-alive connections by 1, 16 and 64
 * concurrent clients, with state in memory and in a real redis-server. Then the process's memory
 * after 100 000 requests from 100 000 different client addresses (the worst case for per-client
 * state). Bounded: each level stops after LEVEL_REQUESTS requests or LEVEL_SECONDS, whichever first.
 */

const LEVELS = [1, 16, 64];
const LEVEL_REQUESTS = 20_000;
const LEVEL_SECONDS = 4;
const MEMORY_REQUESTS = 100_000;
const MEMORY_SECONDS = 120;
const BODY = JSON.stringify({ operation: 'create_try_on', uploaded_image_id: 'user_image-06f5948c', sku_id: 'NWB-TEE-NAVY-M' });

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

function rssMb(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').match(/^VmRSS:\s+(\d+) kB/m);
  return Number(line?.[1] ?? NaN) / 1024;
}

interface Load {
  requests: number;
  seconds: number;
  latenciesMs: number[];
  failures: number;
}

/** `concurrency` clients, each sending one request after the other, until `count` or `seconds`. */
async function load(port: number, concurrency: number, count: number, seconds: number, client: (index: number) => string): Promise<Load> {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const latenciesMs: number[] = [];
  let sent = 0;
  let failures = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  const one = (index: number) =>
    new Promise<void>((resolve) => {
      const begun = performance.now();
      const outgoing = request(
        {
          agent,
          host: '127.0.0.1',
          port,
          path: '/aiuta_jwt',
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(BODY), 'X-Forwarded-For': client(index) },
        },
        (response) => {
          response.resume();
          response.on('end', () => {
            if (response.statusCode === 200) latenciesMs.push(performance.now() - begun);
            else failures++;
            resolve();
          });
        },
      );
      outgoing.on('error', () => {
        failures++;
        resolve();
      });
      outgoing.end(BODY);
    });
  const worker = async () => {
    while (sent < count && performance.now() < deadline) await one(sent++);
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const elapsed = (performance.now() - started) / 1000;
  agent.destroy();
  return { requests: sent, seconds: elapsed, latenciesMs, failures };
}

async function startServer(file: string, env: Record<string, string>) {
  const port = await freeLoopbackPort();
  const child = spawn(process.execPath, [file], {
    env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', PORT: String(port), ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('listening on')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`token server exited with ${code}`)));
  });
  return {
    port,
    pid: child.pid!,
    stop: () => new Promise<void>((resolve) => (child.exitCode !== null ? resolve() : (child.once('exit', () => resolve()), child.kill('SIGTERM')))),
  };
}

describe('token server under load (loopback)', () => {
  bench(
    'tokens per second and latency at 1, 16, 64 clients; memory after 100 000 requests; memory and Redis state',
    async () => {
      const folder = mkdtempSync(join(tmpdir(), 'token-bench-'));
      const file = join(folder, 'token-server.cjs');
      await build({ entryPoints: ['server/token/main.ts'], bundle: true, platform: 'node', format: 'cjs', outfile: file, logLevel: 'silent' });
      const redis = await startRedisServer();
      const lines = [`token server load, ${LEVEL_REQUESTS} requests or ${LEVEL_SECONDS} s per level, create_try_on tokens, keep-alive HTTP/1.1`];
      try {
        for (const mode of ['memory', 'Redis'] as const) {
          const server = await startServer(file, {
            ...contractEnv({
              AIUTA_JWT_RATE_BURST: '100000',
              AIUTA_JWT_RATE_PER_MINUTE: '1000000',
              AIUTA_JWT_CLIENT_IP_HEADER: 'X-Forwarded-For',
            }),
            ...(mode === 'Redis' ? { REDIS_URL: redis.url } : {}),
          });
          try {
            const startRss = rssMb(server.pid);
            // Warm up the JIT and the connections.
            await load(server.port, 16, 2_000, 2, (index) => `10.1.${index % 250}.1`);
            for (const concurrency of LEVELS) {
              const result = await load(server.port, concurrency, LEVEL_REQUESTS, LEVEL_SECONDS, (index) => `10.2.${index % 250}.${index % 7}`);
              const sorted = [...result.latenciesMs].sort((a, b) => a - b);
              lines.push(
                `  ${mode.padEnd(6)} ${String(concurrency).padStart(2)} clients: ${Math.round(result.latenciesMs.length / result.seconds)} tokens/s, ` +
                  `p50 ${percentile(sorted, 50).toFixed(2)} ms, p99 ${percentile(sorted, 99).toFixed(2)} ms` +
                  ` (${result.requests} requests in ${result.seconds.toFixed(1)} s${result.failures ? `, ${result.failures} failed` : ''})`,
              );
            }
            const flood = await load(server.port, 64, MEMORY_REQUESTS, MEMORY_SECONDS, (index) => `10.${(index >> 16) & 255}.${(index >> 8) & 255}.${index & 255}`);
            lines.push(
              `  ${mode.padEnd(6)} memory: RSS ${startRss.toFixed(0)} MB at start, ${rssMb(server.pid).toFixed(0)} MB after ` +
                `${flood.requests} requests from as many client addresses (${flood.seconds.toFixed(1)} s${flood.failures ? `, ${flood.failures} failed` : ''})`,
            );
            if (mode === 'Redis') {
              const client = createClient({ url: redis.url });
              await client.connect();
              const info = await client.info('memory');
              const keys = await client.dbSize();
              await client.close();
              lines.push(`  Redis  server: ${info.match(/used_memory_human:(\S+)/)?.[1]} used, ${keys} keys (rate-limit windows expire after 2 windows)`);
            }
          } finally {
            await server.stop();
          }
        }
      } finally {
        await redis.stop();
        rmSync(folder, { recursive: true, force: true });
      }
      console.log(lines.join('\n'));
    },
    { iterations: 1, time: 0, warmupIterations: 0, warmupTime: 0 },
  );
});
