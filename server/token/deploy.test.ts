import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { backendErrorSchema } from '../../utils/contracts/token-request';
import { CONTRACT_SECRET, contractEnv } from './contract-suite';
import { freeLoopbackPort, startRedisServer, type RedisServer } from './redis-harness';

/**
 * The deploy guide as an operator follows it: the README's bundle command, the bundle run by plain
 * `node` from a folder holding nothing else (what the container recipe copies), and two instances
 * sharing one Redis.
 */

const run = promisify(execFile);
const readme = readFileSync('server/token/README.md', 'utf8');

interface ServerProcess {
  origin: string;
  child: ChildProcess;
  output: () => string;
  stop(): Promise<number | null>;
}

const processes: ServerProcess[] = [];
afterEach(async () => {
  await Promise.all(processes.splice(0).map((server) => server.stop()));
});

/** Runs `node <file>` in `cwd` with exactly `env` and waits for its "listening on" line. */
function startBundle(cwd: string, file: string, env: Record<string, string>): Promise<ServerProcess> {
  return startCommand(cwd, `node ${file}`, env);
}

/** Runs a shell command line in `cwd` with exactly `env` (plus PATH, HOST, PORT) until it says it listens. */
async function startCommand(cwd: string, command: string, env: Record<string, string>): Promise<ServerProcess> {
  const port = await freeLoopbackPort();
  // exec: the server itself gets the signals, not a shell around it.
  const child = spawn('sh', ['-c', `exec ${command}`], {
    cwd,
    env: { PATH: `${dirname(process.execPath)}:${process.env.PATH ?? ''}`, HOST: '127.0.0.1', PORT: String(port), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    const check = () => {
      if (/listening on http:\/\/127\.0\.0\.1:\d+\/aiuta_jwt/.test(output)) resolve();
    };
    child.stdout!.on('data', check);
    void exited.then((code) => reject(new Error(`the server exited (${code}) before listening:\n${output}`)));
  });
  const server: ServerProcess = {
    origin: `http://127.0.0.1:${port}`,
    child,
    output: () => output,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
  processes.push(server);
  return server;
}

function token(origin: string, body: unknown, clientIp = '198.51.100.7') {
  return fetch(`${origin}/aiuta_jwt`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Forwarded-For': clientIp },
    body: JSON.stringify(body),
  });
}

describe('deploying the Node entry', { timeout: 60_000 }, () => {
  let folder: string;
  beforeAll(async () => {
    // The README's command, as pasted.
    const command = /^npx esbuild server\/token\/main\.ts .*$/m.exec(readme)?.[0];
    expect(command).toContain('--outfile=dist/token-server.cjs');
    await run('sh', ['-c', command!]);
    // The container recipe copies only the bundle: run it where nothing else is.
    const dockerfile = readFileSync('server/token/Dockerfile', 'utf8');
    expect(dockerfile).toContain('COPY dist/token-server.cjs .');
    expect(dockerfile).toContain('CMD ["node", "token-server.cjs"]');
    expect(readme).toContain('docker build -f server/token/Dockerfile');
    folder = mkdtempSync(join(tmpdir(), 'token-server-'));
    copyFileSync('dist/token-server.cjs', join(folder, 'token-server.cjs'));
  }, 60_000);
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('starts from the example settings with the README\'s commands, as pasted', async () => {
    const copy = /^cp server\/token\/token\.env\.example token\.env$/m.exec(readme)?.[0];
    const start = /^node --env-file=token\.env dist\/token-server\.cjs$/m.exec(readme)?.[0];
    expect(copy && start).toBeTruthy();
    const project = mkdtempSync(join(tmpdir(), 'token-project-'));
    try {
      mkdirSync(join(project, 'server/token'), { recursive: true });
      mkdirSync(join(project, 'dist'));
      copyFileSync('server/token/token.env.example', join(project, 'server/token/token.env.example'));
      copyFileSync('dist/token-server.cjs', join(project, 'dist/token-server.cjs'));
      await run('sh', ['-c', copy!], { cwd: project });
      // The environment wins over the file, so the test picks the port.
      const server = await startCommand(project, start!, {});
      expect(server.output()).toContain('Aiuta token server listening on');
      expect((await token(server.origin, { operation: 'upload_image' })).status).toBe(200);
    } finally {
      rmSync(project, { recursive: true, force: true });
    }
  });

  it("answers the README's curl example, as pasted, with a token", async () => {
    const curl = /^curl -s -X POST http:\/\/127\.0\.0\.1:8788\/aiuta_jwt \\\n(?:  .*\\\n)*  .*$/m.exec(readme)?.[0];
    expect(curl).toBeTruthy();
    const server = await startBundle(folder, 'token-server.cjs', contractEnv());
    // Only the port differs: the test's server listens on a free one.
    const { stdout } = await run('sh', ['-c', curl!.replace('http://127.0.0.1:8788', server.origin)]);
    expect(JSON.parse(stdout)).toEqual({ type: 'jwt', token: expect.stringMatching(/^eyJ[\w-]+\.[\w-]+\.[\w-]+$/) });
  });

  it('runs the bundle with plain node and no node_modules, and stops on SIGTERM', async () => {
    const server = await startBundle(folder, 'token-server.cjs', contractEnv());
    const response = await token(server.origin, { operation: 'upload_image' });
    expect(response.status).toBe(200);
    expect(await server.stop()).toBe(0);
  });

  it('refuses to start, with a sentence, when REDIS_URL cannot be reached or nobody may ask', async () => {
    const port = await freeLoopbackPort();
    const noRedis = startBundle(folder, 'token-server.cjs', contractEnv({ REDIS_URL: `redis://127.0.0.1:${port}` }));
    await expect(noRedis).rejects.toThrow(/exited \(1\)[\s\S]*Token server not started: Redis at REDIS_URL could not be reached/);
    const closed = startBundle(folder, 'token-server.cjs', contractEnv({ AIUTA_JWT_ALLOW_ANONYMOUS: '' }));
    await expect(closed).rejects.toThrow(/Token server not started: Nobody may ask for tokens/);
  });

  describe('two instances sharing one Redis', () => {
    let redis: RedisServer;
    beforeAll(async () => {
      redis = await startRedisServer();
    }, 20_000);
    afterAll(() => redis?.stop());

    it('enforce one rate limit and one budget, and answer 503 while Redis is away', async () => {
      const env = contractEnv({
        REDIS_URL: redis.url,
        AIUTA_JWT_CLIENT_IP_HEADER: 'X-Forwarded-For',
        AIUTA_JWT_RATE_BURST: '4',
        AIUTA_JWT_RATE_PER_MINUTE: '1',
        AIUTA_DAILY_TRY_ONS: '3',
      });
      const [one, two] = await Promise.all([startBundle(folder, 'token-server.cjs', env), startBundle(folder, 'token-server.cjs', env)]);
      expect(one!.output()).toContain('state shared in Redis');
      const upload = { operation: 'upload_image' };
      // One client, alternating between the instances: 4 served in all, not 4 each.
      const statuses = [];
      for (const server of [one, two, one, two, one, two]) statuses.push((await token(server!.origin, upload, '198.51.100.1')).status);
      expect(statuses).toEqual([200, 200, 200, 200, 429, 429]);

      // Three try-ons a day for the subscription, whichever instance and client asks.
      const create = { operation: 'create_try_on', uploaded_image_id: 'user_image-1', sku_id: 'SKU-1' };
      const budget = [];
      for (const [server, client] of [[one, '198.51.100.2'], [two, '198.51.100.3'], [one, '198.51.100.4'], [two, '198.51.100.5']] as const) {
        budget.push((await token(server!.origin, create, client)).status);
      }
      expect(budget).toEqual([200, 200, 200, 429]);

      await redis.stop();
      const away = await token(one!.origin, upload, '198.51.100.6');
      expect(away.status).toBe(503);
      expect(backendErrorSchema.parse(await away.json()).error).toBe('state_unavailable');
      expect(away.headers.get('retry-after')).toBe('5');
      expect(one!.output()).not.toContain(CONTRACT_SECRET);
    });
  });
});
