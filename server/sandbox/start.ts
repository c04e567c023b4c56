import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { announce } from './announce';
import { extensionDefaults } from './extension-defaults';
import { startSandbox, type Sandbox } from './index';
import { parseSandboxArgs, usage, UsageError } from './options';
import { stopOnSignals } from './stop-on-signals';

/**
 * `npm start`: starts the sandbox, builds the extension with the sandbox as its default settings,
 * and opens the demo store in Debian's Chromium with the extension loaded. Ctrl-C stops all of it.
 */

// Debian's Chromium; SANDBOX_CHROMIUM points elsewhere (another path or build of Chromium).
const CHROMIUM = process.env.SANDBOX_CHROMIUM || '/usr/bin/chromium';
const ROOT = resolve(import.meta.dirname, '../..');
const EXTENSION_DIR = join(ROOT, '.output', 'chrome-mv3');

interface StartFlags {
  skipBuild: boolean;
  noBrowser: boolean;
  debugPort: number;
}

/** Flags only `npm start` has; the rest go to the sandbox parser. */
function splitStartFlags(argv: readonly string[]): { flags: StartFlags; rest: string[] } {
  const flags: StartFlags = { skipBuild: false, noBrowser: false, debugPort: 9222 };
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--skip-build') flags.skipBuild = true;
    else if (arg === '--no-browser') flags.noBrowser = true;
    else if (arg === '--debug-port' || arg.startsWith('--debug-port=')) {
      const value = arg.includes('=') ? arg.split('=')[1] : argv[++i];
      const port = Number(value);
      if (!Number.isInteger(port) || port < 1 || port > 65535) throw new UsageError(`--debug-port: not a port (got "${value}").`);
      flags.debugPort = port;
    } else rest.push(arg);
  }
  return { flags, rest };
}

/** Everything started here, stopped in reverse order on Ctrl-C. */
class Session {
  private readonly stoppers: (() => Promise<void> | void)[] = [];
  private stopping = false;

  get isStopping(): boolean {
    return this.stopping;
  }

  add(stop: () => Promise<void> | void): void {
    this.stoppers.push(stop);
  }

  async stop(): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    for (const stop of this.stoppers.reverse()) {
      try {
        await stop();
      } catch (error) {
        console.error(`While stopping: ${(error as Error).message}`);
      }
    }
  }
}

function buildExtension(sandbox: Sandbox, session: Session): Promise<number> {
  console.log('\nBuilding the extension with the sandbox as its default settings (wxt build)...');
  const child: ChildProcess = spawn(process.execPath, [join(ROOT, 'node_modules', 'wxt', 'bin', 'wxt.mjs'), 'build'], {
    cwd: ROOT,
    stdio: 'inherit',
    env: { ...process.env, ...extensionDefaults(sandbox) },
  });
  session.add(() => {
    if (child.exitCode === null) child.kill('SIGTERM');
  });
  return new Promise((done) => {
    child.on('error', (error) => {
      console.error(`Could not run wxt build: ${error.message}`);
      done(1);
    });
    child.on('exit', (code, signal) => done(code ?? (signal ? 1 : 0)));
  });
}

async function openBrowser(sandbox: Sandbox, flags: StartFlags, session: Session): Promise<void> {
  if (!existsSync(CHROMIUM)) {
    console.log(
      `\n${CHROMIUM} is not installed, so no browser was opened. Install it with:\n` +
        '  sudo apt-get install chromium\n' +
        `or load ${EXTENSION_DIR} by hand (chrome://extensions, Developer mode, Load unpacked).\n` +
        'The sandbox keeps running; Ctrl-C stops it.',
    );
    return;
  }
  const headless = !process.env.DISPLAY;
  const profile = await mkdtemp(join(tmpdir(), 'try-on-sandbox-profile-'));
  session.add(() => rm(profile, { recursive: true, force: true }));
  const args = [
    `--disable-extensions-except=${EXTENSION_DIR}`,
    `--load-extension=${EXTENSION_DIR}`,
    '--no-first-run',
    '--disable-sync',
    '--disable-background-networking',
    '--disable-component-update',
    ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
    ...(headless ? [`--remote-debugging-port=${flags.debugPort}`, '--remote-debugging-address=127.0.0.1'] : []),
  ];
  const context: BrowserContext = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless,
    args,
    viewport: headless ? { width: 1280, height: 900 } : null,
    // This script stops the browser itself, after the pages and before the sandbox.
    handleSIGINT: false,
    handleSIGTERM: false,
  });
  session.add(() => context.close());
  context.on('close', () => {
    if (!session.isStopping) console.log('The browser was closed; the sandbox keeps running. Ctrl-C stops it.');
  });

  const page = context.pages()[0] ?? (await context.newPage());
  await page.goto(`${sandbox.storeUrl}/`);
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 10_000 }).catch(() => null));
  const extensionId = worker ? new URL(worker.url()).host : null;
  console.log(
    extensionId
      ? `\nChromium is open on the demo store with the extension loaded (id ${extensionId}; settings: chrome-extension://${extensionId}/popup.html).`
      : '\nChromium is open on the demo store, but the extension did not start; check the build output above.',
  );
  if (headless) {
    console.log(
      `No display (DISPLAY is not set), so Chromium runs headless. To look at it:\n` +
        `  - from a desktop Chrome: chrome://inspect -> Configure -> add localhost:${flags.debugPort}\n` +
        `    (over SSH first: ssh -L ${flags.debugPort}:127.0.0.1:${flags.debugPort} <this machine>), or\n` +
        `  - load ${EXTENSION_DIR} by hand in your own browser (chrome://extensions, Developer mode, Load unpacked)\n` +
        `    and open ${sandbox.storeUrl}/ (the sandbox ports must be reachable from that browser).`,
    );
  }
  console.log('Ctrl-C stops the browser, the sandbox and everything else started here.');
}

async function main(): Promise<void> {
  let flags: StartFlags;
  let parsed;
  try {
    const split = splitStartFlags(process.argv.slice(2));
    flags = split.flags;
    parsed = parseSandboxArgs(split.rest, process.env);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(error.message);
    process.exit(2);
  }
  if (parsed.help) {
    console.log(
      `${usage('npm start --')}\n  --skip-build       use the existing .output/chrome-mv3\n` +
        '  --no-browser       only start the sandbox and build\n  --debug-port N     remote debugging port when headless (default 9222)',
    );
    return;
  }

  const session = new Session();
  stopOnSignals(() => session.stop());

  let sandbox: Sandbox;
  try {
    sandbox = await startSandbox(parsed.options);
  } catch (error) {
    console.error(`Sandbox not started: ${(error as Error).message}`);
    process.exit(1);
  }
  session.add(() => sandbox.close());
  console.log(announce(sandbox));

  if (!flags.skipBuild) {
    const code = await buildExtension(sandbox, session);
    if (code !== 0) {
      console.error(`\nwxt build failed (exit ${code}); no browser opened. The sandbox keeps running; Ctrl-C stops it.`);
      return;
    }
    console.log(
      `\nBuilt ${EXTENSION_DIR} with the sandbox as default settings; run "npm run build" again before shipping it anywhere.`,
    );
  }
  if (flags.noBrowser) return;
  try {
    await openBrowser(sandbox, flags, session);
  } catch (error) {
    if (session.isStopping) return;
    console.error(`\nChromium could not be started: ${(error as Error).message}\nThe sandbox keeps running; Ctrl-C stops it.`);
  }
}

void main();
