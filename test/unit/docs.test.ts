import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../server/sandbox/index';
import * as tokenServer from '../../server/token/index';

/**
 * The READMEs true as pasted. Every command they show (in `sh` blocks and in inline code) names an
 * npm script, a flag and files that exist; the cheap ones run here. The token server's bundle, start
 * and curl commands run as pasted in server/token/deploy.test.ts; `npm start` and `npm run sandbox`
 * with their port flags in test/e2e/clean-stop.test.ts; the store-build commands in
 * test/e2e/store-build.test.ts. Tools this project does not install (Docker, Deno, Bun, Wrangler)
 * are named below, so a new one cannot slip in unnoticed.
 */

const run = promisify(execFile);
const docs = ['README.md', 'server/sandbox/README.md', 'server/token/README.md'];
const scripts = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> }).scripts;
const notInstalled = new Set(['docker', 'deno', 'bun', 'wrangler', 'curl']);

interface Command {
  doc: string;
  line: string;
  words: string[];
}

/** The shell commands a Markdown file shows: `sh` block lines (continuations joined, comments cut) and inline code that starts with one. */
function commandsIn(doc: string): Command[] {
  const text = readFileSync(doc, 'utf8');
  const lines: string[] = [];
  const blocks = /^```(\w*)\n([\s\S]*?)^```/gm;
  for (const [, lang, body] of text.matchAll(blocks)) {
    if (lang !== 'sh') continue;
    for (const line of body!.replace(/\\\n\s*/g, ' ').split('\n')) {
      const command = line.replace(/(^|\s)#.*$/, '').trim();
      if (command) lines.push(command);
    }
  }
  for (const [, code] of text.replace(blocks, '').matchAll(/`([^`]+)`/g)) {
    const command = code!.replace(/\s+/g, ' ').trim();
    if (/^(npm|npx|node|cp) /.test(command) || command === 'npm start' || command === 'npm test') lines.push(command);
  }
  return lines.flatMap((line) => line.split('&&').map((part) => ({ doc, line: part.trim(), words: part.trim().split(' ') })));
}

const commands = docs.flatMap(commandsIn);
/** The npm script a command runs: `npm start`, `npm test`, `npm run x` (`ci` for `npm ci`). */
const scriptOf = (command: Command) =>
  command.words[0] === 'npm' ? (command.words[1] === 'run' ? command.words[2] : command.words[1]) : undefined;
/** The flags after npm's `--`, as the script receives them. */
const flagsOf = (command: Command) => {
  const rest = command.words.indexOf('--');
  return rest < 0 ? [] : command.words.slice(rest + 1).filter((word) => word.startsWith('--')).map((word) => word.split('=')[0]!);
};

/** Paths in the repository a command reads (outputs of an earlier command, such as dist/, excluded). */
function sourcePathsOf(command: Command): string[] {
  return command.words.filter((word) => /^(\.env\.example|server\/[\w./-]+\.(ts|md|example)|server\/token\/Dockerfile|scripts\/[\w.-]+)$/.test(word));
}

async function helpOf(script: 'sandbox' | 'start'): Promise<string> {
  const entry = script === 'sandbox' ? 'server/sandbox/cli.ts' : 'server/sandbox/start.ts';
  const { stdout } = await run(process.execPath, ['--import', 'tsx', entry, '--help'], { timeout: 60_000 });
  return stdout;
}

describe('the READMEs, as pasted', () => {
  it('show commands at all (the extraction works)', () => {
    expect(commands.map((command) => command.line)).toEqual(
      expect.arrayContaining(['npm ci', 'npm start', 'npm test', 'npm run sandbox -- --help', 'npm run zip:store', 'npm start -- --api-port 0']),
    );
  });

  it('name only npm scripts that exist', () => {
    const missing = commands.filter((command) => command.words[0] === 'npm' && scriptOf(command) !== 'ci' && !(scriptOf(command)! in scripts));
    expect(missing.map((command) => `${command.doc}: ${command.line}`)).toEqual([]);
  });

  it('name only tools that are installed, or the few outside tools it names on purpose', () => {
    const tools = commands.map((command) => (command.words[0] === 'npx' ? command.words[1]! : command.words[0]!));
    const unknown = tools.filter((tool) => !['npm', 'node', 'cp'].includes(tool) && !notInstalled.has(tool) && !existsSync(join('node_modules/.bin', tool)));
    expect(unknown).toEqual([]);
    expect([...new Set(tools.filter((tool) => notInstalled.has(tool)))].sort()).toEqual([...notInstalled].sort());
  });

  it('name only files that exist', () => {
    const missing = commands.flatMap((command) => sourcePathsOf(command).filter((path) => !existsSync(path)).map((path) => `${command.doc}: ${path}`));
    expect(missing).toEqual([]);
    // The copy commands start from files that are there.
    for (const command of commands.filter((each) => each.words[0] === 'cp')) expect(existsSync(command.words[1]!), command.line).toBe(true);
  });

  it('pass npm start and npm run sandbox only flags they take, and --help prints them', async () => {
    const help = { sandbox: await helpOf('sandbox'), start: await helpOf('start') };
    expect(help.sandbox).toMatch(/^Usage: npm run sandbox -- /);
    expect(help.start).toMatch(/^Usage: npm start -- /);
    const flagged = commands.filter((command) => (scriptOf(command) === 'sandbox' || scriptOf(command) === 'start') && flagsOf(command).length);
    expect(flagged.length).toBeGreaterThan(0);
    for (const command of flagged) {
      for (const flag of flagsOf(command)) expect(help[scriptOf(command) as 'sandbox' | 'start'], `${command.doc}: ${command.line}`).toContain(flag);
    }
    // Flags the sandbox README names in its text belong to one of the two.
    const named = [...readFileSync('server/sandbox/README.md', 'utf8').matchAll(/`(--[a-z0-9-]+)/g)].map((match) => match[1]!);
    expect(named.length).toBeGreaterThan(10);
    expect(named.filter((flag) => !help.sandbox.includes(flag) && !help.start.includes(flag))).toEqual([]);
  }, 120_000);

  it('make a key with npm run extension-key and read it again with --from, as README shows', async () => {
    expect(commands.some((command) => command.line === 'npm run extension-key -- --from extension-key.pem')).toBe(true);
    const folder = mkdtempSync(join(tmpdir(), 'readme-key-'));
    try {
      const made = await run(process.execPath, ['--import', 'tsx', 'scripts/extension-key.ts', '--out', join(folder, 'extension-key.pem')]);
      const again = await run(process.execPath, ['--import', 'tsx', 'scripts/extension-key.ts', '--from', join(folder, 'extension-key.pem')]);
      const id = /^Extension id: ([a-p]{32})$/m.exec(made.stdout)?.[1];
      expect(id).toBeTruthy();
      expect(again.stdout).toContain(`AIUTA_JWT_ALLOWED_ORIGINS=chrome-extension://${id}`);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  }, 60_000);

  it('list in .env.example every build-time variable README names', () => {
    const readme = readFileSync('README.md', 'utf8');
    const example = readFileSync('.env.example', 'utf8');
    const named = [...new Set([...readme.matchAll(/`(WXT_DEFAULT_[A-Z_]+|MANIFEST_KEY)`/g)].map((match) => match[1]!))];
    expect(named.length).toBeGreaterThanOrEqual(5);
    expect(named.filter((name) => !new RegExp(`^${name}=`, 'm').test(example))).toEqual([]);
  });

  it("show the token server's exports as they are", () => {
    const text = readFileSync('server/token/README.md', 'utf8');
    const imported = [...text.matchAll(/import \{([^}]+)\} from '\.\/server\/token'/g)].flatMap((match) => match[1]!.split(',').map((name) => name.trim()));
    expect(imported).toEqual(['createTokenHandler', 'loadTokenConfig']);
    for (const name of imported) expect(typeof (tokenServer as Record<string, unknown>)[name], name).toBe('function');
  });
});

describe("the sandbox README's API, against a started sandbox", () => {
  let sandbox: Sandbox;
  const text = readFileSync('server/sandbox/README.md', 'utf8');

  beforeAll(async () => {
    sandbox = await startSandbox({ generationMs: 600 });
  });

  afterAll(async () => {
    await sandbox?.close();
  });

  it('has every property and method its example lists', () => {
    const listed = [...text.matchAll(/^\/\/ sandbox\.(\w+)/gm)].map((match) => match[1]!);
    expect(listed.length).toBeGreaterThan(10);
    expect(listed.filter((name) => !(name in sandbox))).toEqual([]);
  });

  it('answers every control route it lists, as it says', async () => {
    const routes = [...text.matchAll(/^(GET|POST) +(\/__sandbox\/[a-z]+)/gm)].map(([, method, path]) => ({ method: method!, path: path! }));
    expect(routes.length).toBeGreaterThanOrEqual(7);
    const origin = new URL(sandbox.apiUrl).origin;
    const bodies: Record<string, unknown> = { '/__sandbox/faults': { latencyMs: 0 }, '/__sandbox/hold': { held: true } };
    for (const { method, path } of routes) {
      const response = await fetch(`${origin}${path}`, {
        method,
        ...(method === 'POST' && bodies[path] ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify(bodies[path]) } : {}),
      });
      expect(response.status, `${method} ${path}`).toBeLessThan(300);
    }
    // The hold's documented refusal, and reset as the listed 204.
    const bad = await fetch(`${origin}/__sandbox/hold`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"held":"yes"}' });
    expect(bad.status).toBe(422);
    expect((await fetch(`${origin}/__sandbox/reset`, { method: 'POST' })).status).toBe(204);
  });
});
