import { readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extensionDir, launchExtension, type LoadedExtension } from './support/extension';

/**
 * The built extension as a reviewer checks it: the permissions it asks for are exactly the ones its
 * code uses, its pages run only the extension's own scripts (strict CSP, nothing loaded from a
 * server), and no code is fetched or evaluated at run time. The static half reads .output; the
 * other half asks Chromium whether the CSP really holds in the extension's pages.
 */

interface Manifest {
  permissions?: string[];
  host_permissions?: string[];
  optional_permissions?: string[];
  optional_host_permissions?: string[];
  externally_connectable?: unknown;
  content_security_policy?: { extension_pages?: string; sandbox?: string };
  sandbox?: unknown;
  web_accessible_resources?: { resources: string[]; matches?: string[]; use_dynamic_url?: boolean }[];
  content_scripts?: { js?: string[]; matches?: string[]; world?: string }[];
  background?: { service_worker?: string; type?: string };
}

function filesOf(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesOf(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}

const PERMISSIONS = ['alarms', 'notifications', 'scripting', 'storage'];

const manifest = (): Manifest => JSON.parse(readFileSync(join(extensionDir, 'manifest.json'), 'utf8')) as Manifest;
const builtFiles = () => filesOf(extensionDir).map((path) => ({ name: relative(extensionDir, path), text: readFileSync(path, 'utf8') }));
const scripts = () => builtFiles().filter((file) => file.name.endsWith('.js'));

/** The background bundle plus the chunks it imports (what runs in the service worker). */
function backgroundCode(): string {
  const seen = new Set<string>();
  const visit = (name: string): string => {
    if (seen.has(name)) return '';
    seen.add(name);
    const text = readFileSync(join(extensionDir, name), 'utf8');
    const imported = [...text.matchAll(/\bfrom\s*["']\.\/([^"']+)["']|\bimport\s*\(\s*["']\.\/([^"']+)["']/g)].map((match) => join(name, '..', match[1] ?? match[2]!));
    return text + imported.map(visit).join('\n');
  };
  return visit(manifest().background!.service_worker!);
}

describe('the built extension, as a reviewer reads it', () => {
  it('asks for storage, alarms, notifications and scripting only, and can be reached by no web page', () => {
    const declared = manifest();
    expect([...(declared.permissions ?? [])].sort()).toEqual(PERMISSIONS);
    // Web pages only (no file:, no <all_urls>): the pages the product UI is injected into. Without
    // them scripting.executeScript is refused and no button ever appears.
    expect([...(declared.host_permissions ?? [])].sort()).toEqual(['http://*/*', 'https://*/*']);
    for (const script of declared.content_scripts ?? []) expect(script.matches).toEqual(['http://*/*', 'https://*/*']);
    expect(declared.optional_permissions ?? []).toEqual([]);
    expect(declared.optional_host_permissions ?? []).toEqual([]);
    expect(declared.externally_connectable).toBeUndefined();
    // Content scripts run in the isolated world, never in the page's own.
    for (const script of declared.content_scripts ?? []) expect(script.world ?? 'ISOLATED').toBe('ISOLATED');
    // Pages may frame the panel and load our button's CSS, under per-session URLs; no script is exposed.
    for (const entry of declared.web_accessible_resources ?? []) {
      expect(entry.use_dynamic_url).toBe(true);
      for (const resource of entry.resources) expect(resource).toMatch(/^(panel\.html|content-scripts\/[\w-]+\.css)$/);
    }
  });

  it('uses every permission it asks for', () => {
    const background = backgroundCode();
    // Wake-up alarm for unfinished try-ons, and the "result ready" notification, live in the worker.
    expect(background).toMatch(/\.alarms\.create\(/);
    expect(background).toMatch(/\.alarms\.onAlarm\.addListener\(/);
    expect(background).toMatch(/\.notifications\.create\(/);
    // The product UI is injected only into pages where the small probe content script sees a product.
    expect(background).toMatch(/\.scripting\.executeScript\(/);
    expect(scripts().some((file) => /\.storage\.(local|session|sync|onChanged)\b/.test(file.text))).toBe(true);
  });

  it('calls no API that needs a permission it did not ask for', () => {
    const gated = ['downloads', 'contextMenus', 'cookies', 'bookmarks', 'webRequest', 'webNavigation', 'identity', 'offscreen',
      'sidePanel', 'declarativeNetRequest', 'tabGroups', 'topSites', 'management', 'debugger', 'pageCapture', 'tabCapture', 'proxy', 'privacy'];
    const used = scripts().flatMap((file) => gated.filter((api) => new RegExp(`\\.${api}\\.\\w+\\s*\\(`).test(file.text)).map((api) => `${api} in ${file.name}`));
    expect(used).toEqual([]);
  });

  it('has a strict CSP for its pages and loads no code from anywhere else', () => {
    const csp = manifest().content_security_policy;
    // Absent means Chrome's MV3 default, "script-src 'self' 'wasm-unsafe-eval'; object-src 'self'".
    if (csp?.extension_pages !== undefined) {
      expect(csp.extension_pages).toMatch(/script-src\s+'self'/);
      expect(csp.extension_pages).not.toMatch(/unsafe-eval|unsafe-inline|https?:|\*|data:|blob:/);
    }
    expect(manifest().sandbox).toBeUndefined();

    const files = builtFiles();
    const pages = files.filter((file) => file.name.endsWith('.html'));
    expect(pages.map((file) => file.name).sort()).toEqual(['confirm.html', 'options.html', 'panel.html', 'popup.html', 'welcome.html']);
    const problems: string[] = [];
    for (const page of pages) {
      for (const tag of page.text.match(/<script\b[^>]*>[\s\S]*?<\/script>/gi) ?? []) {
        const src = /\bsrc\s*=\s*["']?([^"'\s>]+)/i.exec(tag)?.[1];
        if (!src) problems.push(`${page.name}: inline script`);
        else if (/^(https?:)?\/\//i.test(src)) problems.push(`${page.name}: remote script ${src}`);
      }
      for (const match of page.text.matchAll(/<link\b[^>]*href\s*=\s*["']?((?:https?:)?\/\/[^"'\s>]+)/gi)) problems.push(`${page.name}: remote link ${match[1]}`);
    }
    for (const file of files.filter((candidate) => /\.(js|css)$/.test(candidate.name))) {
      const remote = [
        /\bimport\s*\(\s*[`"']\s*(https?:)?\/\//,
        /\bfrom\s*["'](https?:)?\/\//,
        /\bimportScripts\s*\(/,
        /@import\s+(url\()?\s*["']?(https?:)?\/\//,
        /\bnew\s+Function\s*\(/,
        /\beval\s*\(/,
      ];
      for (const pattern of remote) if (pattern.test(file.text)) problems.push(`${file.name}: ${pattern}`);
    }
    expect(problems).toEqual([]);
  });
});

describe('the CSP, as Chromium enforces it in the extension pages', () => {
  let extension: LoadedExtension;
  let server: Server;
  let served = 0;
  let origin = '';

  beforeAll(async () => {
    server = createServer((_request, response) => {
      served += 1;
      response.writeHead(200, { 'content-type': 'text/javascript' }).end('window.remoteRan = true;');
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    extension = await launchExtension();
  });

  afterAll(async () => {
    await extension?.close();
    await new Promise<void>((done) => server.close(() => done()));
  });

  it.each(['popup.html', 'panel.html', 'options.html', 'welcome.html'])('%s runs no eval, no inline script and no script from a server', async (path) => {
    const page = await extension.openPage(path);
    const attempt = await page.evaluate(async (remote) => {
      const violations: string[] = [];
      // The reports arrive as tasks after the blocks: both reported (inline and remote) is the signal to read them.
      const bothReported = new Promise<void>((done) => {
        document.addEventListener('securitypolicyviolation', (event) => {
          violations.push(`${event.effectiveDirective} ${event.blockedURI}`);
          if (violations.some((line) => line.includes(remote)) && violations.some((line) => !line.includes(remote))) done();
        });
      });
      const state = window as unknown as { inlineRan?: boolean; remoteRan?: boolean };
      // Run as a task of the page itself: code evaluated by the DevTools protocol may use eval.
      const [evalError, functionError] = await new Promise<string[]>((done) =>
        setTimeout(() => {
          const errorOf = (run: () => unknown) => {
            try {
              run();
              return '';
            } catch (error) {
              return (error as Error).name;
            }
          };
          done([errorOf(() => (0, eval)('1 + 1')), errorOf(() => new Function('return 1')())]);
        }),
      );
      const inline = document.createElement('script');
      inline.textContent = 'window.inlineRan = true;';
      document.head.append(inline);
      const script = document.createElement('script');
      script.src = `${remote}/remote.js`;
      const loaded = new Promise<string>((done) => {
        script.onload = () => done('loaded');
        script.onerror = () => done('blocked');
      });
      document.head.append(script);
      const remoteResult = await loaded;
      // Bounded, so a missing report fails below with what was seen.
      await Promise.race([bothReported, new Promise((done) => setTimeout(done, 5_000))]);
      return { evalError, functionError, inlineRan: state.inlineRan ?? false, remoteRan: state.remoteRan ?? false, remoteResult, violations };
    }, origin);
    expect(attempt).toMatchObject({ evalError: 'EvalError', functionError: 'EvalError', inlineRan: false, remoteRan: false, remoteResult: 'blocked' });
    expect(attempt.violations).toEqual(expect.arrayContaining([expect.stringMatching(/^script-src-elem (inline|)$/), `script-src-elem ${origin}/remote.js`]));
    expect(served).toBe(0);
    // What Chromium loaded is what was checked above.
    const loaded = await extension.worker.evaluate(() => chrome.runtime.getManifest());
    expect([...(loaded.permissions ?? [])].sort()).toEqual(PERMISSIONS);
    await page.close();
  });
});
