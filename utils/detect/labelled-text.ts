import { OTHER_PRODUCTS, type PageContext } from './page';
import { looksLikeYear, normalizeForKind } from './text';
import { emptyFinding, type Finding } from './types';

const SOURCE = 'text';
const MAX_ELEMENTS = 300;
const SKIP = new Set(['script', 'style', 'svg', 'noscript', 'template', 'select', 'iframe', 'canvas', 'picture', 'video', 'textarea']);

// Elements themes use for the SKU line: WooCommerce `.sku`, BigCommerce `[data-product-sku]`,
// Magento `.product.attribute.sku .value`, SFCC `.product-id`, many themes `.product-sku`.
const SKU_ELEMENTS =
  '.sku,.product-sku,.product__sku,[data-product-sku],.product-id,#sku,#product-sku,.sku-value,.product-code,.attribute.sku .value';

/**
 * Labels stores put before the product's number, in the languages of the stores we know: "SKU:",
 * "Item #", "Item:", "Art.-Nr.", "Artikelnummer", "Bestellnummer", "Réf.", "Référence", "Codice",
 * "Código", "Cod produs", "Артикул", "Код товара"; manufacturer numbers ("Model no.", "Hersteller-Nr.",
 * "MPN") and barcodes ("EAN", "UPC", "Штрих-код"). Group 1 is the label, group 2 what follows it.
 */
export const ID_LABEL_TEXT =
  /^[\s#•·*-]*(sku(?:\s*(?:code|no\.?|nr\.?|#))?|item(?:\s*(?:#|no\.?|nr\.?|number|code|id)|(?=\s*:))|art(?:ikel)?\.?[\s-]*(?:nr|nummer|no)\.?|artikelnummer|artnr\.?|best(?:ell)?\.?[\s-]*(?:nr|nummer)\.?|bestellnummer|style\s*(?:#|no\.?|number|code)|product\s*(?:#|code|no\.?|number|id)|produkt(?:nummer|[\s-]*nr\.?)|(?:order|catalog(?:ue)?)\s*(?:code|no\.?|number)|model(?:l|e|o)?(?:\s*(?:#|no\.?|nr\.?|number|nummer)|nummer)?|part\s*(?:#|no\.?|number)|hersteller[\s-]*(?:artikel)?(?:nr|nummer)\.?|herst\.?[\s-]*nr\.?|mfr\.?\s*part(?:\s*(?:#|no\.?|number))?|mpn|réf(?:érence)?\.?|ref(?:erence)?\.?(?:\s*no\.?)?|codice(?:\s+(?:articolo|prodotto))?|c[oó]digo(?:\s+(?:de(?:l)?\s+)?(?:producto|art[ií]culo|referencia))?|cod(?:\s+(?:produs|articol))|numero\s+(?:articolo|prodotto)|num[ée]ro\s+d['’]article|артикул|арт\.|код(?:\s+(?:товара|продукта))?|модель|ean(?:[\s-]*code)?|upc|gtin|isbn|barcode|штрих-?код)(?![\p{L}\d])\s*[:#.№]?\s*(.*)$/iu;

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
    const value = textId(kind, text);
    if (value) finding.ids.push({ kind, value, source: SOURCE });
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
  const match = ID_LABEL_TEXT.exec(own);
  if (!match) return;
  const kind = kindOfLabel(match[1] ?? '');
  let raw = (match[2] ?? '').trim();
  if (!raw) raw = followingText(element);
  const value = textId(kind, raw);
  if (value) finding.ids.push({ kind, value, source: SOURCE });
}

/**
 * The id in the text after a label: its first word, or two words when that is all there is ("HMP
 * 2000"). It must carry a digit ("Style: Casual" is a description) and not be a year, a price or a
 * phone number; a second label on the same line ("TF-1 Hersteller-Nr.: 539") is not part of it.
 */
export function textId(kind: string, raw: string): string {
  const line = raw.split(/\s{2,}|\s[|•·/]\s/)[0] ?? '';
  const words = line.trim().split(/\s+/).filter(Boolean);
  const first = words[0] ?? '';
  const candidate = words.length === 2 && /\d/.test(words[1] ?? '') && !/[:]/.test(line) ? words.join(' ') : first;
  if (/:$/.test(candidate)) return '';
  const value = normalizeForKind(kind, candidate);
  if (!value || !/\d/.test(value) || looksLikeYear(value)) return '';
  return value;
}

function kindOfLabel(label: string): string {
  const l = label.toLowerCase();
  if (/^(?:mpn|model|part|hersteller|herst|mfr|модель)/.test(l)) return 'mpn';
  if (/^(?:ean|upc|gtin|isbn|barcode|штрих)/.test(l)) return 'gtin';
  return 'sku';
}

/** Text of the element's own text nodes, so `<dt>SKU</dt><dd>1</dd>` does not read as "SKU1". */
export function ownText(element: Element): string {
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
  return name === 'span' || name === 'strong' || name === 'b' || name === 'em' || name === 'i' || name === 'bdi' || name === 'code';
}

/**
 * The value after a label element: `<th>SKU</th><td>1</td>`, `<strong>SKU:</strong> 1`, and
 * `<th><span>SKU</span></th><td>1</td>` (the label's wrappers are climbed, up to three).
 */
export function followingText(element: Element): string {
  let from: Element | null = element;
  for (let level = 0; from && level < 4; level++, from = from.parentElement) {
    for (let node = from.nextSibling; node; node = node.nextSibling) {
      const text = (node.nodeType === 3 ? node.nodeValue : node.nodeType === 1 ? node.textContent : '') ?? '';
      if (text.trim()) return text.trim().slice(0, 80);
    }
  }
  return '';
}
