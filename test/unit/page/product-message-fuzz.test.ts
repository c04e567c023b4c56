import { Window } from 'happy-dom';
import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { detectProduct, type ProductDetection, type SiteRule } from '@/utils/detect';
import { detect } from '@/utils/detect/detect';
import { siteRuleSchema } from '@/utils/detect/site-rule-schema';
import { toProductMessage } from '@/utils/page/product-message';
import { productSchema } from '@/utils/product';
import { generatePage, type GeneratedPage } from '../support/page-generator';

/**
 * The detector against 10 000 seeded store pages (generated, then cut and spliced): with extractor
 * errors let through (`strict`), it never throws; what it returns is well formed, can always be sent
 * to the background (the protocol's bounds), leaves the document and Object.prototype untouched, and
 * is the same every time. Every page runs in linkedom (fast), every fourth in happy-dom too.
 */

const PAGES = 10_000;
const happyDomSettings = { disableJavaScriptEvaluation: true, disableJavaScriptFileLoading: true, disableCSSFileLoading: true, disableIframePageLoading: true };
let window = new Window({ settings: happyDomSettings });
let parser = new window.DOMParser();
let parsed = 0;
/** A happy-dom window keeps every document its parser made: start a fresh one now and then. */
function happyDom(html: string): Document {
  if (++parsed % 200 === 0) {
    void window.happyDOM.close();
    window = new Window({ settings: happyDomSettings });
    parser = new window.DOMParser();
  }
  return parser.parseFromString(html, 'text/html') as unknown as Document;
}
/**
 * linkedom leaves a page that starts with stray text without a root element (its head/body getters
 * then throw), and creates head and body on first access. A browser's parser always makes all three,
 * so such documents are set aside, and head/body are touched once before the document is compared.
 */
function linkedom(html: string): Document | null {
  const doc = parseHTML(html).document as unknown as Document;
  if (!doc.documentElement) return null;
  void doc.head;
  void doc.body;
  return doc;
}

/** Rules as they reach the detector: through the settings schema. */
function validRules(page: GeneratedPage): SiteRule[] | undefined {
  return page.rules?.flatMap((rule) => {
    const parsed = siteRuleSchema.safeParse(rule);
    return parsed.success ? [parsed.data] : [];
  });
}

/** What must hold for any detection; returns the broken promises. */
function problemsOf(detection: ProductDetection, url: string): string[] {
  const problems: string[] = [];
  if (typeof detection.sku !== 'string') problems.push(`sku is ${typeof detection.sku}`);
  if (!Array.isArray(detection.ids)) return [...problems, 'ids is not an array'];
  for (const id of detection.ids) {
    if (typeof id?.kind !== 'string' || typeof id.value !== 'string' || typeof id.source !== 'string') problems.push(`malformed id ${JSON.stringify(id)}`);
  }
  if (detection.sku && !detection.ids.some((id) => id.value === detection.sku)) problems.push(`sku ${JSON.stringify(detection.sku)} is not among the ids`);
  for (const key of ['name', 'brand', 'image', 'variant', 'skuCatalogName'] as const) {
    if (detection[key as keyof ProductDetection] !== undefined && typeof detection[key as keyof ProductDetection] !== 'string') problems.push(`${key} is not a string`);
  }
  // The content script sends this to the background, which parses it with the protocol's schema:
  // a page the detector accepts must never be refused there.
  const message = productSchema.safeParse(toProductMessage(detection, url));
  if (!message.success) problems.push(`refused by the protocol: ${message.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`);
  return problems;
}

interface Failure {
  seed: number;
  kind: string;
  dom: string;
  problem: string;
}

interface Stats {
  found: number;
  slowestMs: number;
  slowestSeed: number;
  noRoot: number;
}

function check(page: GeneratedPage, dom: 'happy-dom' | 'linkedom', failures: Failure[], stats: Stats): void {
  const doc = (dom === 'happy-dom' ? happyDom : linkedom)(page.html);
  if (!doc) {
    // The page still gets checked, in the DOM that parses it as a browser would.
    stats.noRoot += 1;
    if (page.seed % 4 !== 0) check(page, 'happy-dom', failures, stats);
    return;
  }
  const rules = validRules(page);
  const fail = (problem: string) => failures.push({ seed: page.seed, kind: page.kind, dom, problem });
  const checkPurity = page.seed % 20 === 0;
  const before = checkPurity ? doc.documentElement?.outerHTML : undefined;
  let detection: ProductDetection | null;
  const started = performance.now();
  try {
    detection = detect(doc, page.url, rules, { strict: true });
  } catch (error) {
    fail(`threw ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
    return;
  }
  const elapsed = performance.now() - started;
  if (elapsed > stats.slowestMs) Object.assign(stats, { slowestMs: elapsed, slowestSeed: page.seed });
  if (checkPurity && doc.documentElement?.outerHTML !== before) fail('changed the document');
  if (detection === null) return;
  stats.found += 1;
  for (const problem of problemsOf(detection, page.url)) fail(problem);
  // The public entry point answers the same (its catch-all is for pages that defeat every guard).
  if (JSON.stringify(detectProduct(doc, page.url, rules)) !== JSON.stringify(detection)) fail('detectProduct differs from detect');
}

describe('detectProduct on 10 000 generated and mutated store pages', () => {
  it('never throws and always returns a detection the extension can send, or null', { timeout: 300_000 }, () => {
    const failures: Failure[] = [];
    const stats: Stats = { found: 0, slowestMs: 0, slowestSeed: -1, noRoot: 0 };
    const kinds: Record<string, number> = {};
    let bytes = 0;
    const started = performance.now();
    for (let seed = 0; seed < PAGES; seed++) {
      const page = generatePage(seed);
      kinds[page.kind] = (kinds[page.kind] ?? 0) + 1;
      bytes += page.html.length;
      check(page, 'linkedom', failures, stats);
      if (seed % 4 === 0) check(page, 'happy-dom', failures, stats);
    }
    console.info(
      `${PAGES} pages (${(bytes / 1e6).toFixed(1)} MB) in ${((performance.now() - started) / 1000).toFixed(1)} s: ` +
        `${stats.found} detections, slowest ${stats.slowestMs.toFixed(1)} ms (seed ${stats.slowestSeed}), ` +
        `${stats.noRoot} pages linkedom parsed without a root element (checked in happy-dom instead); ` +
        Object.entries(kinds).sort().map(([kind, count]) => `${kind} ${count}`).join(', '),
    );
    // Each kind of page was really made, and detection found products on a good share of them.
    expect(Object.keys(kinds).length).toBeGreaterThanOrEqual(8);
    expect(stats.found).toBeGreaterThan(PAGES / 5);
    const byProblem = new Map<string, Failure[]>();
    for (const failure of failures) byProblem.set(failure.problem.slice(0, 80), [...(byProblem.get(failure.problem.slice(0, 80)) ?? []), failure]);
    const summary = [...byProblem.values()].map((list) => `${list.length} x ${list[0]!.dom} "${list[0]!.problem}" (e.g. seed ${list[0]!.seed}, ${list[0]!.kind})`);
    expect(summary).toEqual([]);
    // Nothing leaked onto Object.prototype from an own "__proto__" key in a page's data.
    expect(Object.keys(Object.prototype)).toEqual([]);
    expect(({} as { sku?: unknown }).sku).toBeUndefined();
  });

  it('builds the same pages and finds the same products every time (seeded, deterministic)', () => {
    for (let seed = 0; seed < 200; seed++) {
      const first = generatePage(seed);
      const again = generatePage(seed);
      expect(again).toEqual(first);
      const rules = validRules(first);
      const [one, two] = [happyDom(first.html), happyDom(again.html)];
      expect(JSON.stringify(detectProduct(two, again.url, rules))).toBe(JSON.stringify(detectProduct(one, first.url, rules)));
    }
  }, 120_000);
});
