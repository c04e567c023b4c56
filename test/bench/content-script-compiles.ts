import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { CDPSession } from 'playwright-core';
import { extensionDir, launchExtension } from '../e2e/support/extension';
import { tryOnButton } from '../e2e/support/try-on';
import { corpusPages, keepToLoopback, quantile, serveCorpus } from '../unit/detect/corpus';

/**
 * What the built extension costs a store page in Chromium, and how much of it is V8 compiling the
 * content scripts' functions. The corpus scorer gives every page a script text V8 has never seen,
 * so each of its calls compiles everything it runs. A content script's file is one text: this
 * traces the real extension over the corpus's product pages, one after another in one tab (one
 * renderer process), to show what V8 compiles on the first page and on the pages after it.
 *
 * Page scripts are off (a CSP header). Each page is traced from navigation until the Try on button
 * is on the page; compiles are counted inside the extension's own script runs.
 */

interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  args?: { fileName?: string; data?: { url?: string } };
}

interface PageCost {
  /** Functions V8 compiled while the extension's scripts ran. */
  compiles: number;
  compileMs: number;
  /** Time in the extension's scripts: their evaluation and every call into them. */
  scriptMs: number;
}

const CATEGORIES = ['v8', 'v8.execute', 'devtools.timeline', 'disabled-by-default-v8.compile'];

const fromExtension = (event: TraceEvent) =>
  (event.name === 'v8.run' && (event.args?.fileName ?? '').startsWith('chrome-extension://')) ||
  (event.name === 'FunctionCall' && (event.args?.data?.url ?? '').startsWith('chrome-extension://'));

function costOf(events: TraceEvent[]): PageCost | undefined {
  // The page's main thread is where the content scripts are evaluated (the service worker has its own).
  const page = events.find((e) => e.name === 'v8.run' && (e.args?.fileName ?? '').includes('/content-scripts/'));
  if (!page) return undefined;
  const onPage = (e: TraceEvent) => e.ph === 'X' && e.pid === page.pid && e.tid === page.tid;
  const runs = events.filter((e) => onPage(e) && fromExtension(e)).sort((a, b) => a.ts - b.ts);
  const outer: TraceEvent[] = [];
  for (const run of runs) {
    const last = outer[outer.length - 1];
    if (!last || run.ts >= last.ts + (last.dur ?? 0)) outer.push(run); // skip runs nested in one counted
  }
  const scriptMs = outer.reduce((sum, run) => sum + (run.dur ?? 0) / 1000, 0);
  const inside = (e: TraceEvent) => outer.some((run) => e.ts >= run.ts && e.ts < run.ts + (run.dur ?? 0));
  const compiles = events.filter((e) => onPage(e) && e.name === 'V8.CompileCode' && inside(e));
  return { compiles: compiles.length, compileMs: compiles.reduce((sum, e) => sum + (e.dur ?? 0) / 1000, 0), scriptMs };
}

async function trace(session: CDPSession, load: () => Promise<void>): Promise<TraceEvent[]> {
  const events: TraceEvent[] = [];
  const collect = ({ value }: { value: object[] }) => events.push(...(value as TraceEvent[]));
  session.on('Tracing.dataCollected', collect);
  await session.send('Tracing.start', { traceConfig: { includedCategories: CATEGORIES }, transferMode: 'ReportEvents' });
  try {
    await load();
  } finally {
    const complete = new Promise((done) => session.once('Tracing.tracingComplete', done));
    await session.send('Tracing.end');
    await complete;
    session.off('Tracing.dataCollected', collect);
  }
  return events;
}

export async function measureContentScriptCompiles(dir: string): Promise<string[]> {
  if (!existsSync(join(extensionDir, 'manifest.json'))) return [`content script compiles: skipped (no build at ${extensionDir}; npm run bench builds it)`];
  const pages = corpusPages(dir).filter((p) => p.has_product);
  const server = await serveCorpus(dir, { 'content-security-policy': "script-src 'none'" });
  const extension = await launchExtension();
  const costs: PageCost[] = [];
  let failed = 0;
  try {
    const { context } = extension;
    await keepToLoopback(context);
    const tab = await context.newPage();
    const session = await context.newCDPSession(tab);
    for (const page of pages) {
      try {
        const address = server.show(page);
        const events = await trace(session, async () => {
          await tab.goto(address, { waitUntil: 'domcontentloaded', timeout: 60_000 });
          await tryOnButton(tab).waitFor({ state: 'attached', timeout: 15_000 });
        });
        const cost = costOf(events);
        if (cost) costs.push(cost);
        else failed++;
      } catch {
        failed++;
      }
    }
  } finally {
    await extension.close();
    server.close();
  }
  const [first, ...later] = costs;
  if (!first) return ['content script compiles: no page traced'];
  const ms = (values: number[], q: number) => quantile(values, q).toFixed(1);
  const count = (values: number[], q: number) => quantile(values, q).toFixed(0);
  const compiles = later.map((c) => c.compiles);
  const compileMs = later.map((c) => c.compileMs);
  const scriptMs = later.map((c) => c.scriptMs);
  return [
    `content script, built extension, ${costs.length} corpus product pages in one tab, until the button shows${failed ? ` (${failed} pages not measured: no button or no trace)` : ''}:`,
    `  first page:  ${first.compiles} functions compiled (${first.compileMs.toFixed(1)} ms), ${first.scriptMs.toFixed(1)} ms in the extension's scripts`,
    `  later pages: functions compiled median ${count(compiles, 0.5)} (${ms(compileMs, 0.5)} ms), p95 ${count(compiles, 0.95)} (${ms(compileMs, 0.95)} ms); ` +
      `in the extension's scripts median ${ms(scriptMs, 0.5)} ms, p95 ${ms(scriptMs, 0.95)} ms`,
  ];
}
