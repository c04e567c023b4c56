import { OTHER_PRODUCTS, type PageContext } from './page';
import { normalizeForKind } from './text';
import { emptyFinding, type Finding } from './types';

const SOURCE = 'text';
const MAX_ELEMENTS = 300;
const SKIP = new Set(['script', 'style', 'svg', 'noscript', 'template', 'select', 'iframe', 'canvas', 'picture', 'video']);

// Elements themes use for the SKU line: WooCommerce `.sku`, BigCommerce `[data-product-sku]`,
// Magento `.product.attribute.sku .value`, SFCC `.product-id`, many themes `.product-sku`.
const SKU_ELEMENTS =
  '.sku,.product-sku,.product__sku,[data-product-sku],.product-id,#sku,#product-sku,.sku-value,.product-code,.attribute.sku .value';

/** "SKU:", "Item #", "Art.-Nr.", "Style No." and friends, at the start of an element's own text. */
const LABEL =
  /^\s*(sku|item\s*(?:#|no\.?|nr\.?|number|code)|art(?:ikel)?\.?[\s-]*(?:nr|nummer)\.?|artikelnummer|bestellnummer|style\s*(?:#|no\.?|number|code)|product\s*(?:#|code|no\.?|number|id)|model\s*(?:#|no\.?|number)|modellnummer|part\s*(?:#|no\.?|number)|réf(?:érence)?\.?|ref(?:erence)?\.?(?:\s*no\.?)?|codice(?:\s+articolo)?|código|mpn|ean|upc|gtin)\s*[:#.]?\s*(.*)$/i;

/**
 * Reads ids that the page shows as text in the block around the product title: known SKU elements
 * first, then labelled lines. Only the product's own block is read, never the whole page.
 */
export function readLabelledText(page: PageContext): Finding {
  const finding = emptyFinding(SOURCE);
  const root = page.productRoot();
  if (!root) return finding;

  const known = root.querySelectorAll(SKU_ELEMENTS);
  for (let i = 0; i < known.length && i < 10; i++) {
    const element = known[i];
    // A wrapper (`<div class="sku"><strong>SKU</strong><div class="value">1</div></div>`) is read through its parts.
    if (!element || (element.firstElementChild && !element.hasAttribute('data-product-sku'))) continue;
    const text = element.getAttribute('data-product-sku') || element.textContent || '';
    const kind = /product-id/.test(element.getAttribute('class') ?? '') ? 'productID' : 'sku';
    const value = normalizeForKind(kind, text);
    if (value && /\d/.test(value)) finding.ids.push({ kind, value, source: SOURCE });
  }

  let seen = 0;
  const visit = (element: Element): void => {
    for (let child = element.firstElementChild; child && seen < MAX_ELEMENTS; child = child.nextElementSibling) {
      seen++;
      if (SKIP.has(child.localName)) continue;
      // Carousels and cards inside the block show other products' ids.
      const cls = child.getAttribute('class');
      if (cls && OTHER_PRODUCTS.test(cls)) continue;
      readLabel(child, finding);
      if (child.firstElementChild) visit(child);
    }
  };
  visit(root);
  if (finding.ids.length > 0) finding.signals.push({ verdict: 'product', strength: 1, reason: 'labelled id near the title' });
  return finding;
}

function readLabel(element: Element, finding: Finding): void {
  const own = ownText(element);
  if (own.length < 3 || own.length > 120) return;
  const match = LABEL.exec(own);
  if (!match) return;
  const kind = kindOfLabel(match[1] ?? '');
  let raw = (match[2] ?? '').trim();
  if (!raw) raw = followingText(element);
  const value = normalizeForKind(kind, raw.split(/\s{2,}|\s[|•·]\s/)[0] ?? '');
  // A labelled id carries a digit; "Style: Casual" is a description.
  if (value && /\d/.test(value)) finding.ids.push({ kind, value, source: SOURCE });
}

function kindOfLabel(label: string): string {
  const l = label.toLowerCase();
  if (/^(?:mpn|model|modell|part)/.test(l)) return 'mpn';
  if (/^(?:ean|upc|gtin)/.test(l)) return 'gtin';
  return 'sku';
}

/** Text of the element's own text nodes, so `<dt>SKU</dt><dd>1</dd>` does not read as "SKU1". */
function ownText(element: Element): string {
  let text = '';
  for (let node = element.firstChild; node; node = node.nextSibling) {
    if (node.nodeType === 3) text += node.nodeValue ?? '';
    else if (node.nodeType === 1 && !(node as Element).firstElementChild && isInline(node as Element)) text += node.textContent ?? '';
    if (text.length > 200) break;
  }
  return text.replace(/\s+/g, ' ');
}

function isInline(element: Element): boolean {
  const name = element.localName;
  return name === 'span' || name === 'strong' || name === 'b' || name === 'em' || name === 'i' || name === 'bdi';
}

/** The value after a label element: `<th>SKU</th><td>1</td>`, `<strong>SKU:</strong> 1`. */
function followingText(element: Element): string {
  for (let node = element.nextSibling; node; node = node.nextSibling) {
    const text = (node.nodeType === 3 ? node.nodeValue : node.nodeType === 1 ? node.textContent : '') ?? '';
    if (text.trim()) return text.trim().slice(0, 80);
  }
  return '';
}
