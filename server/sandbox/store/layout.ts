import type { CatalogItem } from '../catalog';
import { html, unsafeHtml, type Html } from './html';

/** What every demo page shares: the document shell, a store header and a little CSS. */

export interface PageOptions {
  title: string;
  /** Extra markup for `<head>`: meta tags, structured data, platform scripts. */
  head?: Html;
  bodyAttributes?: Html;
  /** Store name shown in the header; each imitated platform gets its own. */
  storeName: string;
  body: Html;
  lang?: string;
}

const STYLE = `
  body { font: 16px/1.5 system-ui, sans-serif; margin: 0; color: #222; background: #fafafa; }
  .store-header { display: flex; gap: 1.5rem; align-items: center; padding: .75rem 1.5rem; background: #fff; border-bottom: 1px solid #e5e5e5; }
  .store-header a { color: inherit; text-decoration: none; }
  .store-name { font-weight: 700; font-size: 1.2rem; }
  main { max-width: 1100px; margin: 0 auto; padding: 1.5rem; }
  .product-layout { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 2rem; align-items: start; }
  .product-layout img { width: 100%; height: auto; border-radius: 6px; background: #eee; }
  button, .button { font: inherit; padding: .6rem 1.2rem; border: 0; border-radius: 4px; background: #222; color: #fff; cursor: pointer; }
  .grid { list-style: none; padding: 0; display: grid; grid-template-columns: repeat(auto-fill, minmax(180px, 1fr)); gap: 1rem; }
  .grid img { width: 100%; height: auto; border-radius: 4px; background: #eee; }
  .grid a { color: inherit; text-decoration: none; }
  .price { font-size: 1.25rem; font-weight: 600; }
  .muted { color: #666; font-size: .9rem; }
  fieldset { border: 0; padding: 0; margin: 0 0 1rem; }
  fieldset label { display: inline-block; margin-right: .5rem; }
  .sandbox-note { font-size: .8rem; color: #777; border-top: 1px solid #e5e5e5; margin-top: 3rem; padding: 1rem 1.5rem; }
`;

export function page(options: PageOptions): string {
  const document = html`<!doctype html>
<html lang="${options.lang ?? 'en'}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${options.title}</title>
<style>${unsafeHtml(STYLE)}</style>
${options.head}
</head>
<body ${options.bodyAttributes}>
<header class="store-header"><a class="store-name" href="/">${options.storeName}</a><a href="/category/all">Shop all</a><a href="/blog/what-to-wear-this-spring">Journal</a></header>
${options.body}
<footer class="sandbox-note">Demo store of the try-on sandbox. Products, prices and pictures are made up.</footer>
</body>
</html>
`;
  return document.value;
}

export function productImagePath(sku: string): string {
  return `/assets/products/${encodeURIComponent(sku)}.png`;
}

export function productImageUrl(origin: string, sku: string): string {
  return `${origin}${productImagePath(sku)}`;
}

export function formatPrice(item: Pick<CatalogItem, 'price' | 'currency'>): string {
  return item.currency === 'EUR' ? `€${item.price}` : `$${item.price}`;
}
