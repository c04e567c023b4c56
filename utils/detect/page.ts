/**
 * One detection run's view of the page. Every DOM query the extractors share is made at most once
 * here, because on a large page each document-wide query is a walk over thousands of nodes.
 */

// Containers of other products' tiles; ids found inside them belong to those products.
export const OTHER_PRODUCTS =
  /(?:^|[\s_-])(?:card|tile|carousel|slider|swiper|related|recommend\w*|upsells?|cross-?sells?|also-?\w*|recently-?viewed|product-?(?:grid|list|item|card|tile)s?|grid-?item|list-?item|splide|slick)(?:$|[\s_-])/i;

// Scripts without src whose type is JavaScript (none, empty, *javascript*, module) or Magento's init JSON.
// One compound with :is(), not a list of five selectors: Chromium then tests the tag once per element
// and runs the query several times faster.
const INLINE_SCRIPTS = 'script:not([src]):is(:not([type]),[type=""],[type*="javascript" i],[type="module" i],[type="text/x-magento-init" i])';

export class PageContext {
  // Fields are declared, not initialised: a class field costs a defineProperty per detection.
  declare readonly doc: Document;
  declare readonly url: URL | null;
  declare readonly href: string;
  declare private jsonLdCache?: Element[];
  declare private jsonCache?: Element[];
  declare private inlineCache?: Element[];
  declare private headingCache?: Element | null;
  declare private formCache?: Element | null;
  declare private rootCache?: Element | null;
  declare private itemsCache?: Element[];

  constructor(doc: Document, href: string) {
    this.doc = doc;
    this.href = href;
    let url: URL | null = null;
    try {
      url = new URL(href);
    } catch {
      url = null;
    }
    this.url = url;
  }

  get hostname(): string {
    return this.url?.hostname.toLowerCase() ?? '';
  }

  /** Inline `<script type="application/ld+json">` blocks: one native query, no walk over every script. */
  jsonLdScripts(): Element[] {
    this.jsonLdCache ??= Array.from(this.doc.querySelectorAll('script:not([src])[type*="ld+json" i]'));
    return this.jsonLdCache;
  }

  /** Inline `<script type="application/json">` blocks (Shopify product JSON, __NEXT_DATA__ ...). */
  jsonScripts(): Element[] {
    this.jsonCache ??= Array.from(this.doc.querySelectorAll('script:not([src]):is([type="application/json" i],[type="text/json" i])'));
    return this.jsonCache;
  }

  /**
   * Inline classic scripts (no src): data layers, analytics meta, state blobs. The selector does the
   * filtering natively, so template scripts (`type="text/x-template"` and the like, thousands on some
   * pages) never become wrappers.
   */
  inlineScripts(): Element[] {
    this.inlineCache ??= Array.from(this.doc.querySelectorAll(INLINE_SCRIPTS));
    return this.inlineCache;
  }

  /** Elements that open a typed microdata or RDFa item, found once for both readers. */
  typedItems(): Element[] {
    if (this.itemsCache) return this.itemsCache;
    // RDFa is rare: Chromium answers a query for one attribute several times faster than for a list
    // of two, so the list is asked for only on a page that has a [typeof] at all.
    const found = this.doc.querySelector('[typeof]') ? this.doc.querySelectorAll('[itemtype],[typeof]') : this.doc.querySelectorAll('[itemtype]');
    const out: Element[] = [];
    for (let i = 0; i < found.length && i < 600; i++) {
      const element = found[i];
      if (element) out.push(element);
    }
    this.itemsCache = out;
    return out;
  }

  /** The product title: the first h1 not inside another product's tile, a dialog or a hidden block. */
  heading(): Element | null {
    if (this.headingCache !== undefined) return this.headingCache;
    const headings = this.doc.getElementsByTagName('h1');
    let found: Element | null = null;
    let fallback: Element | null = null;
    for (let i = 0; i < headings.length && i < 10; i++) {
      const h1 = headings[i];
      const place = h1 ? placeOf(h1) : 'overlay';
      if (!h1 || place === 'overlay') continue;
      fallback ??= h1;
      if (place === 'page') {
        found = h1;
        break;
      }
    }
    this.headingCache = found ?? fallback;
    return this.headingCache;
  }

  /**
   * The form that adds this page's product to the cart. Quick-add forms inside product cards and
   * carousels are skipped; among the rest, the one nearest the title wins.
   */
  mainForm(): Element | null {
    if (this.formCache !== undefined) return this.formCache;
    const heading = this.heading();
    // With a title, the form is looked for around it (climbing far enough to reach the buy box);
    // without one, among all forms.
    this.formCache = heading ? formNear(heading) : bestForm(this.doc.getElementsByTagName('form'), null);
    return this.formCache;
  }

  /**
   * The element that holds the product's title and its buy box: the lowest common ancestor of the
   * title and the main form, or a few levels above the title when there is no form.
   */
  productRoot(): Element | null {
    if (this.rootCache !== undefined) return this.rootCache;
    const heading = this.heading();
    const form = this.mainForm();
    let root: Element | null = null;
    if (heading && form) root = commonAncestor(heading, form);
    if (!root && heading) root = ancestorAt(heading, 3);
    if (!root && form) root = ancestorAt(form, 2);
    if (root && (root.localName === 'body' || root.localName === 'html')) root = heading ? ancestorAt(heading, 3) : form;
    this.rootCache = root;
    return root;
  }
}

const MAX_FORMS_NEAR = 20;

/** The add-to-cart form in the nearest block around the title (a few subtree lookups, no page walk). */
function formNear(heading: Element): Element | null {
  let node = heading.parentElement;
  for (let depth = 0; node && depth < 8; depth++, node = node.parentElement) {
    if (node.localName === 'html') return null;
    const forms = node.getElementsByTagName('form');
    // A block with this many forms is a grid of quick-add cards, not a buy box.
    if (forms.length > MAX_FORMS_NEAR) return null;
    const form = bestForm(forms, heading);
    if (form || node.localName === 'body') return form;
  }
  return null;
}

function bestForm(forms: HTMLCollectionOf<Element> | ArrayLike<Element>, heading: Element | null): Element | null {
  let best: Element | null = null;
  let bestScore = 0;
  for (let i = 0; i < forms.length && i < 60; i++) {
    const form = forms[i];
    if (!form) continue;
    const score = addToCartScore(form);
    if (score === 0 || isInsideOtherProducts(form, heading)) continue;
    const total = score * 100 + (heading ? sharedDepth(form, heading) : 0);
    if (total > bestScore) {
      best = form;
      bestScore = total;
    }
  }
  return best;
}

function addToCartScore(form: Element): number {
  const action = (form.getAttribute('action') ?? '').toLowerCase();
  // id, class and name (osCommerce's `<form name="cart_quantity">`).
  const marks = `${form.getAttribute('id') ?? ''} ${form.getAttribute('class') ?? ''} ${form.getAttribute('name') ?? ''}`.toLowerCase();
  if (/search|newsletter|login|subscribe|contact|review|coupon/.test(`${marks} ${action}`)) return 0;
  if (/cart\/add|cart\.php|add-?to-?cart|addtocart|add_product|basket\/add|checkout\/cart\/add|\/cart$/.test(action)) return 3;
  if (/add-?to-?cart|addtocart|product_addtocart|product-form|buy-?box|variations_form|\bcart\b|cart_quantity/.test(marks)) return 3;
  if (form.hasAttribute('data-cart-item-add') || form.hasAttribute('data-product_variations') || form.hasAttribute('data-product-form')) return 3;
  return 0;
}

/**
 * True when the element sits in a product card, carousel or "related products" block. A block that
 * also holds `unless` (the product title) is the product itself, however it is styled.
 */
export function isInsideOtherProducts(element: Element, unless?: Element | null): boolean {
  let node: Element | null = element;
  for (let depth = 0; node && depth < 12; depth++) {
    const name = node.localName;
    if (name === 'body' || name === 'main') return false;
    const cls = node.getAttribute('class');
    const id = node.getAttribute('id');
    const other =
      (cls !== null && OTHER_PRODUCTS.test(cls)) ||
      (id !== null && OTHER_PRODUCTS.test(id)) ||
      name === 'aside' ||
      name === 'footer' ||
      name === 'nav';
    if (other) return !(unless && node.contains(unless));
    node = node.parentElement;
  }
  return false;
}

// Login boxes, cookie banners, mini carts: they have their own h1 and are not the product.
const OVERLAY = /(?:^|[\s_-])(?:modal|popup|dialog|drawer|overlay|lightbox|login|signin|register|registration|newsletter|cookie|consent|minicart|offcanvas)(?:$|[\s_-])/i;
const HIDDEN = 'dialog,[role="dialog"],[role="alertdialog"],[aria-modal="true"],[hidden],[aria-hidden="true"]';

/**
 * Where a title sits: in the page, in another product's card or carousel, or in an overlay (a
 * dialog, a hidden block, a login box). One walk up the ancestors answers both questions.
 */
function placeOf(element: Element): 'page' | 'other' | 'overlay' {
  if (element.closest(HIDDEN)) return 'overlay';
  let place: 'page' | 'other' = 'page';
  let node: Element | null = element;
  for (let depth = 0; node && depth < 12; depth++, node = node.parentElement) {
    const name = node.localName;
    if (name === 'body' || name === 'main') break;
    if (name === 'aside' || name === 'footer' || name === 'nav') place = 'other';
    const marks = `${node.getAttribute('class') ?? ''} ${node.getAttribute('id') ?? ''}`;
    if (marks.length < 2) continue;
    if (depth < 8 && OVERLAY.test(marks)) return 'overlay';
    if (OTHER_PRODUCTS.test(marks)) place = 'other';
  }
  return place;
}

function ancestors(element: Element, max = 40): Element[] {
  const out: Element[] = [];
  for (let node: Element | null = element; node && out.length < max; node = node.parentElement) out.push(node);
  return out;
}

function commonAncestor(a: Element, b: Element): Element | null {
  const chain = new Set(ancestors(a));
  for (let node: Element | null = b; node; node = node.parentElement) if (chain.has(node)) return node;
  return null;
}

/** How deep the common ancestor of two elements sits: higher means closer together. */
function sharedDepth(a: Element, b: Element): number {
  const common = commonAncestor(a, b);
  return common ? ancestors(common).length : 0;
}

function ancestorAt(element: Element, levels: number): Element {
  let node = element;
  for (let i = 0; i < levels; i++) {
    const parent = node.parentElement;
    if (!parent || parent.localName === 'body' || parent.localName === 'html') break;
    node = parent;
  }
  return node;
}

/**
 * A script's source. A parsed script holds one text node; reading its value avoids the copy that
 * `textContent` makes in some engines, which matters for scripts of hundreds of kilobytes.
 */
export function scriptText(script: Element): string {
  const text = soleText(script);
  return text ? (text.nodeValue ?? '') : (script.textContent ?? '');
}

/** A script's length, read natively: a big script can be skipped without turning it into a string. */
export function scriptLength(script: Element): number {
  const text = soleText(script);
  return text ? text.length : (script.textContent?.length ?? 0);
}

/** The first `count` characters of a script, without reading the rest (state blobs run to megabytes). */
export function scriptHead(script: Element, count: number): string {
  const text = soleText(script);
  return text ? text.substringData(0, count) : (script.textContent ?? '').slice(0, count);
}

function soleText(script: Element): CharacterData | undefined {
  const first = script.firstChild;
  return first && first.nodeType === 3 && !first.nextSibling ? (first as CharacterData) : undefined;
}

/** The value an element carries: `content`, `value`, then text. */
export function elementValue(element: Element): string {
  const content = element.getAttribute('content');
  if (content !== null) return content;
  const name = element.localName;
  if (name === 'input' || name === 'data' || name === 'option' || name === 'select' || name === 'meter') {
    if (name === 'select') return selectedOptionValue(element);
    // The live property first: scripts change it without touching the attribute.
    const live = (element as HTMLInputElement).value;
    if (typeof live === 'string' && live) return live;
    return element.getAttribute('value') ?? '';
  }
  if (name === 'meta') return element.getAttribute('content') ?? '';
  return element.textContent ?? '';
}

export function selectedOptionValue(select: Element): string {
  const live = (select as HTMLSelectElement).value;
  if (typeof live === 'string' && live) return live;
  const options = select.getElementsByTagName('option');
  let first: string | null = null;
  for (let i = 0; i < options.length && i < 500; i++) {
    const option = options[i];
    if (!option) continue;
    const value = option.getAttribute('value') ?? option.textContent ?? '';
    if (option.hasAttribute('selected')) return value;
    if (first === null && !option.hasAttribute('disabled')) first = value;
  }
  return first ?? '';
}
