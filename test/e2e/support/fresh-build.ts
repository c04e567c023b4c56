import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * Global setup of the e2e project: the tests load `.output/chrome-mv3`, so a build older than the
 * sources it comes from would test old code. Running an e2e file directly therefore builds first
 * when the build is missing or stale (`npm run test:e2e` has just built, so this is a no-op there).
 */
const root = resolve(import.meta.dirname, '../../..');
const sources = ['entrypoints', 'components', 'utils', 'public', 'wxt.config.ts', 'package-lock.json', 'tsconfig.json'];

function newestChange(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((newest, name) => Math.max(newest, newestChange(join(path, name))), stat.mtimeMs);
}

export function staleReason(): string | null {
  const manifest = join(root, '.output/chrome-mv3/manifest.json');
  if (!existsSync(manifest)) return 'there is no build';
  const built = statSync(manifest).mtimeMs;
  const changed = sources.filter((source) => existsSync(join(root, source)) && newestChange(join(root, source)) > built);
  return changed.length ? `${changed.join(', ')} changed since the last build` : null;
}

export default function setup(): void {
  // A build given explicitly is the caller's to keep fresh.
  if (process.env.EXTENSION_DIR) return;
  const reason = staleReason();
  if (!reason) return;
  console.info(`Building the extension first: ${reason}.`);
  const build = spawnSync('npx', ['wxt', 'build'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('The extension build failed; the e2e tests need it.');
  const still = staleReason();
  if (still) throw new Error(`The build in .output is still stale after building: ${still}.`);
}
