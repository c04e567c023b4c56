import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { describe, expect, it, onTestFailed } from 'vitest';
import { accepts, alive, listeningPorts, processesWithMarker, processTree, type ProcessInfo } from './support/processes';

/**
 * `npm start`, `npm run sandbox` and the token server stop completely on one signal: real commands
 * as a person or a process manager starts them, real signals, and a look at every process they
 * started and every port those listened on. `npm start` runs Chromium (headless, `--skip-build`:
 * the e2e run has built the extension already).
 */

const ROOT = resolve(import.meta.dirname, '../..');
const STOP_WITHIN_MS = 5000;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as { port: number };
  await new Promise((done) => server.close(done));
  return port;
}

interface Command {
  name: string;
  run: () => Promise<{ file: string; args: string[]; env?: Record<string, string> }>;
  /** Printed once everything the command starts is up. */
  ready: RegExp;
  /** Processes that must be in the tree before the signal (so the test sees what it should). */
  started: RegExp[];
  /** At least this many listening ports before the signal. */
  ports: number;
}

const COMMANDS: Command[] = [
  {
    name: 'npm run sandbox',
    run: async () => ({ file: 'npm', args: ['run', 'sandbox', '--', '--api-port', '0', '--token-port', '0', '--store-port', '0'] }),
    ready: /sandbox ready/,
    started: [/server\/sandbox\/cli\.ts/],
    ports: 3,
  },
  {
    name: 'npm start',
    run: async () => ({
      file: 'npm',
      args: ['start', '--', '--skip-build', '--api-port', '0', '--token-port', '0', '--store-port', '0', '--debug-port', String(await freePort())],
    }),
    ready: /Ctrl-C stops the browser/,
    started: [/server\/sandbox\/start\.ts/, /chromium/],
    ports: 4,
  },
  {
    name: 'npx tsx server/token/main.ts',
    run: async () => ({ file: 'npx', args: ['tsx', 'server/token/main.ts'], env: { PORT: '0', AIUTA_JWT_SANDBOX: 'true' } }),
    ready: /listening on/,
    started: [/server\/token\/main\.ts/],
    ports: 1,
  },
];

const SIGNALS: [string, (npmPid: number) => void][] = [
  ['SIGINT to the npm process', (pid) => process.kill(pid, 'SIGINT')],
  ['SIGTERM to the npm process', (pid) => process.kill(pid, 'SIGTERM')],
  // What the terminal does on Ctrl-C: SIGINT to every process of the foreground process group.
  ['Ctrl-C', (pid) => process.kill(-pid, 'SIGINT')],
];

const describeProcesses = (list: ProcessInfo[]) => list.map((info) => `${info.pid} ${info.command}`).join('\n');

describe.each(COMMANDS)('$name', (command) => {
  it.each(SIGNALS)(`stops completely within ${STOP_WITHIN_MS / 1000} s on %s`, async (how, send) => {
    const marker = `SHOP_TRY_ON_STOP_TEST=${randomUUID()}`;
    const { file, args, env } = await command.run();
    const environment: Record<string, string> = { ...(process.env as Record<string, string>), ...env };
    delete environment.DISPLAY; // Chromium headless, whatever machine runs the test
    const [name, value] = marker.split('=') as [string, string];
    environment[name] = value;
    // Its own process group, as a command typed in a terminal has.
    const child = spawn(file, args, { cwd: ROOT, env: environment, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    onTestFailed(() => console.error(`${command.name} printed:\n${output}`));
    try {
      await expect.poll(() => command.ready.test(output) || child.exitCode !== null, { timeout: 90_000, interval: 200 }).toBe(true);
      expect(child.exitCode, output).toBeNull();
      const tree = processTree(child.pid!);
      for (const pattern of command.started) expect(describeProcesses(tree)).toMatch(pattern);
      const ports = listeningPorts(tree.map((info) => info.pid));
      expect(ports.length, `listening: ${ports.join(', ')}`).toBeGreaterThanOrEqual(command.ports);
      const watched = [...tree, ...processesWithMarker(marker)];
      const started = new Set(watched.map((info) => info.pid));

      const signalledAt = Date.now();
      send(child.pid!);
      // npm itself is among them: it must have exited too.
      const left = () => [...alive(started), ...processesWithMarker(marker)];
      await expect
        .poll(() => describeProcesses(left()), { timeout: Math.max(0, signalledAt + STOP_WITHIN_MS - Date.now()), interval: 100 })
        .toBe('');
      const stoppedAfterMs = Date.now() - signalledAt;
      expect(stoppedAfterMs).toBeLessThan(STOP_WITHIN_MS);
      for (const port of ports) expect(await accepts(port), `port ${port}`).toBe(false);
      const names = [...new Set(watched.map((info) => info.command.split(' ')[0]!.split('/').at(-1)))];
      console.log(`${command.name}, ${how}: ${started.size} processes (${names.join(', ')}), ports ${ports.join(', ')}; all gone ${stoppedAfterMs} ms after the signal`);
    } finally {
      // Nothing of a failed run may outlive the test.
      for (const info of [...processTree(child.pid!), ...processesWithMarker(marker)]) {
        try {
          process.kill(info.pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
    }
  });
});
