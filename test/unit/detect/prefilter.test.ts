import { readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { detectProduct } from '@/utils/detect';
import { mightBeProductPage } from '@/utils/detect/prefilter';
import { serveNode, type RunningServer } from '@/server/token/node-adapter';
import { createStore } from '@/server/sandbox/store/store';
import { parseHtml, readFixture } from './dom';

// The prefilter decides whether the detector is loaded at all: a product it misses is a lost button.
const fixtures = readdirSync(new URL('../../fixtures/detect/', import.meta.url)).filter((name) => name.endsWith('.html'));

describe('mightBeProductPage', () => {
  it('lets every fixture page the detector calls a product through, even without a telling URL', () => {
    const missed: string[] = [];
    let products = 0;
    for (const file of fixtures) {
      for (const url of [`https://shop.example/${file.replace('.html', '')}`, 'https://shop.example/']) {
        const doc = parseHtml(readFixture(file));
        if (!detectProduct(doc, url)) continue;
        products++;
        if (!mightBeProductPage(doc, url)) missed.push(`${file} at ${url}`);
      }
    }
    expect(missed).toEqual([]);
    expect(products).toBeGreaterThanOrEqual(20);
  });

  it('says no to plain pages without product markup', () => {
    const plain = parseHtml('<html><head><title>About us</title></head><body><h1>About us</h1><p>We love tea.</p></body></html>');
    expect(mightBeProductPage(plain, 'https://tea.example/about')).toBe(false);
    const news = parseHtml('<html><body><h1>Weekly news</h1><script>window.analytics = { page: "news" };</script></body></html>');
    expect(mightBeProductPage(news, 'https://news.example/weekly')).toBe(false);
  });

  it('says yes on every data layer the detector finds a product in, with nothing else on the page', () => {
    const url = 'https://shop.example/cap';
    const layers = [
      `dataLayer.push({'ecommerce': {'detail': {'products': [{'name': 'Cap', 'id': 'C-77'}]}}});`,
      `gtag('event', 'view_item', { items: [{ item_id: 'G-9', item_name: 'Cap' }] });`,
      `var meta = {"product":{"id":9,"variants":[{"id":11,"sku":"S-11"}]},"page":{"pageType":"product"}};`,
      `window.ShopifyAnalytics.meta = {"product":{"id":7,"variants":[{"id":71,"sku":"A-71"}]},"page":{"pageType":"product"}};`,
      `var utag_data = { page_type: "product", product_sku: ["U-1"], product_id: ["55"] };`,
      `var BCData = {"product_attributes":{"sku":"B-1","mpn":"M-1"}};`,
    ];
    for (const layer of layers) {
      // No h1: the probe's look for an id label around it would read the script's text too.
      const doc = parseHtml(`<html><head><title>Cap</title><script>${layer}</script></head><body><p>A cap.</p></body></html>`);
      expect(detectProduct(doc, url), layer).not.toBeNull();
      expect(mightBeProductPage(doc, url), layer).toBe(true);
    }
  });

  it('says yes on product URLs and product markup alone', () => {
    const empty = parseHtml('<html><body></body></html>');
    expect(mightBeProductPage(empty, 'https://www.amazon.com/x/dp/B0C7XYZ123')).toBe(true);
    expect(mightBeProductPage(empty, 'https://shop.example/products/tee?variant=1')).toBe(true);
    expect(mightBeProductPage(parseHtml('<div data-sku="A1"></div>'), 'https://shop.example/')).toBe(true);
    expect(mightBeProductPage(parseHtml('<h1>Jacket</h1><p>Art.-Nr. 4711</p>'), 'https://shop.example/')).toBe(true);
  });
});

describe('mightBeProductPage on the demo store', () => {
  let store: RunningServer;
  beforeAll(async () => {
    store = await serveNode(createStore({ apiUrl: 'http://api.test/v1', tokenUrl: 'http://t/aiuta_jwt', subscriptionId: 's' }), { port: 0 });
  });
  afterAll(() => store.close());

  it('lets every demo product page through', async () => {
    const index = await (await fetch(`${store.origin}/`)).text();
    const paths = [...new Set([...index.matchAll(/href="(\/[^"#]*)"/g)].map((match) => match[1]!))];
    let products = 0;
    for (const path of paths) {
      const url = `${store.origin}${path}`;
      const doc = parseHtml(await (await fetch(url)).text());
      if (detectProduct(doc, url)) {
        products++;
        expect(mightBeProductPage(doc, url), path).toBe(true);
      }
    }
    expect(products).toBeGreaterThanOrEqual(5);
  });
});
