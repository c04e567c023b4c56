/**
 * Where the "Try on" button goes: right after the add-to-cart button (where a shopper decides),
 * else after the main product image, else floating in a corner of the window that covers no control.
 * Pure DOM reading; measurements are injected so tests can run on any DOM.
 */

export type Placement =
  | { kind: 'anchored'; anchor: Element; near: 'add-to-cart' | 'image' }
  | { kind: 'floating'; corner: Corner };

export type Corner = 'bottom-right' | 'bottom-left' | 'top-right' | 'top-left';

export interface Rect {
  left: number;
  top: number;
  width: number;
  height: number;
}

export interface Measure {
  /** The element is laid out and visible (not display:none, not zero-sized, not hidden). */
  isShown(element: Element): boolean;
  rect(element: Element): Rect;
  viewport(): { width: number; height: number };
  /** Elements under a point of the window, topmost first (document.elementsFromPoint). */
  elementsAt(x: number, y: number): Element[];
}

// Platform markers first (Shopify, WooCommerce, Magento, common themes), then generic hints.
const ADD_TO_CART_SELECTORS = [
  'form[action*="/cart/add"] [type="submit"]',
  'form[action*="/cart/add"] button[name="add"]',
  'button.single_add_to_cart_button',
  '#product-addtocart-button',
  'button[name="add-to-cart"]',
  '[data-testid*="add-to-cart" i]',
  'button[id*="add-to-cart" i]',
  'button[id*="addtocart" i]',
  'button[class*="add-to-cart" i]',
  'button[class*="addtocart" i]',
];

const ADD_TO_CART_WORDS =
  /\b(add to (cart|bag|basket|trolley)|buy now)\b|in den (warenkorb|einkaufswagen)|ajouter au panier|añadir (a la cesta|al carrito)|aggiungi al carrello|in winkelwagen/i;

const CONTROLS = 'a[href], button, input, select, textarea, summary, label, [role="button"], [role="link"], [tabindex]:not([tabindex="-1"]), [contenteditable="true"]';

export const BUTTON_SIZE = { width: 120, height: 44 };
const MARGIN = 16;
const MIN_IMAGE_SIDE = 200;

export function findAddToCart(doc: Document, measure: Pick<Measure, 'isShown'>): Element | null {
  for (const selector of ADD_TO_CART_SELECTORS) {
    for (const element of doc.querySelectorAll(selector)) if (measure.isShown(element)) return element;
  }
  for (const element of doc.querySelectorAll('button, input[type="submit"], [role="button"]')) {
    const label = (element instanceof HTMLInputElement ? element.value : element.textContent) ?? '';
    if (label.length < 60 && ADD_TO_CART_WORDS.test(label) && measure.isShown(element)) return element;
  }
  return null;
}

function sameImage(src: string, productImage: string): boolean {
  try {
    const a = new URL(src);
    const b = new URL(productImage);
    // CDNs resize through query strings and path prefixes; the file name is what stays the same.
    const file = (url: URL) => url.pathname.split('/').pop()?.replace(/_(\d+x\d*|\d*x\d+)(?=\.)/, '') ?? '';
    return a.host === b.host ? a.pathname === b.pathname || file(a) === file(b) : file(a) !== '' && file(a) === file(b);
  } catch {
    return false;
  }
}

export function findMainImage(doc: Document, productImage: string | undefined, measure: Pick<Measure, 'isShown' | 'rect'>): Element | null {
  const images = [...doc.querySelectorAll('img')].filter((image) => measure.isShown(image));
  if (productImage) {
    const match = images.find((image) => sameImage(image.currentSrc || image.src, productImage));
    if (match) return match;
  }
  let best: Element | null = null;
  let bestArea = MIN_IMAGE_SIDE * MIN_IMAGE_SIDE;
  for (const image of images) {
    const { width, height } = measure.rect(image);
    if (width < MIN_IMAGE_SIDE || height < MIN_IMAGE_SIDE || width * height <= bestArea) continue;
    best = image;
    bestArea = width * height;
  }
  return best;
}

function cornerRect(corner: Corner, viewport: { width: number; height: number }): Rect {
  const left = corner.endsWith('right') ? viewport.width - MARGIN - BUTTON_SIZE.width : MARGIN;
  const top = corner.startsWith('bottom') ? viewport.height - MARGIN - BUTTON_SIZE.height : MARGIN;
  return { left, top, ...BUTTON_SIZE };
}

/** True when any control of the page lies under the button's area (sampled at its corners and centre). */
function coversControl(rect: Rect, measure: Pick<Measure, 'elementsAt'>): boolean {
  const xs = [rect.left + 2, rect.left + rect.width / 2, rect.left + rect.width - 2];
  const ys = [rect.top + 2, rect.top + rect.height / 2, rect.top + rect.height - 2];
  return xs.some((x) => ys.some((y) => measure.elementsAt(x, y).some((element) => element.closest(CONTROLS))));
}

export const CORNERS: readonly Corner[] = ['bottom-right', 'bottom-left', 'top-right', 'top-left'];

/** The first corner whose area holds no page control; bottom-right when every corner has one. */
export function chooseCorner(measure: Pick<Measure, 'elementsAt' | 'viewport'>, ignore?: Element): Corner {
  const viewport = measure.viewport();
  const free = CORNERS.find((corner) =>
    !coversControl(cornerRect(corner, viewport), {
      elementsAt: (x, y) => measure.elementsAt(x, y).filter((element) => !ignore || !ignore.contains(element)),
    }),
  );
  return free ?? 'bottom-right';
}

export function choosePlacement(doc: Document, productImage: string | undefined, measure: Measure, ignore?: Element): Placement {
  const addToCart = findAddToCart(doc, measure);
  if (addToCart) return { kind: 'anchored', anchor: addToCart, near: 'add-to-cart' };
  const image = findMainImage(doc, productImage, measure);
  if (image) return { kind: 'anchored', anchor: image.closest('picture') ?? image, near: 'image' };
  return { kind: 'floating', corner: chooseCorner(measure, ignore) };
}

/** The live browser's measurements. */
export function browserMeasure(win: Window): Measure {
  return {
    isShown: (element) => {
      const box = element.getBoundingClientRect();
      if (box.width === 0 || box.height === 0) return false;
      const style = win.getComputedStyle(element);
      return style.visibility !== 'hidden' && style.display !== 'none' && Number(style.opacity) > 0;
    },
    rect: (element) => element.getBoundingClientRect(),
    viewport: () => ({ width: win.innerWidth, height: win.innerHeight }),
    elementsAt: (x, y) => win.document.elementsFromPoint(x, y),
  };
}
