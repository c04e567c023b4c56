import { Window } from 'happy-dom';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { serveNode, type RunningServer } from '../../token/node-adapter';
import { detectProduct } from '@/utils/detect';
import { CATALOG, CATALOG_CHECK_PRODUCTS, findCatalogItem, ONBOARDING_STORE_HOST } from '../catalog';
import { decodeImage, sniffImage } from '../images/codecs';
import { createStore } from './store';

let server: RunningServer;
let origin: string;
beforeAll(async () => {
  server = await serveNode(createStore({ apiUrl: 'http://api.test/digital-try-on/v1', tokenUrl: 'http://t/aiuta_jwt', subscriptionId: 's' }), { port: 0 });
  origin = server.origin;
});
afterAll(() => server.close());

const windows: Window[] = [];
afterEach(async () => {
  await Promise.all(windows.splice(0).map((window) => window.happyDOM.close()));
});

/** Loads a store page (a path, or a URL on either store host) into a DOM; with `run`, its inline scripts run as in a browser. */
async function open(path: string, run = false) {
  const url = path.startsWith('http') ? path : `${origin}${path}`;
  const response = await fetch(url);
  const text = await response.text();
  const window = new Window({
    url,
    settings: {
      enableJavaScriptEvaluation: run,
      suppressInsecureJavaScriptEnvironmentWarning: true,
      disableJavaScriptFileLoading: true,
      disableCSSFileLoading: true,
      disableIframePageLoading: true,
    } as never,
  });
  windows.push(window);
  window.document.write(text);
  return { response, document: window.document as unknown as Document, window };
}

function jsonLd(document: Document): unknown[] {
  return [...document.querySelectorAll('script[type="application/ld+json"]')].map((script) => JSON.parse(script.textContent!));
}

function meta(document: Document, property: string): string | null {
  return document.querySelector(`meta[property="${property}"]`)?.getAttribute('content') ?? null;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('demo store pages', () => {
  // Some forty pages fetched one by one: more than the default 5 s on a loaded 2-core machine.
  it('links every catalog product page and every page answers 200', { timeout: 30_000 }, async () => {
    const { document } = await open('/');
    const links = new Set([...document.querySelectorAll('a[href]')].map((a) => a.getAttribute('href')!));
    for (const item of CATALOG.filter((entry) => !entry.page.startsWith('/spa/products/') || entry === CATALOG.find((e) => e.page.startsWith('/spa/')))) {
      expect(links, item.page).toContain(item.page);
    }
    for (const href of links) {
      if (!href.startsWith('/')) continue;
      expect((await fetch(`${origin}${href}`)).status, href).toBe(200);
    }
  });

  it('Shopify-like: variants with SKUs in ProductJson and ShopifyAnalytics, ?variant= selects one', async () => {
    const { document } = await open('/shopify/products/classic-crew-tee?variant=43110000000013');
    const product = JSON.parse(document.querySelector('#ProductJson-template--main')!.textContent!) as {
      variants: { id: number; sku: string }[];
    };
    expect(product.variants.map((variant) => variant.sku)).toEqual(['NWB-TEE-NAVY-M', 'NWB-TEE-NAVY-L', 'NWB-TEE-WHITE-M', 'NWB-TEE-OLIVE-M']);
    for (const variant of product.variants) expect(findCatalogItem(String(variant.id))?.sku).toBe(variant.sku);
    expect(document.querySelector('select[name="id"] option[selected]')!.getAttribute('value')).toBe('43110000000013');
    expect(document.querySelector('.variant-sku')!.textContent).toBe('NWB-TEE-WHITE-M');
    expect(meta(document, 'og:type')).toBe('product');
    expect(meta(document, 'og:image')).toContain('NWB-TEE-WHITE-M');
    expect(document.documentElement.innerHTML).toContain('window.ShopifyAnalytics.meta');
    expect(jsonLd(document)).toEqual([]);
  });

  it('Shopify-like: changing the variant rewrites ?variant= without a reload', async () => {
    const { document, window } = await open('/shopify/products/classic-crew-tee', true);
    const select = document.querySelector('select[name="id"]') as HTMLSelectElement;
    select.value = '43110000000014';
    select.dispatchEvent(new window.Event('change') as unknown as Event);
    expect(window.location.search).toBe('?variant=43110000000014');
    expect(document.querySelector('.variant-sku')!.textContent).toBe('NWB-TEE-OLIVE-M');
  });

  it('Shopify-like: serves /products/<handle>.js and .json', async () => {
    const js = (await (await fetch(`${origin}/shopify/products/classic-crew-tee.js`)).json()) as { variants: { sku: string; price: number }[] };
    expect(js.variants[0]).toMatchObject({ sku: 'NWB-TEE-NAVY-M', price: 2400 });
    const json = (await (await fetch(`${origin}/shopify/products/classic-crew-tee.json`)).json()) as { product: { variants: { price: string }[] } };
    expect(json.product.variants[0]!.price).toBe('24.00');
  });

  it('WooCommerce-like: microdata Product with itemprop sku, related products without markup', async () => {
    const { document } = await open('/woo/product/linen-summer-dress/');
    expect(document.body.className).toContain('single-product');
    const products = document.querySelectorAll('[itemtype="https://schema.org/Product"]');
    expect(products).toHaveLength(1);
    expect(products[0]!.querySelector('[itemprop="sku"]')!.textContent).toBe('WC-LINEN-DRESS-SAGE');
    expect(document.querySelector('button[name="add-to-cart"]')!.getAttribute('value')).toBe('1234');
    expect(document.querySelectorAll('.related.products li.product').length).toBeGreaterThan(1);
  });

  it('Magento-like: itemscope on body, SKU in .product.attribute.sku and data-product-sku', async () => {
    const { document } = await open('/magento/slim-chino-trousers.html');
    expect(document.body.getAttribute('itemtype')).toBe('http://schema.org/Product');
    expect(document.querySelector('.product.attribute.sku [itemprop="sku"]')!.textContent).toBe('MG-CHINO-KHAKI-32');
    expect(document.querySelector('#product_addtocart_form')!.getAttribute('data-product-sku')).toBe('MG-CHINO-KHAKI-32');
    expect(document.querySelectorAll('script[type="text/x-magento-init"]').length).toBeGreaterThan(1);
  });

  it('Open Graph only: product meta and nothing else', async () => {
    const { document } = await open('/og/camel-wool-overcoat');
    expect(meta(document, 'og:type')).toBe('product');
    expect(meta(document, 'product:retailer_item_id')).toBe('OG-COAT-CAMEL');
    expect(jsonLd(document)).toEqual([]);
    expect(document.querySelector('[itemprop]')).toBeNull();
    expect(document.body.textContent).not.toContain('OG-COAT-CAMEL');
  });

  it('JSON-LD: a Product with sku (and gtin13 for the denim jacket) in an @graph', async () => {
    const { document } = await open('/jsonld/classic-denim-jacket');
    const graph = (jsonLd(document)[0] as { '@graph': Record<string, unknown>[] })['@graph'];
    expect(graph.find((node) => node['@type'] === 'Product')).toMatchObject({ sku: 'LD-DENIM-JKT-M', gtin13: '4006381333931' });
  });

  it('data layer only: the id sits in ecommerce.detail.products, nowhere else', async () => {
    const { document, response } = await open('/datalayer/fleece-hoodie');
    const html = await (await fetch(response.url)).text();
    expect(html).toMatch(/"detail":\{"actionField":\{"list":"Hoodies"\},"products":\[\{"name":"Fleece Hoodie","id":"DL-HOODIE-GREY"/);
    expect(meta(document, 'og:type')).toBe('website');
    expect(jsonLd(document)).toEqual([]);
    expect(document.querySelector('[itemprop]')).toBeNull();
    expect(document.body.textContent).not.toContain('DL-HOODIE-GREY');
  });

  it('SPA: renders on the client and switches products with pushState, swapping the JSON-LD', async () => {
    const { document, window } = await open('/spa/products/yellow-rain-jacket', true);
    const skuInHead = () =>
      jsonLd(document).map((data) => ((data as { '@graph': { '@type': string; sku?: string }[] })['@graph'].find((n) => n['@type'] === 'Product'))?.sku);
    expect(document.querySelector('h1')).toBeNull(); // the server sent only the shell
    await sleep(150);
    expect(document.querySelector('h1')!.textContent).toBe('Yellow Rain Jacket');
    expect(skuInHead()).toEqual(['SPA-RAIN-JKT-YLW']);
    const historyLength = window.history.length;
    (document.querySelector('#app a[href="/spa/products/pleated-midi-skirt"]') as HTMLAnchorElement).click();
    expect(window.location.pathname).toBe('/spa/products/pleated-midi-skirt');
    expect(window.history.length).toBe(historyLength + 1);
    await sleep(150);
    expect(document.querySelector('h1')!.textContent).toBe('Pleated Midi Skirt');
    expect(skuInHead()).toEqual(['SPA-PLEAT-SKIRT-ROSE']);
  });

  it('category page: many products, each with its own SKU', async () => {
    const { document } = await open('/category/all');
    const skus = [...document.querySelectorAll('[itemprop="sku"]')].map((node) => node.getAttribute('content')!);
    expect(skus.length).toBeGreaterThanOrEqual(10);
    for (const sku of skus) expect(findCatalogItem(sku), sku).toBeDefined();
  });

  it('article: a BlogPosting that mentions products, og:type article', async () => {
    const { document } = await open('/blog/what-to-wear-this-spring');
    expect(meta(document, 'og:type')).toBe('article');
    const posting = jsonLd(document)[0] as { '@type': string; mentions: { '@type': string }[] };
    expect(posting['@type']).toBe('BlogPosting');
    expect(posting.mentions.every((mention) => mention['@type'] === 'Product')).toBe(true);
    expect(document.querySelector('article')).not.toBeNull();
  });

  it('lab: a JSON-LD page for any SKU, escaped; refuses SKUs that are not ids', async () => {
    const { document } = await open('/lab/product?sku=SANDBOX-ABORT-CHILD_DETECTED');
    const graph = (jsonLd(document)[0] as { '@graph': Record<string, unknown>[] })['@graph'];
    expect(graph.find((node) => node['@type'] === 'Product')).toMatchObject({ sku: 'SANDBOX-ABORT-CHILD_DETECTED' });
    const hostile = await fetch(`${origin}/lab/product?sku=${encodeURIComponent('"><script>alert(1)</script>')}`);
    expect(hostile.status).toBe(400);
    expect(await hostile.text()).not.toContain('<script>alert(1)');
  });

  it('answers 404 for unknown pages and 405 for cart posts', async () => {
    expect((await fetch(`${origin}/nope`)).status).toBe(404);
    expect((await fetch(`${origin}/cart/add`, { method: 'POST' })).status).toBe(405);
  });
});

describe('catalog-check products', () => {
  const onboardingOrigin = () => origin.replace('127.0.0.1', ONBOARDING_STORE_HOST);
  const { registeredByGtin, onboardable, notOnboardable } = CATALOG_CHECK_PRODUCTS;

  async function openAt(url: string) {
    const { response, document } = await open(url);
    expect(response.status, url).toBe(200);
    return document;
  }

  it('the home page links each on its own host', async () => {
    const { document } = await open('/');
    const links = [...document.querySelectorAll('a[href]')].map((a) => a.getAttribute('href')!);
    expect(links).toContain(`${origin}${registeredByGtin.page}`);
    expect(links).toContain(`${onboardingOrigin()}${onboardable.page}`);
    expect(links).toContain(`${origin}${notOnboardable.page}`);
  });

  it('each page answers on its own host only and sends the other host there', async () => {
    const cases: [string, string][] = [
      [`${origin}${onboardable.page}`, `${onboardingOrigin()}${onboardable.page}`],
      [`${onboardingOrigin()}${notOnboardable.page}`, `${origin}${notOnboardable.page}`],
      [`${onboardingOrigin()}${registeredByGtin.page}`, `${origin}${registeredByGtin.page}`],
    ];
    for (const [from, to] of cases) {
      const response = await fetch(from, { redirect: 'manual' });
      expect(response.status, from).toBe(308);
      expect(response.headers.get('location')).toBe(to);
      expect((await fetch(to, { redirect: 'manual' })).status, to).toBe(200);
    }
  });

  it("the detector puts the cardigan's SKU first, which the catalog lacks, and its GTIN second, which it holds", async () => {
    const url = `${origin}${registeredByGtin.page}`;
    const detection = detectProduct(await openAt(url), url)!;
    expect(detection.ids.slice(0, 2).map((id) => [id.kind, id.value])).toEqual([
      ['sku', registeredByGtin.sku],
      ['gtin', registeredByGtin.gtin],
    ]);
    expect(detection.sku).toBe(registeredByGtin.sku);
    expect(findCatalogItem(registeredByGtin.sku)).toBeUndefined();
    expect(findCatalogItem(registeredByGtin.gtin)).toBe(registeredByGtin);
  });

  it('the other two carry no id the catalog holds, and pictures on their own host', async () => {
    for (const [product, pageOrigin] of [
      [onboardable, onboardingOrigin()],
      [notOnboardable, origin],
    ] as const) {
      const url = `${pageOrigin}${product.page}`;
      const document = await openAt(url);
      const detection = detectProduct(document, url)!;
      expect(detection.sku).toBe(product.sku);
      for (const id of detection.ids) expect(findCatalogItem(id.value), id.value).toBeUndefined();
      const picture = document.querySelector('.product-layout img')!.getAttribute('src')!;
      expect(picture).toBe(`${pageOrigin}/assets/products/${product.sku}.png`);
      expect((await fetch(picture)).headers.get('content-type')).toBe('image/png');
    }
  });
});

describe('store assets', () => {
  async function bytes(path: string) {
    const response = await fetch(`${origin}${path}`);
    expect(response.status, path).toBe(200);
    return new Uint8Array(await response.arrayBuffer());
  }

  it('serves the shopper photo as a 720x960 JPEG of a person on a wall (not a blank image)', async () => {
    const photo = decodeImage(await bytes('/assets/shopper.jpg'));
    expect([photo.width, photo.height]).toEqual([720, 960]);
    const at = (x: number, y: number) => [...photo.data.slice((y * 720 + x) * 4, (y * 720 + x) * 4 + 3)];
    const wall = at(20, 100);
    const face = at(360, 130);
    expect(Math.abs(wall[0]! - face[0]!) + Math.abs(wall[2]! - face[2]!)).toBeGreaterThan(40);
    expect(sniffImage(await bytes('/assets/shopper.png'))).toMatchObject({ format: 'png', width: 720, height: 960 });
  });

  it('serves a product picture for every catalog SKU, and the two refusal samples', async () => {
    for (const item of CATALOG) {
      expect(sniffImage(await bytes(`/assets/products/${item.sku}.png`))).toMatchObject({ format: 'png', width: 600 });
    }
    expect(sniffImage(await bytes('/assets/too-small.jpg'))).toMatchObject({ width: 120, height: 160 });
    expect(sniffImage(await bytes('/assets/not-a-photo.jpg'))).toBeNull();
  });
});
