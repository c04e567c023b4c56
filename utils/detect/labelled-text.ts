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
 * Labels stores put before the product's number, in the languages of the stores we know, written
 * without case, spaces, dots, hyphens, apostrophes and "#": "SKU:", "Item #", "Item:", "Art.-Nr.",
 * "Artikelnummer", "Bestellnummer", "Réf.", "Référence", "Codice", "Código", "Cod produs",
 * "Артикул", "Код товара"; manufacturer numbers ("Model no.", "Hersteller-Nr.", "MPN") and
 * barcodes ("EAN", "UPC", "Штрих-код").
 */
const LABELS: Record<string, string> = {};
for (const [kind, words] of [
  [
    'sku',
    'sku skuno skunr skucode skunumber item itemno itemnr itemnumber itemcode itemid artnr artno artikelnr artikelno ' +
      'artikelnummer bestnr bestellnr bestellnummer styleno stylenr stylenumber stylecode productno productnr ' +
      'productnumber productcode productid produktnr produktnummer ordercode ordernumber catalognumber catalogno ' +
      'catalogueno cataloguenumber catno ref refno reference réf réference référence referencia codice codicearticolo ' +
      'codiceprodotto código codigo códigodeproducto codigodeproducto códigodelartículo codigodelarticulo codprodus ' +
      'codarticol numeroarticolo numérodarticle numerodarticle numérodelarticle numerodelarticle артикул арт код кодтовара кодпродукта',
  ],
  [
    'mpn',
    'model modelno modelnr modelnumber modell modellnr modellnummer modèle modele modello part partno partnr partnumber ' +
      'mpn herstellernr herstellernummer herstellerartikelnummer herstnr mfrpart mfrpartno mfrpartnumber ' +
      'manufacturerpartnumber модель',
  ],
  ['gtin', 'ean eancode ean13 upc gtin gtin13 isbn barcode штрихкод'],
] as const) {
  for (const word of words.split(' ')) LABELS[word] = kind;
}

/**
 * A line that starts with a label: group 1 is the label (no digits), group 2 what follows its
 * `:`, `#` or `№`, or the first word with a digit after it.
 */
const LABEL_LINE = /^[\s#•·*-]*([^\d:#№]{2,40}?)\s*(?:[:#№]+\s*|\s(?=\S*\d)|$)(.*)$/;

/** The kind of id a line's label introduces, and the text after the label; undefined when it has none. */
export function readLabelLine(text: string): { kind: string; rest: string } | undefined {
  const match = LABEL_LINE.exec(text);
  if (!match) return undefined;
  const label = (match[1] ?? '').toLowerCase().replace(/[\s.\-_'’*]+/g, '');
  const kind = LABELS[label];
  return kind ? { kind, rest: (match[2] ?? '').trim() } : undefined;
}

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
  const line = readLabelLine(own);
  if (!line) return;
  const value = textId(line.kind, line.rest || followingText(element));
  if (value) finding.ids.push({ kind: line.kind, value, source: SOURCE });
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

/** Text of the element's own text nodes, so `<dt>SKU</dt><dd>1</dd>` does not read as "SKU1". */
export function ownText(element: Element): string {
  let text = '';
  let seen = 0;
  // A label line has a few parts; a list of hundreds of children is not one.
  for (let node = element.firstChild; node && seen < 12; node = node.nextSibling, seen++) {
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
