import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { chromium, type BrowserContext } from 'playwright-core';

/**
 * The product-page corpus: real saved store and non-store pages kept beside the project (never in
 * it: they belong to their sites), and the scoring rule that goes with it. The unit test and the
 * benchmark both use this, so they judge the detector exactly as the corpus's own scorer does:
 * each page served from loopback at its original path, opened in Chromium with JavaScript off,
 * `detectProduct(document, url)` called once (that first call is the one timed).
 */

const ROOT = resolve(import.meta.dirname, '../../..');

/** `CORPUS_DIR`, else `../shared/corpus` next to the project; undefined when it is not there. */
export function corpusDir(): string | undefined {
  const dir = resolve(process.env.CORPUS_DIR ?? join(ROOT, '../shared/corpus'));
  return existsSync(join(dir, 'expected.json')) ? dir : undefined;
}

export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface CorpusPage {
  file: string;
  url: string;
  store: string;
  has_product: boolean;
  /** Accepted ids, the store's primary one first; empty on a product page that carries none. */
  expected_ids: string[];
}

export interface PageOutcome {
  page: CorpusPage;
  /** What detectProduct returned (sku and every candidate's value), null for null. */
  detection: { sku: string; ids: string[] } | null;
  /** The first call on the freshly loaded page, in ms. */
  firstMs: number;
  /** The median of later calls on the same page, in ms. */
  warmMs: number;
  /** What the probe that runs on every page said. */
  probe: boolean;
  error?: string;
}

/** The corpus's normalisation: trim, lower case, no spaces, dots, hyphens or slashes. */
export const normalizeCorpusId = (id: string) => id.trim().toLowerCase().replace(/[\s.\-/]/g, '');

async function bundle(entry: string, globalName: string): Promise<string> {
  const result = await build({
    entryPoints: [join(ROOT, entry)],
    bundle: true,
    format: 'iife',
    globalName,
    platform: 'browser',
    target: 'es2020',
    write: false,
    alias: { '@': ROOT },
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'silent',
  });
  return result.outputFiles[0]?.text ?? '';
}

const isLoopback = (host: string) => host === 'localhost' || host === '::1' || host.startsWith('127.');

/** The corpus's pages, as expected.json lists them. */
export function corpusPages(dir: string): CorpusPage[] {
  return JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as CorpusPage[];
}

export interface CorpusServer {
  /** Serves `page` from now on, at its original path and query; returns the loopback URL to open. */
  show(page: CorpusPage): string;
  close(): void;
}

/** A loopback server that serves one corpus page at a time, with `headers` added to the page's own. */
export async function serveCorpus(dir: string, headers: Record<string, string> = {}): Promise<CorpusServer> {
  let current: { path: string; body: Buffer } | undefined;
  const server = createServer((request, response) => {
    if (current && request.url === current.path) {
      response.writeHead(200, { 'content-type': 'text/html', 'cache-control': 'no-store', ...headers });
      response.end(current.body);
    } else {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    show(page) {
      const url = new URL(page.url);
      const path = `${url.pathname || '/'}${url.search}`;
      const raw = readFileSync(join(dir, page.file));
      current = { path, body: page.file.endsWith('.gz') ? gunzipSync(raw) : raw };
      return `http://127.0.0.1:${port}${path}`;
    },
    close: () => server.close(),
  };
}

/**
 * Refuses every request that would leave the machine: the pages' images and styles on their stores'
 * hosts. Other schemes (an extension's own pages, data:) stay on the machine and go through.
 */
export async function keepToLoopback(context: BrowserContext): Promise<void> {
  await context.route('**/*', (route) => {
    const url = URL.parse(route.request().url());
    const remote = url !== null && /^(?:https?|wss?):$/.test(url.protocol) && !isLoopback(url.hostname.replace(/^\[|\]$/g, ''));
    return remote ? route.abort() : route.continue();
  });
}

export interface RunCorpusOptions {
  /** More calls after the first on each page; their median is `warmMs`. */
  warmRuns?: number;
  /**
   * `fresh` (the corpus scorer's way): the page's URL is written into the script that carries the
   * detector, so every page gets a script V8 has never seen and compiles each function again on its
   * first call. `same`: one script text for every page, as a content script's file is; V8 then
   * reuses what it compiled on earlier pages of the same renderer process.
   */
  script?: 'fresh' | 'same';
}

/** Opens every corpus page in Chromium (JavaScript off, nothing but loopback) and runs the detector and the probe on it. */
export async function runCorpus(dir: string, { warmRuns = 0, script = 'fresh' }: RunCorpusOptions = {}): Promise<PageOutcome[]> {
  const pages = corpusPages(dir);
  const detector = await bundle('utils/detect/index.ts', '__corpusDetect');
  const probe = await bundle('utils/detect/prefilter.ts', '__corpusProbe');
  const server = await serveCorpus(dir);
  const browser = await chromium.launch({ executablePath: chromiumPath, args: ['--no-sandbox'] });
  const outcomes: PageOutcome[] = [];
  try {
    const context = await browser.newContext({ javaScriptEnabled: false, bypassCSP: true });
    await keepToLoopback(context);
    const tab = await context.newPage();
    for (const page of pages) {
      const outcome: PageOutcome = { page, detection: null, firstMs: NaN, warmMs: NaN, probe: false };
      try {
        const address = server.show(page);
        const response = await tab.goto(address, { waitUntil: 'domcontentloaded', timeout: 60_000 });
        if (response?.status() !== 200) throw new Error(`page not served at ${new URL(address).pathname}`);
        // The detector's bundle is evaluated right before its first call, in the same script, as the corpus scorer does.
        let href = JSON.stringify(page.url);
        if (script === 'same') {
          await tab.evaluate((pageUrl) => Object.assign(globalThis, { __corpusUrl: pageUrl }), page.url);
          href = 'globalThis.__corpusUrl';
        }
        const result = await tab.evaluate(`(() => {
${detector}
;const detect = __corpusDetect.detectProduct;
const started = performance.now();
const found = detect(document, ${href});
const firstMs = performance.now() - started;
const warm = [];
for (let i = 0; i < ${warmRuns}; i++) { const t = performance.now(); detect(document, ${href}); warm.push(performance.now() - t); }
warm.sort((a, b) => a - b);
return { firstMs, warmMs: warm.length ? warm[Math.floor(warm.length / 2)] : NaN,
  detection: found ? { sku: String(found.sku ?? ''), ids: (found.ids || []).map((id) => String(id.value)) } : null };
})()`);
        Object.assign(outcome, result as Pick<PageOutcome, 'firstMs' | 'warmMs' | 'detection'>);
        outcome.probe = (await tab.evaluate(`(() => { ${probe}; return __corpusProbe.mightBeProductPage(document, ${JSON.stringify(page.url)}); })()`)) as boolean;
      } catch (error) {
        outcome.error = error instanceof Error ? error.message.split('\n')[0] : String(error);
      }
      outcomes.push(outcome);
    }
  } finally {
    await browser.close();
    server.close();
  }
  return outcomes;
}

export interface CorpusScore {
  productPages: number;
  /** Product pages whose chosen sku is one of the accepted ids (or empty where the page has none). */
  hits: number;
  /** Product pages with an accepted id as the sku or anywhere among the candidates. */
  candidateHits: number;
  nonProductPages: number;
  falsePositives: number;
  foundWithoutSku: number;
  wrongSku: number;
  missed: number;
  errors: number;
  /** The probe said no on a page where the detector found a product. */
  probeMisses: number;
  /** One line per page the detector got wrong. */
  misses: string[];
}

/** The corpus scorer's rule, page by page. */
export function scoreCorpus(outcomes: PageOutcome[]): CorpusScore {
  const score: CorpusScore = { productPages: 0, hits: 0, candidateHits: 0, nonProductPages: 0, falsePositives: 0, foundWithoutSku: 0, wrongSku: 0, missed: 0, errors: 0, probeMisses: 0, misses: [] };
  for (const { page, detection, probe, error } of outcomes) {
    const name = page.file.replace(/^pages\//, '');
    if (page.has_product) score.productPages++;
    else score.nonProductPages++;
    if (error) {
      score.errors++;
      score.misses.push(`${name}: ${error}`);
      continue;
    }
    if (detection && !probe) score.probeMisses++;
    if (!page.has_product) {
      if (detection) {
        score.falsePositives++;
        score.misses.push(`${name}: a product (sku "${detection.sku}") on a page that is not a product page`);
      }
      continue;
    }
    const accepted = new Set(page.expected_ids.map(normalizeCorpusId));
    const isAccepted = (id: string) => id !== '' && accepted.has(normalizeCorpusId(id));
    let right = false;
    if (!detection) score.missed++;
    else if (accepted.size === 0) right = normalizeCorpusId(detection.sku) === '';
    else if (isAccepted(detection.sku)) right = true;
    else if (!detection.sku) score.foundWithoutSku++;
    if (detection && !right && detection.sku && (accepted.size === 0 || !isAccepted(detection.sku))) score.wrongSku++;
    if (right) score.hits++;
    if (right || (detection && [detection.sku, ...detection.ids].some(isAccepted))) score.candidateHits++;
    if (!right) score.misses.push(`${name}: ${detection ? `sku "${detection.sku}"` : 'null'}, expected ${page.expected_ids.slice(0, 3).join(' | ') || 'a product with an empty sku'}`);
  }
  return score;
}

export function quantile(values: number[], q: number): number {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? NaN;
}

export function summaryLine(score: CorpusScore): string {
  const pct = (a: number, b: number) => (b ? `${((100 * a) / b).toFixed(1)}%` : 'n/a');
  return (
    `hit rate ${score.hits}/${score.productPages} (${pct(score.hits, score.productPages)}) | ` +
    `right id among candidates ${score.candidateHits}/${score.productPages} (${pct(score.candidateHits, score.productPages)}) | ` +
    `false positives ${score.falsePositives}/${score.nonProductPages} | found-without-sku ${score.foundWithoutSku} | ` +
    `wrong sku ${score.wrongSku} | missed ${score.missed} | errors ${score.errors} | probe said no on a product ${score.probeMisses}`
  );
}
