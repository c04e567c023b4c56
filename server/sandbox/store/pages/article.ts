import { CATALOG } from '../../catalog';
import { html, jsonForScript } from '../html';
import { formatPrice, page, productImageUrl } from '../layout';

/**
 * A journal article that talks about products: links, an inline product card with a price and SKU
 * text, and `mentions` of Products inside its BlogPosting JSON-LD. It is an article, not a product
 * page, so a detector must not offer a try-on.
 */

export const ARTICLE_PATH = '/blog/what-to-wear-this-spring';

export function articlePage(origin: string): string {
  const tee = CATALOG.find((item) => item.sku === 'NWB-TEE-NAVY-M')!;
  const coat = CATALOG.find((item) => item.sku === 'OG-COAT-CAMEL')!;
  const skirt = CATALOG.find((item) => item.sku === 'SPA-PLEAT-SKIRT-ROSE')!;
  const posting = {
    '@context': 'https://schema.org',
    '@type': 'BlogPosting',
    headline: 'What to wear this spring',
    datePublished: '2026-03-02',
    author: { '@type': 'Person', name: 'Mira Holt' },
    image: productImageUrl(origin, coat.sku),
    mentions: [tee, coat, skirt].map((item) => ({
      '@type': 'Product',
      name: item.name,
      sku: item.sku,
      url: `${origin}${item.page}`,
    })),
  };
  const head = html`
<meta property="og:type" content="article">
<meta property="og:title" content="What to wear this spring">
<meta property="article:published_time" content="2026-03-02T09:00:00Z">
<script type="application/ld+json">${jsonForScript(posting)}</script>`;
  const body = html`
<main>
<article class="post">
  <h1>What to wear this spring</h1>
  <p class="muted">By Mira Holt · 2 March 2026</p>
  <p>Spring layering starts with a good tee. Our editor's pick is the <a href="${tee.page}">${tee.name}</a>
     (SKU ${tee.sku}), which works under everything from denim to wool.</p>
  <figure class="product-card">
    <img src="${productImageUrl(origin, coat.sku)}" alt="${coat.name}" width="300" height="300">
    <figcaption><strong>${coat.name}</strong> · ${formatPrice(coat)} · <a href="${coat.page}">Shop now</a></figcaption>
  </figure>
  <p>For warmer days, a <a href="${skirt.page}">${skirt.name}</a> in rose brings movement to any outfit.
     Pair it with the tee and white trainers.</p>
  <p>Prices were correct at the time of writing.</p>
</article>
</main>`;
  return page({ title: 'What to wear this spring – Journal', storeName: 'Demo Store Journal', head, body });
}
