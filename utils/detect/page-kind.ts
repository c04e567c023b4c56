import type { PageContext } from './page';
import { emptyFinding, type Finding, type Signal, type Verdict } from './types';

// Body classes the platforms set per template (Shopify `template-*`, WooCommerce/WordPress,
// Magento, BigCommerce `page-type-*`), matched as whole class names.
const BODY_CLASSES: [string[], Verdict, Signal['strength']][] = [
  [['template-product', 'single-product', 'catalog-product-view', 'page-type-product', 'product-template-default'], 'product', 3],
  [
    ['template-collection', 'template-search', 'catalog-category-view', 'catalogsearch-result-index', 'woocommerce-shop',
      'post-type-archive-product', 'tax-product_cat', 'tax-product_tag', 'search-results', 'page-type-category', 'page-type-search'],
    'listing',
    3,
  ],
  [['template-index', 'cms-index-index', 'page-type-default', 'home'], 'home', 3],
  [['template-article', 'template-blog', 'single-post', 'blog', 'page-type-blog'], 'article', 3],
  [['pdp', 'product-page', 'productpage', 'page-product', 'product-detail-page'], 'product', 2],
  [['plp', 'category-page', 'search-page', 'listing-page', 'page-category'], 'listing', 2],
];
// Salesforce Commerce Cloud names its controllers on the page wrapper: `data-action="Product-Show"`.
const SFCC_ACTIONS: Record<string, Verdict> = {
  'product-show': 'product',
  'search-show': 'listing',
  'home-show': 'home',
  'page-show': 'article',
};

/** Reads what the platform says about the page: body classes/ids and SFCC's controller name. */
export function readPageTemplate(page: PageContext): Finding {
  const finding = emptyFinding('template');
  const body = page.doc.body;
  if (!body) return finding;
  const classes = new Set((body.getAttribute('class') ?? '').toLowerCase().split(/\s+/));
  for (const [names, verdict, strength] of BODY_CLASSES) {
    const found = names.find((name) => classes.has(name));
    if (found) finding.signals.push({ verdict, strength, reason: `body class ${found}` });
  }
  // PrestaShop: <body id="product"> / id="category".
  const id = (body.getAttribute('id') ?? '').toLowerCase();
  if (id === 'product') finding.signals.push({ verdict: 'product', strength: 2, reason: 'body id product' });
  if (id === 'category' || id === 'search') finding.signals.push({ verdict: 'listing', strength: 2, reason: `body id ${id}` });
  const wrapper = body.hasAttribute('data-action') ? body : body.firstElementChild;
  const action = (wrapper?.getAttribute('data-action') ?? '').toLowerCase();
  const verdict = SFCC_ACTIONS[action];
  if (verdict) finding.signals.push({ verdict, strength: 3, reason: `data-action ${action}` });
  return finding;
}

export interface PageKind {
  verdict: Verdict | 'unknown';
  product: number;
  other: number;
}

/**
 * Weighs the evidence. The strongest signal wins; between equally strong ones, the side with more
 * evidence wins, and a tie means "not a product page" (a missed button is better than a false one).
 */
export function judgePage(signals: Signal[]): PageKind {
  let productMax = 0;
  let productSum = 0;
  const otherMax: Record<string, number> = {};
  let otherTop = 0;
  let otherSum = 0;
  let otherVerdict: Verdict | 'unknown' = 'unknown';
  for (const s of signals) {
    const weight = s.strength * s.strength;
    if (s.verdict === 'product') {
      productMax = Math.max(productMax, s.strength);
      productSum += weight;
    } else {
      otherSum += weight;
      otherMax[s.verdict] = Math.max(otherMax[s.verdict] ?? 0, s.strength);
      if (s.strength > otherTop) {
        otherTop = s.strength;
        otherVerdict = s.verdict;
      }
    }
  }
  const isProduct = productMax > 0 && (productMax > otherTop || (productMax === otherTop && productSum > otherSum));
  return { verdict: isProduct ? 'product' : otherVerdict, product: productSum, other: otherSum };
}

/**
 * True when the signals so far already rule the page out: a decisive non-product signal and no
 * decisive product one. Readers that run later only add weaker signals, so they can be skipped.
 */
export function clearlyNotProduct(signals: Signal[]): boolean {
  let productTop = 0;
  let otherTop = 0;
  for (const s of signals) {
    if (s.verdict === 'product') productTop = Math.max(productTop, s.strength);
    else otherTop = Math.max(otherTop, s.strength);
  }
  return otherTop === 3 && productTop < 3;
}

const PRICE_ELEMENTS = '[itemprop="price"],[class*="price" i],[id*="price" i],[data-price]';
const MAX_PRICE_ELEMENTS = 40;

/**
 * A hint for pages without ids: one price (or a price and the one it replaces) in the nearest block
 * around the title that shows any. Listings show many different prices; articles and marketing
 * pages none.
 */
export function priceNearTitle(page: PageContext): Signal | undefined {
  let block = page.heading()?.parentElement ?? null;
  for (let level = 0; block && level < 3 && block.localName !== 'body'; level++, block = block.parentElement) {
    const amounts = priceAmounts(block);
    if (amounts === 0) continue;
    return amounts <= 3 ? { verdict: 'product', strength: 1, reason: 'a price by the title' } : undefined;
  }
  return undefined;
}

function priceAmounts(block: Element): number {
  const elements = block.querySelectorAll(PRICE_ELEMENTS);
  const amounts = new Set<string>();
  for (let i = 0; i < elements.length && i < MAX_PRICE_ELEMENTS; i++) {
    const text = elements[i]?.textContent ?? '';
    if (text.length > 60) continue;
    for (const amount of text.match(/\d[\d\s.,]*/g) ?? []) amounts.add(amount.replace(/\D/g, ''));
  }
  amounts.delete('');
  return amounts.size;
}
