import type { PageContext } from './page';
import { elementValue, isInsideOtherProducts } from './page';
import { parseStrictJson } from './lenient-json';
import { absoluteUrl, cleanText, normalizeForKind } from './text';
import { emptyFinding, type Candidate, type Finding, type Variant } from './types';

const SOURCE = 'form';
const MAX_FIELDS = 200;

// Field names in add-to-cart forms, by platform and habit: Shopify `id` (variant, below), WooCommerce
// `add-to-cart` / `variation_id`, Magento `product`, PrestaShop `id_product`, osCommerce `products_id`,
// BigCommerce `product_id`, Amazon `ASIN`, custom shops `pid`, `item_id`, `form[iid]`, `artnr`.
const FIELD_KINDS: [RegExp, string][] = [
  [/^(?:(?:product|item)[_-]?)?sku$|^art(?:ikel)?[_-]?(?:nr|no|nummer)$|^ordernumber$/, 'sku'],
  [/^asin$/, 'asin'],
  [/^(?:(?:products?|item|goods|article)[_-]?id|id[_-]?(?:product|item|article)|pid|iid|add-to-cart)$/, 'productID'],
  [/^(?:ean|gtin(?:13|14|8|12)?|upc|barcode)$/, 'gtin'],
  [/^mpn$/, 'mpn'],
];

/** The kind of id a form field holds, from its name (`form[iid]` reads as `iid`). */
export function fieldKind(rawName: string): string | undefined {
  const name = rawName.toLowerCase().replace(/^[\w-]*\[([\w-]+)\]$/, '$1');
  for (const [pattern, kind] of FIELD_KINDS) if (pattern.test(name)) return kind;
  return undefined;
}

// Data attributes on the form, on the block that holds the title, and on its buy buttons.
const DATA_KINDS: [string, string][] = [
  ['data-sku', 'sku'],
  ['data-product-sku', 'sku'],
  ['data-product_sku', 'sku'],
  ['data-asin', 'asin'],
  ['data-pid', 'productID'],
  ['data-product-id', 'productID'],
  ['data-product_id', 'productID'],
  ['data-productid', 'productID'],
  ['data-item-id', 'productID'],
  ['data-itemid', 'productID'],
];
const DATA_SELECTOR = DATA_KINDS.map(([name]) => `[${name}]`).join(',');

/**
 * Reads the main add-to-cart form (never the quick-add forms of product cards) and the data
 * attributes of the block that holds the title: product ids, the selected variant, WooCommerce's
 * variation list.
 */
export function readFormFields(page: PageContext): Finding {
  const finding = emptyFinding(SOURCE);
  const form = page.mainForm();
  const heading = page.heading();
  if (form) {
    finding.signals.push({ verdict: 'product', strength: 1, reason: 'add-to-cart form' });
    readDataAttributes(form, finding.ids);
    readFields(form, finding);
    readWooVariations(form, finding, page.href);
  }
  // Attributes on the blocks around the title (SFCC `.product-detail[data-pid]`, custom stores).
  const holder = heading?.parentElement?.closest(DATA_SELECTOR);
  if (holder && !isInsideOtherProducts(holder, heading)) readDataAttributes(holder, finding.ids);
  const root = page.productRoot();
  if (root && root !== holder && root !== form && DATA_KINDS.some(([name]) => root.hasAttribute(name))) readDataAttributes(root, finding.ids);
  const scope = root ?? form;
  if (scope) readButtons(scope, heading, finding.ids);
  // BigCommerce rewrites `[data-product-sku]` when the shopper picks options: it names the selected variant.
  const shown = root?.querySelector('[data-product-sku]');
  const shownSku = shown && !shown.getAttribute('data-product-sku') ? normalizeForKind('sku', shown.textContent) : '';
  if (shownSku) finding.ids.push({ kind: 'sku', value: shownSku, source: SOURCE, selected: true });
  return finding;
}

// Buttons that act on this product: add to cart/basket/bag, buy, wishlist, compare.
const PRODUCT_ACTION = /add.?to|addto|buy|basket|cart|bag|wish|compare/i;
const MAX_BUTTONS = 30;
// Only links and buttons can be such buttons; naming the tags first lets Chromium pass over every
// other element at once (about half the time of the bare attribute list), and the cap counts buttons only.
const BUTTON_SELECTOR = `:is(a,button,input):is(${DATA_SELECTOR}),:is(a,button)[data-id]`;

/**
 * Ids on the product block's action buttons: `<a class="add_to_cart_button" data-product_id="7">`,
 * `<a class="addToBasket" data-id="7">`. A bare `data-id` counts only on such a button; buttons in
 * other products' cards never count.
 */
function readButtons(scope: Element, heading: Element | null, out: Candidate[]): void {
  const found = scope.querySelectorAll(BUTTON_SELECTOR);
  for (let i = 0; i < found.length && i < MAX_BUTTONS; i++) {
    const element = found[i];
    if (!element || element === scope) continue;
    const label = `${element.getAttribute('class') ?? ''} ${element.getAttribute('id') ?? ''} ${element.getAttribute('name') ?? ''}`;
    if (!PRODUCT_ACTION.test(label) || isInsideOtherProducts(element, heading)) continue;
    readDataAttributes(element, out);
    const id = element.getAttribute('data-id');
    const value = id === null ? '' : normalizeForKind('productID', id);
    if (value) out.push({ kind: 'productID', value, source: SOURCE });
  }
}

function readDataAttributes(element: Element, out: Candidate[]): void {
  for (const [name, kind] of DATA_KINDS) {
    const raw = element.getAttribute(name);
    if (raw === null) continue;
    const value = normalizeForKind(kind, raw);
    if (value) out.push({ kind, value, source: SOURCE });
  }
}

function readFields(form: Element, finding: Finding): void {
  const action = (form.getAttribute('action') ?? '').toLowerCase();
  const shopify = action.includes('/cart/add');
  const fields = form.querySelectorAll('input[name],select[name],button[name]');
  for (let i = 0; i < fields.length && i < MAX_FIELDS; i++) {
    const field = fields[i];
    if (!field) continue;
    const name = (field.getAttribute('name') ?? '').toLowerCase();
    const type = (field.getAttribute('type') ?? '').toLowerCase();
    if (type === 'radio' || type === 'checkbox') {
      if (name.startsWith('attribute_') && isChecked(field)) selectAttribute(finding, name, elementValue(field));
      continue;
    }
    const value = field.localName === 'select' ? elementValue(field) : (field.getAttribute('value') ?? elementValue(field));
    if ((name === 'id' && shopify) || name === 'variation_id' || name === 'variant_id') {
      const key = cleanText(value, 40);
      if (key && key !== '0') {
        finding.selectedKeys.push(key);
        const id = normalizeForKind('variantId', key);
        if (id) finding.ids.push({ kind: 'variantId', value: id, source: SOURCE, selected: true });
      }
      continue;
    }
    if (name === 'product' && /\/product\/|checkout\/cart\/add/.test(action)) {
      const id = normalizeForKind('productID', value);
      if (id) finding.ids.push({ kind: 'productID', value: id, source: SOURCE });
      continue;
    }
    if (name.startsWith('attribute_') || name.startsWith('super_attribute')) {
      selectAttribute(finding, name, value);
      continue;
    }
    const kind = fieldKind(name);
    if (!kind) continue;
    const id = normalizeForKind(kind, value);
    if (id) finding.ids.push({ kind, value: id, source: SOURCE });
  }
}

function isChecked(field: Element): boolean {
  const live = (field as HTMLInputElement).checked;
  return typeof live === 'boolean' ? live : field.hasAttribute('checked');
}

function selectAttribute(finding: Finding, name: string, value: string): void {
  const v = cleanText(value, 80).toLowerCase();
  if (v) finding.selectedAttributes[attributeName(name)] = v;
}

/** `attribute_pa_color` -> `color`, `attribute_size` -> `size`. */
export function attributeName(raw: string): string {
  return raw.toLowerCase().replace(/^attribute_/, '').replace(/^pa_/, '');
}

/** Option value -> the text the shopper sees ("blue" -> "Blue"), per attribute select of the form. */
function optionTexts(form: Element): Map<string, string> {
  const out = new Map<string, string>();
  const selects = form.getElementsByTagName('select');
  for (let i = 0; i < selects.length && i < 10; i++) {
    const select = selects[i];
    const name = attributeName(select?.getAttribute('name') ?? '');
    if (!select || !name) continue;
    const options = select.getElementsByTagName('option');
    for (let j = 0; j < options.length && j < 100; j++) {
      const value = options[j]?.getAttribute('value');
      const text = cleanText(options[j]?.textContent ?? '', 80);
      if (value && text) out.set(`${name}\u0000${value}`, text);
    }
  }
  return out;
}

/** WooCommerce variable products: `form.variations_form[data-product_variations]` lists every variation. */
function readWooVariations(form: Element, finding: Finding, base: string): void {
  const raw = form.getAttribute('data-product_variations');
  if (!raw || raw.length > 512 * 1024 || raw === 'false') return;
  const list = parseStrictJson(raw)?.value;
  if (!Array.isArray(list)) return;
  const optionNames = optionTexts(form);
  for (const item of list.slice(0, 250)) {
    if (!item || typeof item !== 'object') continue;
    const v = item as Record<string, unknown>;
    const ids: Candidate[] = [];
    const sku = normalizeForKind('sku', v['sku']);
    if (sku) ids.push({ kind: 'sku', value: sku, source: SOURCE, ofVariant: true });
    const variationId = cleanText(v['variation_id'], 40);
    const variantId = normalizeForKind('variantId', variationId);
    if (variantId) ids.push({ kind: 'variantId', value: variantId, source: SOURCE, ofVariant: true });
    const attributes: Record<string, string> = {};
    const labels: string[] = [];
    const rawAttributes = v['attributes'];
    if (rawAttributes && typeof rawAttributes === 'object') {
      for (const [name, value] of Object.entries(rawAttributes as Record<string, unknown>)) {
        const text = cleanText(value, 80);
        if (!text) continue;
        attributes[attributeName(name)] = text.toLowerCase();
        labels.push(optionNames.get(`${attributeName(name)}\u0000${text}`) ?? text);
      }
    }
    const image = v['image'] && typeof v['image'] === 'object' ? (v['image'] as Record<string, unknown>)['src'] : undefined;
    const variant: Variant = { keys: variationId ? [variationId] : [], ids, attributes, label: labels.join(' / ') || undefined, image: absoluteUrl(image, base) };
    finding.variants.push(variant);
  }
}
