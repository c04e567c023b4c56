// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { watchVariant } from '@/utils/page/variant-watch';

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('watching for a variant change', () => {
  let controller = new AbortController();
  afterEach(() => {
    controller.abort();
    controller = new AbortController();
    document.head.innerHTML = '';
    document.body.innerHTML = '';
  });

  function setup() {
    document.body.innerHTML = `<form id="form"><select id="size"><option>M</option><option>L</option></select><input type="hidden" name="id" value="1"></form>
      <p id="sku">SKU-1</p><div id="reviews"><p>Great</p></div><shop-try-on-button id="own"></shop-try-on-button>`;
    let changes = 0;
    const targets = [document.getElementById('form')!, document.getElementById('sku')!];
    const own = document.getElementById('own')!;
    watchVariant(document, targets, () => changes++, controller.signal, (node) => node === own);
    return { changes: () => changes, own };
  }

  it('notices edits inside the watched elements and change events from their fields', async () => {
    const watch = setup();
    document.getElementById('sku')!.textContent = 'SKU-2';
    await settle();
    expect(watch.changes()).toBe(1);
    document.getElementById('size')!.dispatchEvent(new Event('change', { bubbles: true }));
    expect(watch.changes()).toBe(2);
  });

  it('ignores the rest of the page and its own button moving around', async () => {
    const watch = setup();
    document.getElementById('reviews')!.append(document.createElement('p'));
    document.getElementById('form')!.append(watch.own);
    await settle();
    expect(watch.changes()).toBe(0);
  });

  it('sees a new JSON-LD script in the head, as SPA head managers swap it', async () => {
    const watch = setup();
    const script = document.createElement('script');
    script.type = 'application/ld+json';
    document.head.append(script);
    await settle();
    expect(watch.changes()).toBe(1);
  });

  it('watches the head even with no element to watch (a page whose product has not come yet)', async () => {
    let changes = 0;
    watchVariant(document, [], () => changes++, controller.signal);
    const script = document.createElement('script');
    script.type = 'application/ld+json';
    document.head.append(script);
    await settle();
    expect(changes).toBe(1);
  });

  it('stops when its page view ends', async () => {
    const watch = setup();
    controller.abort();
    document.getElementById('sku')!.textContent = 'SKU-3';
    document.getElementById('size')!.dispatchEvent(new Event('change', { bubbles: true }));
    await settle();
    expect(watch.changes()).toBe(0);
  });
});
