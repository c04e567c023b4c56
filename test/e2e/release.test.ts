import { execFile } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import JSZip from 'jszip';
import { beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = resolve(import.meta.dirname, '../..');
const output = join(root, '.output');
const bin = (name: string) => join(root, 'node_modules/.bin', name);
const { version } = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as { version: string };

async function zipEntries(file: string): Promise<string[]> {
  const zip = await JSZip.loadAsync(await readFile(join(output, file)));
  return Object.keys(zip.files);
}

// Packages what a store would receive, for both browsers, the way `npm run zip` does.
describe('release packages', () => {
  let files: string[];

  beforeAll(async () => {
    await run(bin('wxt'), ['zip'], { cwd: root });
    await run(bin('wxt'), ['zip', '-b', 'firefox'], { cwd: root });
    files = await readdir(output);
  }, 180_000);

  it('zips the Chrome build with its manifest, scripts and locales', async () => {
    const name = `shop-try-on-${version}-chrome.zip`;
    expect(files).toContain(name);
    const entries = await zipEntries(name);
    expect(entries).toEqual(expect.arrayContaining(['manifest.json', 'background.js', 'popup.html', 'panel.html', '_locales/en/messages.json']));
    expect(entries.some((entry) => entry.startsWith('content-scripts/'))).toBe(true);
  });

  it('zips the Firefox build with its gecko id and data collection declaration', async () => {
    const name = `shop-try-on-${version}-firefox.zip`;
    expect(files).toContain(name);
    const zip = await JSZip.loadAsync(await readFile(join(output, name)));
    const manifest = JSON.parse(await zip.file('manifest.json')!.async('string'));
    expect(manifest.browser_specific_settings.gecko.id).toMatch(/@/);
    expect(manifest.browser_specific_settings.gecko.data_collection_permissions.required.length).toBeGreaterThan(0);
  });

  it('ships a Firefox sources zip a reviewer can rebuild from, without tests or build output', async () => {
    const name = `shop-try-on-${version}-sources.zip`;
    expect(files).toContain(name);
    const entries = await zipEntries(name);
    expect(entries).toEqual(expect.arrayContaining(['package.json', 'package-lock.json', 'wxt.config.ts', 'utils/messaging/index.ts']));
    const unwanted = entries.filter((entry) => /^(test|\.output|node_modules|test-results|\.ci)\//.test(entry));
    expect(unwanted).toEqual([]);
  });

  it('passes web-ext lint on the Firefox build with no errors', async () => {
    const result = await run(bin('web-ext'), ['lint', '--source-dir', join(output, 'firefox-mv2'), '--self-hosted=false', '--output=json'], {
      cwd: root,
      maxBuffer: 20 * 1024 * 1024,
    }).catch((error: { stdout?: string }) => ({ stdout: error.stdout ?? '' }));
    type Finding = { code: string; message: string; file?: string };
    const report = JSON.parse(result.stdout) as { summary: { errors: number }; errors: Finding[]; warnings: Finding[] };
    expect(report.errors.map((error) => `${error.code}: ${error.message}`)).toEqual([]);
    expect(report.summary.errors).toBe(0);
    // The warnings README explains, and only those: zod's `Function` probe and its JIT compiler (bundled
    // with zod, never run: zod is configured jitless) and Preact's dangerouslySetInnerHTML support
    // (never used). Each is checked to come from that library code, not from ours.
    for (const warning of report.warnings) {
      const code = await readFile(join(output, 'firefox-mv2', warning.file ?? ''), 'utf8');
      if (warning.code === 'DANGEROUS_EVAL') expect(code, warning.file).toContain('try{return Function(``),!0}catch');
      else if (warning.code === 'UNSAFE_VAR_ASSIGNMENT') expect(code, warning.file).toMatch(/\.innerHTML=\w+\.__html/);
      else throw new Error(`web-ext lint warns ${warning.code} in ${warning.file}: ${warning.message}`);
    }
    // In the files README names: the background and the chunk the extension pages share.
    const where = report.warnings.map((warning) => `${warning.code} ${(warning.file ?? '').replace(/-[\w-]{8}\.js$/, '-*.js')}`).sort();
    expect(where).toEqual(['DANGEROUS_EVAL background.js', 'DANGEROUS_EVAL chunks/messaging-*.js', 'UNSAFE_VAR_ASSIGNMENT chunks/messaging-*.js']);
  });

  it('uses neither eval, the Function constructor nor innerHTML in its own code', async () => {
    const ours = (await run('git', ['grep', '-l', '-E', String.raw`\bnew Function\b|\beval\(|innerHTML|dangerouslySetInnerHTML`, '--', 'utils', 'components', 'entrypoints'], { cwd: root }).catch(
      (error: { code?: number; stdout?: string }) => (error.code === 1 ? { stdout: '' } : Promise.reject(error)),
    )).stdout;
    expect(ours.split('\n').filter(Boolean)).toEqual([]);
  });
});
