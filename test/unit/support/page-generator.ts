import type { SiteRule } from '@/utils/detect';

/**
 * Seeded store pages for fuzzing the detector: product pages assembled from the sources real stores
 * use (JSON-LD, microdata, RDFa, meta tags, data layers, cart forms, labelled text), listings and
 * articles, filled with hostile values, then cut, doubled and spliced. The same seed always gives
 * the same pages, so a failure names a page that can be rebuilt.
 */

export interface Rng {
  next(): number;
  int(below: number): number;
  chance(probability: number): boolean;
  pick<T>(list: readonly T[]): T;
}

/** mulberry32: small, fast and good enough for test data. */
export function rng(seed: number): Rng {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (below) => Math.floor(next() * below),
    chance: (probability) => next() < probability,
    pick: (list) => list[Math.floor(next() * list.length)]!,
  };
}

export interface GeneratedPage {
  seed: number;
  kind: string;
  url: string;
  html: string;
  rules?: SiteRule[];
}

const HOSTS = ['shop.example', 'www.store.example', 'boutique.example.fr', 'xn--bcher-kva.example', 'localhost', '127.0.0.1'];
const SKUS = ['SKU-1001', 'NWB-TEE-NAVY-M', 'ABC123', '25519318M', 'B0C7XYZ123', 'LS_1001/BLK', 'A.B.C-9', '4006381333931', '0012345678905'];

/** Ids a page may carry: ordinary ones, and the values that break naive code. */
function idValue(r: Rng): unknown {
  const roll = r.next();
  if (roll < 0.45) return r.pick(SKUS);
  if (roll < 0.55) return String(r.int(1e9)).padStart(r.pick([8, 12, 13, 14]), '0');
  if (roll < 0.6) return r.int(1e6);
  if (roll < 0.95) {
    return r.pick<unknown>([
      '', ' ', '\u200b', '\u00a0SKU-1\u00a0', 'N/A', 'null', 'undefined', '0', '-1', 'NaN', '1e999', 'x'.repeat(129), 'Z'.repeat(4000),
      'SKU\u0000\u0007\u001b', '\u202eRTL-1', '衬衫-42', '👕-1', '<b>SKU</b>', '"quoted"', "o'brien", '${sku}', '{{ product.sku }}',
      '__proto__', 'constructor', 'toString', 'hasOwnProperty', '\\u0041', '&amp;&lt;', 'SKU 1 2 3', 'a\nb\tc',
    ]);
  }
  return r.pick<unknown>([null, true, [], [r.pick(SKUS)], { value: r.pick(SKUS) }, { '@value': 'X' }, 1e21, -0, 123.45]);
}

function textValue(r: Rng): unknown {
  const roll = r.next();
  if (roll < 0.6) return r.pick(['Linen Shirt', 'Classic Crew Tee', 'Wool Coat', 'Robe d’été', 'Hose „Slim“', 'T-Shirt (2er Pack)']);
  if (roll < 0.9) {
    return r.pick<unknown>([
      '', '   ', '<img src=x onerror=alert(1)>', '</script><script>alert(1)</script>', 'A'.repeat(5000), '\u0000', '\ud800', '&#x3C;b&#x3E;',
      'name\u2028with\u2029separators', 'x'.repeat(301), '🧥'.repeat(200),
    ]);
  }
  return r.pick<unknown>([null, 42, ['Shirt', 'Tee'], { '@value': 'Shirt' }, { name: 'Nested' }]);
}

function imageValue(r: Rng, host: string): unknown {
  return r.pick<unknown>([
    `https://${host}/img/p.jpg`,
    '/img/relative.jpg',
    '//cdn.example/x.jpg',
    'javascript:alert(1)',
    'data:image/png;base64,iVBORw0KGgo=',
    `https://${host}/img/with space.jpg`,
    `https://${host}/${'a b'.repeat(700)}.jpg`,
    // Under the protocol's 2048 characters as written, over it once its spaces are percent-encoded.
    `https://${host}/${'a b'.repeat(600)}.jpg`,
    `https://${host}/${'x'.repeat(2100)}.jpg`,
    'http://[::1',
    '%%%',
    ['https://cdn.example/1.jpg', 'https://cdn.example/2.jpg'],
    { '@type': 'ImageObject', url: 'https://cdn.example/o.jpg' },
    { url: null },
    null,
  ]);
}

const json = (value: unknown) => JSON.stringify(value).replaceAll('</', '<\\/');

function jsonLd(r: Rng, host: string): string {
  const product: Record<string, unknown> = { '@context': r.pick(['https://schema.org', 'http://schema.org/', '', null]) };
  product['@type'] = r.pick<unknown>(['Product', 'Product', 'product', 'http://schema.org/Product', ['Product', 'Thing'], 'ProductGroup', 'IndividualProduct', 'Offer', 42]);
  if (r.chance(0.9)) product.sku = idValue(r);
  if (r.chance(0.3)) product[r.pick(['gtin', 'gtin13', 'gtin12', 'gtin8', 'gtin14', 'mpn', 'productID'])] = idValue(r);
  if (r.chance(0.9)) product.name = textValue(r);
  if (r.chance(0.5)) product.brand = r.chance(0.5) ? { '@type': 'Brand', name: textValue(r) } : textValue(r);
  if (r.chance(0.7)) product.image = imageValue(r, host);
  if (r.chance(0.6)) {
    const offer = () => ({ '@type': 'Offer', price: r.pick<unknown>(['19.00', 0, null, '']), sku: r.chance(0.4) ? idValue(r) : undefined, url: r.chance(0.3) ? `https://${host}/p?variant=${r.int(99)}` : undefined });
    product.offers = r.chance(0.5) ? offer() : Array.from({ length: r.int(6) }, offer);
  }
  if (r.chance(0.2)) product.hasVariant = Array.from({ length: r.int(8) }, () => ({ '@type': 'Product', sku: idValue(r), color: textValue(r), size: r.pick(['S', 'M', 'L']) }));
  if (r.chance(0.1)) product.isVariantOf = { '@id': '#group', hasVariant: [{ '@id': '#self' }] };
  if (r.chance(0.1)) product['@id'] = '#self';
  // An own "__proto__" key (as JSON.parse makes one), which a naive merge turns into a prototype.
  if (r.chance(0.05)) Object.defineProperty(product, '__proto__', { value: { sku: 'POLLUTED' }, enumerable: true });
  let value: unknown = product;
  const wrap = r.next();
  if (wrap < 0.15) value = { '@context': 'https://schema.org', '@graph': [{ '@type': 'WebPage' }, product, { '@type': 'BreadcrumbList' }] };
  else if (wrap < 0.25) value = [product, { '@type': 'Organization', name: 'Shop' }];
  else if (wrap < 0.3) value = { '@type': 'ItemList', itemListElement: Array.from({ length: 3 + r.int(10) }, (_, i) => ({ '@type': 'ListItem', position: i, item: { ...product, sku: `L-${i}` } })) };
  let text = r.chance(0.05) ? JSON.stringify(value, null, 2).replace(/"name"/, '/* c */ "name"') : json(value);
  if (r.chance(0.1)) text = text.slice(0, r.int(text.length)); // cut off mid-way, as a broken template would
  if (r.chance(0.05)) text = text.replaceAll('"', '&quot;');
  if (r.chance(0.05)) text = `${text},`; // trailing comma
  return `<script type="${r.pick(['application/ld+json', 'application/ld+json', 'application/ld+json; charset=utf-8', 'APPLICATION/LD+JSON'])}">${text}</script>`;
}

function microdata(r: Rng, host: string): string {
  const prop = (name: string, value: unknown) =>
    r.pick([
      `<meta itemprop="${name}" content="${String(value).replaceAll('"', '&quot;')}">`,
      `<span itemprop="${name}">${String(value).replaceAll('<', '&lt;')}</span>`,
      `<link itemprop="${name}" href="${String(value).replaceAll('"', '&quot;')}">`,
    ]);
  const inner = [prop('name', textValue(r)), prop(r.pick(['sku', 'gtin13', 'mpn', 'productID']), idValue(r)), prop('image', imageValue(r, host))];
  if (r.chance(0.4)) inner.push(`<div itemprop="offers" itemscope itemtype="https://schema.org/Offer">${prop('sku', idValue(r))}${prop('price', '9.99')}</div>`);
  if (r.chance(0.2)) inner.push(`<div itemscope itemtype="https://schema.org/Product" class="related">${prop('sku', idValue(r))}</div>`);
  return `<div itemscope itemtype="${r.pick(['https://schema.org/Product', 'http://schema.org/Product', 'schema.org/Product', '', 'https://schema.org/Thing'])}"${r.chance(0.1) ? ' itemref="nope missing"' : ''}>${inner.join('')}</div>`;
}

function rdfa(r: Rng): string {
  return `<div vocab="https://schema.org/" typeof="${r.pick(['Product', 'schema:Product', 'Offer'])}"><span property="name">${String(textValue(r)).replaceAll('<', '&lt;')}</span><span property="${r.pick(['sku', 'gtin', 'productID'])}">${String(idValue(r)).replaceAll('<', '&lt;')}</span></div>`;
}

function meta(r: Rng, host: string): string {
  const tags = [
    `<meta property="og:type" content="${r.pick(['product', 'product.item', 'website', 'article', ''])}">`,
    `<meta property="og:title" content="${String(textValue(r)).replaceAll('"', '&quot;')}">`,
    `<meta property="og:image" content="${String(imageValue(r, host)).replaceAll('"', '&quot;')}">`,
  ];
  if (r.chance(0.5)) tags.push(`<meta property="${r.pick(['product:retailer_item_id', 'product:sku', 'og:upc', 'product:item_group_id'])}" content="${String(idValue(r)).replaceAll('"', '&quot;')}">`);
  if (r.chance(0.3)) tags.push(`<meta name="twitter:data1" content="${String(idValue(r)).replaceAll('"', '&quot;')}">`);
  return tags.join('');
}

function dataLayer(r: Rng): string {
  const item = () => ({ item_id: idValue(r), item_name: textValue(r), item_variant: textValue(r), item_brand: textValue(r), price: 19 });
  const scripts = [
    () => `window.dataLayer = window.dataLayer || []; dataLayer.push(${json({ event: r.pick(['view_item', 'view_item_list', 'page_view']), ecommerce: { items: Array.from({ length: r.int(4) }, item) } })});`,
    () => `dataLayer.push({event:'productDetail',ecommerce:{detail:{products:[{id:${json(idValue(r))},name:${json(textValue(r))}}]}}});`,
    () => `var meta = ${json({ product: { id: r.int(1e12), vendor: textValue(r), variants: Array.from({ length: r.int(5) }, () => ({ id: r.int(1e14), sku: idValue(r), name: textValue(r) })) }, page: { pageType: r.pick(['product', 'collection', 'home']) } })};`,
    () => `window.__NEXT_DATA__ = ${json({ props: { pageProps: { product: { sku: idValue(r), name: textValue(r) } } } })};`,
    () => `var utag_data = {product_id:[${json(idValue(r))}], product_name:[${json(textValue(r))}], page_type:"product"};`,
    () => `BCData = {"product_attributes":{"sku":${json(idValue(r))},"upc":null}};`,
    () => `window.__INITIAL_STATE__ = {product:{sku:'${String(idValue(r)).replaceAll("'", "\\'")}',name:"x",fn:function(){return 1},re:/a+b/g,when:new Date(0),n:undefined}};`,
    () => `(function(){${'var a=[{'.repeat(50)}${'}]'.repeat(50)}})();`,
    () => `dataLayer.push(${'['.repeat(200 + r.int(2000))}${']'.repeat(r.int(2000))});`,
  ];
  return `<script>${r.pick(scripts)()}</script>`;
}

function cartForm(r: Rng): string {
  const variations = Array.from({ length: r.int(5) }, () => ({ variation_id: r.int(1e5), sku: idValue(r), attributes: { attribute_pa_color: r.pick(['blue', 'red', '']) } }));
  const parts = [
    `<form action="${r.pick(['/cart/add', '/cart/add.js', '?add-to-cart=12', '/checkout/cart/add/', ''])}" method="post" class="${r.pick(['product-form', 'variations_form cart', 'cart'])}"`,
    r.chance(0.4) ? ` data-product_variations="${json(variations).replaceAll('&', '&amp;').replaceAll('"', '&quot;')}"` : '',
    '>',
    `<input type="hidden" name="${r.pick(['id', 'product', 'add-to-cart', 'variation_id', 'sku'])}" value="${String(idValue(r)).replaceAll('"', '&quot;')}">`,
    r.chance(0.5)
      ? `<select name="id">${Array.from({ length: r.int(6) }, (_, i) => `<option value="${r.int(1e14)}"${i === 0 && r.chance(0.5) ? ' selected' : ''}>${String(textValue(r)).replaceAll('<', '&lt;')}</option>`).join('')}</select>`
      : '',
    '<button type="submit">Add to cart</button></form>',
  ];
  return parts.join('');
}

function labelledText(r: Rng): string {
  const label = r.pick(['SKU', 'SKU:', 'Art.-Nr.', 'Artikelnummer', 'Item #', 'Item number', 'Model', 'Réf.', 'Style', 'Product code']);
  return `<p class="${r.pick(['sku', 'product-meta', 'small'])}">${label} <span>${String(idValue(r)).replaceAll('<', '&lt;')}</span></p>`;
}

function listing(r: Rng): string {
  const cards = Array.from(
    { length: 3 + r.int(30) },
    (_, i) => `<li class="product-card"><a href="/products/p-${i}"><img src="/i/${i}.jpg" alt=""></a><h3>Item ${i}</h3><span data-sku="S-${i}">$${i}.00</span>${r.chance(0.3) ? cartForm(r) : ''}</li>`,
  );
  return `<h1>${r.pick(['Shirts', 'Search results for "tee"', 'New in'])}</h1><ul class="product-grid">${cards.join('')}</ul>`;
}

function article(r: Rng): string {
  return `<article><h1>${r.pick(['10 rain jackets we love', 'How to wash linen'])}</h1><p>${'We tried the Linen Shirt (SKU: LS-1001) and more. '.repeat(1 + r.int(20))}</p>${r.chance(0.5) ? microdata(r, 'blog.example') : ''}</article>`;
}

/** Pages that are hard by their shape rather than their values (the 5 MB ones are in the benchmark). */
function heavy(r: Rng, host: string): string {
  switch (r.int(6)) {
    case 0:
      return `${'<div>'.repeat(200 + r.int(500))}${microdata(r, host)}${'</div>'.repeat(r.int(700))}`;
    case 1:
      return Array.from({ length: 30 + r.int(30) }, () => jsonLd(r, host)).join('');
    case 2:
      return `<p>${'SKU: '.repeat(500 + r.int(2000))}</p>`;
    case 3:
      return Array.from({ length: 20 + r.int(60) }, () => microdata(r, host)).join('');
    case 4:
      return `<div data-product_variations="${'&quot;['.repeat(2000)}"></div>${cartForm(r)}`;
    default:
      return `<script>${'dataLayer.push({a:['.repeat(300)}</script>${jsonLd(r, host)}`;
  }
}

const SPLICES = [
  '<script type="application/ld+json">', '</script>', '<script>', '{', '}', '[', ']', '"', "'", '<!--', '-->', '<![CDATA[', ']]>',
  '<template>', '</template>', '<svg>', '<math>', '<table>', '<form>', '</form>', '<select>', '\u0000', '\ufeff', '&', '&#', '&#x110000;',
  '<div itemscope itemtype="https://schema.org/Product">', '<span itemprop="sku">', '</div>', '"sku":', '"@type":"Product"', 'SKU: ',
];

/** Cuts, doubles and splices the serialised page, as broken templates and truncated responses do. */
function mutate(r: Rng, html: string): string {
  let out = html;
  for (let n = 1 + r.int(5); n > 0; n--) {
    const at = r.int(out.length + 1);
    const length = r.int(400);
    switch (r.int(5)) {
      case 0:
        out = out.slice(0, at) + out.slice(at + length);
        break;
      case 1:
        out = out.slice(0, at) + out.slice(at, at + length).repeat(2 + r.int(3)) + out.slice(at);
        break;
      case 2:
        out = out.slice(0, at) + r.pick(SPLICES) + out.slice(at);
        break;
      case 3:
        out = out.slice(0, at);
        break;
      default:
        out = out.slice(0, at) + out.slice(at, at + length).toUpperCase() + out.slice(at + length);
    }
  }
  return out;
}

function urlFor(r: Rng, host: string): string {
  return r.pick([
    `https://${host}/products/linen-shirt`,
    `https://${host}/products/linen-shirt?variant=${r.int(1e14)}`,
    `https://${host}/product/organic-tee/?attribute_pa_color=blue`,
    `https://${host}/dp/B0C7XYZ123`,
    `https://${host}/p/25519318M.html`,
    `https://${host}/collections/shirts`,
    `https://${host}/search?q=%E0%A4%A`,
    `https://${host}/${'seg/'.repeat(200)}item-1.html`,
    `http://${host}:8080/p?sku=${encodeURIComponent(String(idValue(r)))}`,
    'about:blank',
    'not a url',
    '',
  ]);
}

const SELECTORS = ['h1', '.sku', '[data-sku]', 'span', '#missing', '[[[', 'div:has(', 'p:nth-child(2n+1) > span', '*', ':scope > *', 'a[href^="/p"]'];
const REGEXES = ['(\\d+)', '([A-Z0-9-]+)', 'SKU:\\s*(\\S+)', '(', '[', '(?<sku>\\w+)', '.*', '', '\\', '(a)|(b)', '(?=x)'];

function rulesFor(r: Rng, host: string): SiteRule[] | undefined {
  if (!r.chance(0.25)) return undefined;
  return [
    {
      host: r.chance(0.8) ? host : r.pick(['other.example', '*.example', '']),
      ...(r.chance(0.8) ? { selector: r.pick(SELECTORS) } : {}),
      ...(r.chance(0.6) ? { regex: r.pick(REGEXES) } : {}),
      ...(r.chance(0.3) ? { idKind: r.pick(['sku', 'gtin', 'mpn', 'weird kind']) } : {}),
      ...(r.chance(0.2) ? { skuCatalogName: r.pick(['main', '', 'x'.repeat(70)]) } : {}),
    } as SiteRule,
  ];
}

/** One page for this seed. */
export function generatePage(seed: number): GeneratedPage {
  const r = rng(seed);
  const host = r.pick(HOSTS);
  const head: string[] = [`<title>${r.pick(['Linen Shirt – Shop', 'Shop', ''])}</title>`];
  const body: string[] = [];
  const roll = r.next();
  let kind: string;
  if (roll < 0.6) {
    kind = 'product';
    const sources: (() => void)[] = [
      () => head.push(jsonLd(r, host)),
      () => body.push(microdata(r, host)),
      () => body.push(rdfa(r)),
      () => head.push(meta(r, host)),
      () => body.push(dataLayer(r)),
      () => body.push(cartForm(r)),
      () => body.push(labelledText(r)),
    ];
    for (let n = 1 + r.int(4); n > 0; n--) r.pick(sources)();
    body.unshift(`<h1>${String(textValue(r)).replaceAll('<', '&lt;')}</h1>`);
    if (r.chance(0.2)) body.push(listing(r));
  } else if (roll < 0.75) {
    kind = 'listing';
    body.push(listing(r));
    if (r.chance(0.5)) head.push(jsonLd(r, host));
  } else if (roll < 0.87) {
    kind = 'article';
    body.push(article(r));
  } else if (roll < 0.93) {
    kind = 'heavy';
    body.push(heavy(r, host));
  } else {
    kind = 'noise';
    body.push(Array.from({ length: r.int(500) }, () => String.fromCharCode(r.int(0x3000))).join(''));
  }
  let html = `<!doctype html><html lang="en"><head><meta charset="utf-8">${head.join('')}</head><body class="${r.pick(['template-product', 'single-product', 'catalog-product-view', 'home', ''])}">${body.join('')}</body></html>`;
  if (r.chance(0.5)) {
    kind += '+mutated';
    html = mutate(r, html);
  }
  return { seed, kind, url: urlFor(r, host), html, rules: rulesFor(r, host) };
}
