import { chooseIds, selectedVariants } from './candidates';
import { readAppState, readDataLayers, readPlatformJson } from './data-layer';
import { readFormFields } from './form-fields';
import { readJsonLd } from './json-ld';
import { readLabelledText } from './labelled-text';
import { readMeta } from './meta';
import { readMicrodata } from './microdata';
import { isInsideOtherProducts, PageContext } from './page';
import { clearlyNotProduct, judgePage, priceNearTitle, readPageTemplate } from './page-kind';
import { readRdfa } from './rdfa';
import { matchRule, readRule, type SiteRule } from './site-rule';
import { absoluteUrl, cleanText } from './text';
import { MAX_IMAGES, type Finding, type ProductDetection, type Signal } from './types';
import { readUrl } from './url';

export interface DetectOptions {
  /** Let an extractor's exception propagate (tests); by default a failing extractor counts as finding nothing. */
  strict?: boolean;
  /**
   * Read every source even when the first ones settle the question, and look through the product
   * gallery for images: every candidate id and image, for when the shopper asks for a try-on.
   * Without it, detection stops as soon as structured data has named the product and its SKU.
   */
  complete?: boolean;
}

type Reader = (page: PageContext) => Finding;

// Structured sources whose SKU settles the question on the first look.
const SETTLING_SOURCES = new Set(['rule', 'json-ld', 'microdata', 'rdfa', 'meta', 'url']);

/**
 * Runs the readers cheapest first and stops as soon as the answer is settled: the page is clearly
 * not a product page, or structured data has named the product and its SKU. Script scanning,
 * labelled text and app state run only on pages the cheap sources leave open.
 */
export function detect(doc: Document, url: string, rules?: readonly SiteRule[], options: DetectOptions = {}): ProductDetection | null {
  const page = new PageContext(doc, url);
  const findings: Finding[] = [];
  const signals: Signal[] = [];
  const complete = options.complete === true;
  const run = (reader: Reader): void => {
    let finding: Finding;
    try {
      finding = reader(page);
    } catch (error) {
      if (options.strict) throw error;
      return;
    }
    findings.push(finding);
    signals.push(...finding.signals);
  };
  const hasSku = () => findings.some((f) => f.ids.some((id) => (id.kind === 'sku' || id.kind === 'asin') && !id.ofVariant));
  // Settled: a decisive product signal from structured data, its SKU, and (when the URL or form
  // names a variant) that variant found.
  const settled = () =>
    !complete &&
    signals.some((s) => s.verdict === 'product' && s.strength >= 2) &&
    judgePage(signals).verdict === 'product' &&
    findings.some((f) => SETTLING_SOURCES.has(f.source) && f.ids.some((id) => (id.kind === 'sku' || id.kind === 'asin') && !id.ofVariant)) &&
    (!findings.some(namesVariant) || selectedVariants(findings, page.href).length > 0);

  const rule = matchRule(rules, page.hostname);
  if (rule) run((p) => readRule(p, rule));
  run(readUrl);
  run(readPageTemplate);
  run(readMeta);
  run(readJsonLd);
  if (clearlyNotProduct(signals) || describesContent(findings, signals)) return null;

  // Microdata and RDFa share one lookup of typed items (attribute queries no engine can index).
  if (!settled()) {
    run(readMicrodata);
    run(readRdfa);
  }
  // On a settled page the form and the platform's JSON only matter for telling which variant is chosen.
  if (!settled() || findings.some((f) => f.variants.length > 0)) {
    run(readFormFields);
    run(readPlatformJson);
  }
  // Labelled text reads only the product block; data layers mean scanning every inline script, and
  // app state may mean searching megabytes, so they go last.
  // Weak readers (a hint at most) are skipped where a hint cannot make the page a product page.
  if (complete || (!hasSku() && hintCanTell(signals))) run(readLabelledText);
  if (!settled()) {
    run(readDataLayers);
    if (clearlyNotProduct(signals)) return null;
  }
  if (complete || (!hasSku() && hintCanTell(signals))) run(readAppState);

  let kind = judgePage(signals);
  if (kind.verdict !== 'product') return null;
  const hasIds = findings.some((f) => f.ids.length > 0 || f.variants.some((v) => v.ids.length > 0));
  if (!hasIds && !signals.some((s) => s.verdict === 'product' && s.strength >= 2)) {
    // No id and only hints: a second hint must agree (a price by the title), or it is not a shop's product page.
    const price = priceNearTitle(page);
    if (price) signals.push(price);
    kind = judgePage(signals);
    if (kind.verdict !== 'product' || signals.filter((s) => s.verdict === 'product').length < 2) return null;
  }
  return assemble(page, findings, rule, complete);
}

/** False when strong evidence says "not a product" and nothing strong says "product": one more hint changes nothing. */
function hintCanTell(signals: Signal[]): boolean {
  let product = 0;
  let other = 0;
  for (const s of signals) {
    if (s.verdict === 'product') product = Math.max(product, s.strength);
    else other = Math.max(other, s.strength);
  }
  return product >= 2 || other < 2;
}

const namesVariant = (f: Finding) => f.selectedKeys.length > 0 || Object.keys(f.selectedAttributes).length > 0;

/** JSON-LD that describes an article, a recipe or an event, and nothing strong that says "product". */
function describesContent(findings: Finding[], signals: Signal[]): boolean {
  const content = findings.some((f) => f.source === 'json-ld' && f.signals.some((s) => s.verdict === 'article'));
  return content && !signals.some((s) => s.verdict === 'product' && s.strength >= 2);
}

const FACT_ORDER = ['rule', 'json-ld', 'microdata', 'rdfa', 'data-layer', 'meta'];

function assemble(page: PageContext, findings: Finding[], rule: SiteRule | undefined, complete: boolean): ProductDetection {
  const choice = chooseIds(findings, page.href, rule);
  const ordered = [...findings].sort((a, b) => rank(a.source) - rank(b.source));
  const fact = (key: 'name' | 'brand' | 'image' | 'variant'): string | undefined => {
    for (const finding of ordered) {
      const value = finding.facts[key];
      if (value) return value;
    }
    return undefined;
  };
  const detection: ProductDetection = { sku: choice.sku, ids: choice.ids };
  const name = fact('name') ?? (cleanText(page.heading()?.textContent ?? '', 300) || undefined);
  if (name) detection.name = name;
  const brand = fact('brand');
  if (brand) detection.brand = brand;
  const image = choice.selected?.image ?? fact('image') ?? mainImage(page);
  if (image) detection.image = image;
  const images = [image, ...ordered.flatMap((f) => f.images), ...(complete ? galleryImages(page) : [])];
  const unique = [...new Set(images.filter((url): url is string => !!url))].slice(0, MAX_IMAGES);
  if (unique.length > 0) detection.images = unique;
  const variant = choice.selected?.label ?? fact('variant');
  if (variant) detection.variant = variant;
  const catalog = rule?.skuCatalogName?.trim();
  if (catalog) detection.skuCatalogName = catalog;
  return detection;
}

function rank(source: string): number {
  const index = FACT_ORDER.indexOf(source.split(':')[0] ?? source);
  return index < 0 ? FACT_ORDER.length : index;
}

// Where themes keep the full-size picture of a gallery image, largest first.
const IMAGE_ATTRIBUTES = ['data-old-hires', 'data-zoom-image', 'data-large_image', 'data-large', 'data-full', 'data-src', 'src'];

/** The image URL an `<img>` stands for, at its largest advertised size. */
function imageSource(image: Element, base: string): string | undefined {
  for (const name of IMAGE_ATTRIBUTES) {
    const url = absoluteUrl(image.getAttribute(name), base);
    if (url) return url;
  }
  return undefined;
}

/**
 * The product's picture when no structured source names one: a zoomable picture (its full-size
 * attribute says it is the product's, one native query), else the first image in the product's block.
 */
function mainImage(page: PageContext): string | undefined {
  const zoom = page.doc.querySelector('img[data-old-hires],img[data-zoom-image],img[data-large_image]');
  const zoomUrl = zoom ? imageSource(zoom, page.href) : undefined;
  if (zoomUrl) return zoomUrl;
  const root = page.productRoot();
  const image = root?.querySelector('img') ?? root?.parentElement?.querySelector('img');
  return image ? imageSource(image, page.href) : undefined;
}

const MAX_GALLERY = 40;
// Logos, icons, payment badges, tracking pixels, placeholders.
const NOT_A_PHOTO = /logo|icon|sprite|badge|payment|flag|avatar|rating|star|pixel|spacer|placeholder|loader|blank\.|\.svg(?:$|\?)/i;

/** Photos in the product's block and its gallery (a few levels around the title), never other products' cards. */
function galleryImages(page: PageContext): string[] {
  const root = page.productRoot();
  const scope = root?.parentElement ?? root;
  if (!scope) return [];
  const heading = page.heading();
  const out: string[] = [];
  const images = scope.getElementsByTagName('img');
  for (let i = 0; i < images.length && i < MAX_GALLERY && out.length < MAX_IMAGES; i++) {
    const image = images[i];
    if (!image || isInsideOtherProducts(image, heading)) continue;
    const width = Number(image.getAttribute('width') ?? '0');
    const height = Number(image.getAttribute('height') ?? '0');
    if ((width > 0 && width < 100) || (height > 0 && height < 100)) continue;
    const url = imageSource(image, page.href);
    if (url && !NOT_A_PHOTO.test(url) && !NOT_A_PHOTO.test(image.getAttribute('class') ?? '') && !out.includes(url)) out.push(url);
  }
  return out;
}
