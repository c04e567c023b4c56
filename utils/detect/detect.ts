import { chooseIds } from './candidates';
import { readAppState, readDataLayers } from './data-layer';
import { readFormFields } from './form-fields';
import { readJsonLd } from './json-ld';
import { readLabelledText } from './labelled-text';
import { readMeta } from './meta';
import { readMicrodata } from './microdata';
import { PageContext } from './page';
import { clearlyNotProduct, judgePage, readPageTemplate } from './page-kind';
import { readRdfa } from './rdfa';
import { matchRule, readRule, type SiteRule } from './site-rule';
import { absoluteUrl, cleanText } from './text';
import type { Finding, ProductDetection, Signal } from './types';
import { readUrl } from './url';

export interface DetectOptions {
  /** Let an extractor's exception propagate (tests); by default a failing extractor counts as finding nothing. */
  strict?: boolean;
}

type Reader = (page: PageContext) => Finding;

/**
 * Runs the readers cheapest first, stops early once the page is clearly not a product page, then
 * judges the page and ranks the ids.
 */
export function detect(doc: Document, url: string, rules?: readonly SiteRule[], options: DetectOptions = {}): ProductDetection | null {
  const page = new PageContext(doc, url);
  const findings: Finding[] = [];
  const signals: Signal[] = [];
  const run = (reader: Reader): Finding | undefined => {
    let finding: Finding;
    try {
      finding = reader(page);
    } catch (error) {
      if (options.strict) throw error;
      return undefined;
    }
    findings.push(finding);
    signals.push(...finding.signals);
    return finding;
  };

  const rule = matchRule(rules, page.hostname);
  if (rule) run((p) => readRule(p, rule));
  run(readUrl);
  run(readPageTemplate);
  run(readMeta);
  run(readJsonLd);
  run(readDataLayers);
  if (clearlyNotProduct(signals)) return null;

  // The costlier readers below are fallbacks: each runs only while no source has given a SKU.
  // Microdata and RDFa share one document walk (an attribute query no engine can index).
  const hasSku = () => findings.some((f) => f.ids.some((id) => id.kind === 'sku' || id.kind === 'asin'));
  if (!hasSku()) {
    run(readMicrodata);
    run(readRdfa);
  }
  run(readFormFields);
  // Labelled text reads only the product block; app state may mean searching megabytes, so it goes last.
  if (!hasSku()) run(readLabelledText);
  if (!hasSku()) run(readAppState);

  if (judgePage(signals).verdict !== 'product') return null;
  return assemble(page, findings, rule);
}

const FACT_ORDER = ['rule', 'json-ld', 'microdata', 'rdfa', 'data-layer', 'meta'];

function assemble(page: PageContext, findings: Finding[], rule: SiteRule | undefined): ProductDetection {
  const choice = chooseIds(findings, page.href, rule);
  const ordered = [...findings].sort((a, b) => rank(a.source) - rank(b.source));
  const fact = (key: 'name' | 'brand' | 'image' | 'variant'): string | undefined => {
    for (const finding of ordered) {
      const value = finding.facts[key];
      if (value) return value;
    }
    return undefined;
  };
  const heading = cleanText(page.heading()?.textContent ?? '', 300);
  const detection: ProductDetection = { sku: choice.sku, ids: choice.ids };
  const name = fact('name') ?? (heading || undefined);
  if (name) detection.name = name;
  const brand = fact('brand');
  if (brand) detection.brand = brand;
  const image = choice.selected?.image ?? fact('image') ?? mainImage(page);
  if (image) detection.image = image;
  const variant = choice.selected?.label ?? fact('variant');
  if (variant) detection.variant = variant;
  const catalog = rule?.skuCatalogName?.trim();
  if (catalog) detection.skuCatalogName = catalog;
  return detection;
}

function rank(source: string): number {
  const index = FACT_ORDER.indexOf(source);
  return index < 0 ? FACT_ORDER.length : index;
}

/** The first image in the product's block, at its largest advertised size (Amazon's `data-old-hires`). */
function mainImage(page: PageContext): string | undefined {
  const root = page.productRoot();
  const image = root?.querySelector('img') ?? root?.parentElement?.querySelector('img');
  if (!image) return undefined;
  for (const name of ['data-old-hires', 'data-zoom-image', 'data-large_image', 'data-src', 'src']) {
    const url = absoluteUrl(image.getAttribute(name), page.href);
    if (url) return url;
  }
  return undefined;
}
