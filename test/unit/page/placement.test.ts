// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from 'vitest';
import { BUTTON_SIZE, chooseCorner, choosePlacement, findAddToCart, findMainImage, type Measure, type Rect } from '@/utils/page/placement';

/**
 * happy-dom does no layout, so sizes come from data attributes: data-w / data-h for a box,
 * data-hidden for an element that is not shown, data-at="x,y,w,h" for where a control sits.
 */
function fakeMeasure(doc: Document, viewport = { width: 1200, height: 800 }): Measure {
  const boxOf = (element: Element): Rect => {
    const [left, top, width, height] = (element.getAttribute('data-at') ?? '').split(',').map(Number);
    if (width !== undefined && height !== undefined && !Number.isNaN(width)) return { left: left!, top: top!, width, height };
    return { left: 0, top: 0, width: Number(element.getAttribute('data-w') ?? 100), height: Number(element.getAttribute('data-h') ?? 40) };
  };
  return {
    isShown: (element) => !element.closest('[data-hidden]'),
    rect: boxOf,
    viewport: () => viewport,
    elementsAt: (x, y) =>
      [...doc.querySelectorAll('[data-at]')].filter((element) => {
        const box = boxOf(element);
        return x >= box.left && x <= box.left + box.width && y >= box.top && y <= box.top + box.height;
      }),
  };
}

describe('where the Try on button goes', () => {
  beforeEach(() => {
    document.body.innerHTML = '';
  });

  it('goes after a Shopify add-to-cart submit button', () => {
    document.body.innerHTML = `<form action="/cart/add"><select name="id"></select><button type="submit" name="add" id="atc">Add to cart</button></form>`;
    const placement = choosePlacement(document, undefined, fakeMeasure(document));
    expect(placement).toMatchObject({ kind: 'anchored', near: 'add-to-cart' });
    expect(placement.kind === 'anchored' && placement.anchor.id).toBe('atc');
  });

  it('finds WooCommerce and Magento add-to-cart buttons by their platform markers', () => {
    document.body.innerHTML = `<button class="single_add_to_cart_button button alt" id="woo">Buy</button>`;
    expect(findAddToCart(document, fakeMeasure(document))?.id).toBe('woo');
    document.body.innerHTML = `<button id="product-addtocart-button" title="Add to Cart">Add</button>`;
    expect(findAddToCart(document, fakeMeasure(document))?.id).toBe('product-addtocart-button');
  });

  it('recognises an add-to-cart button by its words, in English and German', () => {
    document.body.innerHTML = `<button>Wishlist</button><button id="bag">Add to bag</button>`;
    expect(findAddToCart(document, fakeMeasure(document))?.id).toBe('bag');
    document.body.innerHTML = `<button>Merken</button><button id="de">In den Warenkorb</button>`;
    expect(findAddToCart(document, fakeMeasure(document))?.id).toBe('de');
  });

  it('skips hidden add-to-cart buttons (e.g. a sticky bar that is not shown)', () => {
    document.body.innerHTML = `<div data-hidden><button id="sticky">Add to cart</button></div><button id="main">Add to cart</button>`;
    expect(findAddToCart(document, fakeMeasure(document))?.id).toBe('main');
  });

  it('ignores long texts that merely mention the cart', () => {
    document.body.innerHTML = `<button>Read our guide on how to add to cart and checkout in three simple steps today</button>`;
    expect(findAddToCart(document, fakeMeasure(document))).toBeNull();
  });

  it('falls back to the main product image, matched by its file name across CDN sizes', () => {
    document.body.innerHTML = `<img id="logo" src="https://shop.example/logo.png" data-w="120" data-h="40">
      <picture id="pic"><img id="main" src="https://cdn.shop.example/files/coat_800x.jpg?v=3" data-w="300" data-h="400"></picture>`;
    const placement = choosePlacement(document, 'https://cdn.shop.example/files/coat.jpg', fakeMeasure(document));
    expect(placement).toMatchObject({ kind: 'anchored', near: 'image' });
    expect(placement.kind === 'anchored' && placement.anchor.id).toBe('pic');
  });

  it('takes the largest big image when no image matches the product', () => {
    document.body.innerHTML = `<img id="small" src="/a.jpg" data-w="150" data-h="150"><img id="big" src="/b.jpg" data-w="500" data-h="600"><img id="mid" src="/c.jpg" data-w="300" data-h="300">`;
    expect(findMainImage(document, undefined, fakeMeasure(document))?.id).toBe('big');
  });

  it('floats in the first corner that covers no control of the page', () => {
    const viewport = { width: 1000, height: 700 };
    // A chat launcher in the bottom-right corner.
    document.body.innerHTML = `<button id="chat" data-at="900,620,90,70">Chat</button>`;
    expect(choosePlacement(document, undefined, fakeMeasure(document, viewport))).toEqual({ kind: 'floating', corner: 'bottom-left' });
    // Plus a cookie notice whose link sits in the bottom-left corner.
    document.body.innerHTML += `<div data-at="0,600,1000,100">We use cookies. <a href="/privacy" data-at="10,620,300,60">Privacy</a></div>`;
    expect(chooseCorner(fakeMeasure(document, viewport))).toBe('top-right');
  });

  it('does not count its own button as a control in the way', () => {
    const viewport = { width: 1000, height: 700 };
    document.body.innerHTML = `<shop-try-on-button id="own" data-at="${1000 - 16 - BUTTON_SIZE.width},${700 - 16 - BUTTON_SIZE.height},${BUTTON_SIZE.width},${BUTTON_SIZE.height}" tabindex="0"></shop-try-on-button>`;
    const own = document.getElementById('own')!;
    expect(chooseCorner(fakeMeasure(document, viewport))).toBe('bottom-left');
    expect(chooseCorner(fakeMeasure(document, viewport), own)).toBe('bottom-right');
  });
});
