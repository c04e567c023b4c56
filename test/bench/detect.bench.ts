import { readFileSync } from 'node:fs';
import { Window } from 'happy-dom';
import { bench, describe } from 'vitest';
import { detectProduct } from '@/utils/detect';

/**
 * Detection cost on real-world-sized pages. Store fixtures are inflated to 1–2 MB the way real
 * pages are heavy: analytics and app-state scripts, inline CSS, mega-menus, SVG sprites, product
 * carousels. Parsing is outside the timings; only detectProduct is measured.
 *
 * happy-dom caches query results until the document changes, so two figures are printed:
 * "repeat" (the same unchanged page again, as when the content script re-checks) and "cold"
 * (a mutation before every run empties happy-dom's caches, so every query walks the tree in JS).
 */

const FIXTURES: [string, string][] = [
  ['shopify-dawn-product.html', 'https://aurora-apparel.example/products/linen-shirt?variant=44002'],
  ['shopify-legacy-product.html', 'https://northfield.example/products/wool-beanie'],
  ['woocommerce-simple.html', 'https://mapleandpine.example/product/hooded-sweatshirt/'],
  ['woocommerce-variable.html', 'https://fernhill.example/product/organic-tee/?attribute_pa_color=blue&attribute_pa_size=l'],
  ['magento2-product.html', 'https://luma.example/chaz-kangeroo-hoodie.html'],
  ['sfcc-product.html', 'https://www.harborco.example/en-us/relaxed-denim-jacket/25519318M.html'],
  ['bigcommerce-product.html', 'https://halyard.example/oxford-shirt/'],
  ['amazon-product.html', 'https://www.amazon.com/Summit-Trail-Runner-Running-Slate/dp/B0C7XYZ123'],
  ['custom-labelled.html', 'https://www.modehaus-beispiel.de/damen/regenjacke-nova'],
  ['custom-jsonld-messy.html', 'https://peakgear.example/packs/trail-backpack-28'],
  ['next-state.html', 'https://woolly.example/p/merino-crew-sock'],
  ['microdata-related.html', 'https://tannerrow.example/leather-belt'],
  ['shopify-collection.html', 'https://aurora-apparel.example/collections/shirts'],
  ['woocommerce-shop.html', 'https://mapleandpine.example/product-category/hoodies/'],
  ['blog-article.html', 'https://outdoorjournal.example/2024/10/rain-jackets'],
  ['search-results.html', 'https://bluelantern.example/search?q=linen+dress'],
];

function fixture(name: string): string {
  return readFileSync(new URL(`../fixtures/detect/${name}`, import.meta.url), 'utf8');
}

function push(parts: string[], part: string): number {
  parts.push(part);
  return part.length + 1;
}

/** Deterministic filler, so every run measures the same pages. */
function filler(seed: number) {
  let n = seed;
  const next = () => (n = (n * 1103515245 + 12345) % 2147483648);
  const word = () => `w${(next() % 5000).toString(36)}`;
  return {
    analytics: (kb: number) => {
      const parts: string[] = ['(function(){var t=window,e=document;'];
      for (let length = 0; length < kb * 1024; ) length += push(parts, `function ${word()}(a,b){return a&&b?"${word()}"+a[${next() % 9}]:t.${word()}||e.${word()};}`);
      return `<script>${parts.join('')}})();</script>`;
    },
    state: (kb: number) => {
      const items: string[] = [];
      for (let length = 0; length < kb * 1024; ) length += push(items, `{"id":${next()},"title":"${word()} ${word()}","handle":"${word()}","price":${next() % 10000},"tags":["${word()}","${word()}"]}`);
      return `<script>window.__INITIAL_STATE__ = {"locale":"en","catalog":[${items.join(',')}]};</script>`;
    },
    css: (kb: number) => {
      const rules: string[] = [];
      for (let length = 0; length < kb * 1024; ) length += push(rules, `.${word()}-${word()}{margin:${next() % 40}px;color:#${(next() % 4096).toString(16)}}`);
      return `<style>${rules.join('')}</style>`;
    },
    menu: (links: number) => {
      const out: string[] = ['<nav class="mega-menu"><ul>'];
      for (let i = 0; i < links; i++) out.push(`<li class="menu-item"><a href="/collections/${word()}"><span>${word()} ${word()}</span></a></li>`);
      return `${out.join('')}</ul></nav>`;
    },
    sprite: (paths: number) => {
      const out: string[] = ['<svg style="display:none">'];
      for (let i = 0; i < paths; i++) out.push(`<symbol id="i${i}"><path d="M${next() % 99} ${next() % 99}L${next() % 99} ${next() % 99}Z"/></symbol>`);
      return `${out.join('')}</svg>`;
    },
    carousel: (tiles: number) => {
      const out: string[] = ['<section class="recommendations"><div class="product-grid">'];
      for (let i = 0; i < tiles; i++) {
        const id = next();
        out.push(
          `<div class="product-card" data-product-id="${id}" data-sku="SKU-${id}"><a href="/products/${word()}"><img src="/img/${id}.jpg" alt="${word()}"></a>` +
            `<h3 class="card__title">${word()} ${word()}</h3><span class="price">$${next() % 300}.00</span>` +
            `<form action="/cart/add" method="post"><input type="hidden" name="id" value="${id}"><button>Add</button></form></div>`,
        );
      }
      return `${out.join('')}</div></section>`;
    },
    footer: (blocks: number) => {
      const out: string[] = ['<footer class="site-footer">'];
      for (let i = 0; i < blocks; i++) out.push(`<div class="footer-block"><h4>${word()}</h4><p>${Array.from({ length: 30 }, word).join(' ')}</p><ul><li><a href="/pages/${word()}">${word()}</a></li><li><a href="/pages/${word()}">${word()}</a></li></ul></div>`);
      return `${out.join('')}</footer>`;
    },
  };
}

interface Size {
  scriptKb: number;
  stateKb: number;
  cssKb: number;
  links: number;
  paths: number;
  tiles: number;
  footer: number;
}

function inflate(html: string, seed: number, size: Size): string {
  const f = filler(seed);
  const head = f.css(size.cssKb) + f.analytics(size.scriptKb);
  const top = f.sprite(size.paths) + f.menu(size.links);
  const bottom = f.carousel(size.tiles) + f.footer(size.footer) + f.state(size.stateKb) + f.analytics(size.scriptKb / 2);
  return html
    .replace(/<\/head>/i, `${head}</head>`)
    .replace(/<body([^>]*)>/i, `<body$1>${top}`)
    .replace(/<\/body>/i, `${bottom}</body>`);
}

const window = new Window({
  settings: { disableJavaScriptEvaluation: true, disableJavaScriptFileLoading: true, disableCSSFileLoading: true, disableIframePageLoading: true },
});
const parser = new window.DOMParser();

interface Page {
  name: string;
  url: string;
  doc: Document;
  bytes: number;
  nodes: number;
}

function load(name: string, url: string, html: string): Page {
  const doc = parser.parseFromString(html, 'text/html') as unknown as Document;
  return { name, url, doc, bytes: html.length, nodes: doc.getElementsByTagName('*').length };
}

const LARGE: Size = { scriptKb: 420, stateKb: 300, cssKb: 260, links: 700, paths: 900, tiles: 80, footer: 40 };
const pages = FIXTURES.map(([name, url], i) => load(name, url, inflate(fixture(name), i + 1, LARGE)));
const WORST: Size = { scriptKb: 1500, stateKb: 1200, cssKb: 900, links: 2200, paths: 3000, tiles: 300, footer: 120 };
const worst = load('worst case', FIXTURES[0]![1], inflate(fixture(FIXTURES[0]![0]), 99, WORST));

function stats(samples: number[]): string {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
  return `median ${at(0.5).toFixed(3)} ms, p95 ${at(0.95).toFixed(3)} ms, max ${(sorted[sorted.length - 1] ?? NaN).toFixed(3)} ms (n=${sorted.length})`;
}

let mutation = 0;
function emptyCaches(doc: Document): void {
  doc.documentElement.setAttribute('data-bench', String(mutation++));
}

function measure(list: Page[], rounds: number, cold: boolean): number[] {
  const samples: number[] = [];
  for (let r = 0; r < rounds; r++) {
    for (const page of list) {
      if (cold) emptyCaches(page.doc);
      const start = performance.now();
      detectProduct(page.doc, page.url);
      samples.push(performance.now() - start);
    }
  }
  return samples;
}

// Warm up the JIT, then take the figures the budget speaks of.
measure(pages, 3, false);
const sizes = pages.map((p) => p.bytes);
const nodes = pages.map((p) => p.nodes);
console.log(
  `detect bench pages: ${pages.length} pages, ${(Math.min(...sizes) / 1e6).toFixed(2)}–${(Math.max(...sizes) / 1e6).toFixed(2)} MB, ` +
    `${Math.min(...nodes)}–${Math.max(...nodes)} elements; worst case ${(worst.bytes / 1e6).toFixed(2)} MB, ${worst.nodes} elements`,
);
console.log(`detect repeat (same page again):     ${stats(measure(pages, 30, false))}`);
console.log(`detect cold (happy-dom caches empty): ${stats(measure(pages, 5, true))}`);
console.log(`detect worst case repeat:             ${stats(measure([worst], 30, false))}`);
console.log(`detect worst case cold:               ${stats(measure([worst], 5, true))}`);

describe('detectProduct', () => {
  let i = 0;
  bench('large store pages (1–2 MB), repeat', () => {
    const page = pages[i++ % pages.length]!;
    detectProduct(page.doc, page.url);
  });
  bench('large store pages (1–2 MB), cold', () => {
    const page = pages[i++ % pages.length]!;
    emptyCaches(page.doc);
    detectProduct(page.doc, page.url);
  }, { iterations: 20, time: 0 });
  bench('5 MB page, cold', () => {
    emptyCaches(worst.doc);
    detectProduct(worst.doc, worst.url);
  }, { iterations: 5, time: 0 });
});
