import { CATALOG, CATALOG_CHECK_PRODUCTS, type CatalogItem } from '../../catalog';
import { html, jsonForScript } from '../html';
import { formatPrice, page, productImageUrl } from '../layout';

/**
 * Product pages described with schema.org JSON-LD in an `@graph` (Product with offers, sku, brand,
 * and a gtin13 where the product has one) next to a BreadcrumbList, as most modern stores ship them.
 * Also used by the lab page, which renders any SKU a test asks for.
 */

/** The catalog's JSON-LD pages; the catalog-check products have theirs too, listed apart on the home page. */
export function jsonLdItems(): CatalogItem[] {
  return CATALOG.filter((item) => item.page.startsWith('/jsonld/'));
}

export function catalogCheckItems(): CatalogItem[] {
  return Object.values(CATALOG_CHECK_PRODUCTS);
}

export function productJsonLd(origin: string, item: CatalogItem, pageUrl: string) {
  const gtin = item.gtin;
  return {
    '@context': 'https://schema.org',
    '@graph': [
      {
        '@type': 'BreadcrumbList',
        itemListElement: [
          { '@type': 'ListItem', position: 1, name: 'Home', item: `${origin}/` },
          { '@type': 'ListItem', position: 2, name: 'Shop all', item: `${origin}/category/all` },
          { '@type': 'ListItem', position: 3, name: item.name, item: pageUrl },
        ],
      },
      {
        '@type': 'Product',
        '@id': `${pageUrl}#product`,
        name: item.name,
        sku: item.sku,
        ...(gtin ? { gtin13: gtin } : {}),
        description: item.description,
        image: [productImageUrl(origin, item.sku)],
        brand: { '@type': 'Brand', name: item.brand },
        color: item.colorName,
        offers: {
          '@type': 'Offer',
          url: pageUrl,
          price: item.price,
          priceCurrency: item.currency,
          availability: 'https://schema.org/InStock',
          itemCondition: 'https://schema.org/NewCondition',
        },
      },
    ],
  };
}

export function jsonLdProductPage(origin: string, item: CatalogItem, pagePath: string, storeName = item.brand): string {
  const pageUrl = `${origin}${pagePath}`;
  const head = html`
<link rel="canonical" href="${pageUrl}">
<meta property="og:type" content="product">
<meta property="og:title" content="${item.name}">
<meta property="og:image" content="${productImageUrl(origin, item.sku)}">
<script type="application/ld+json">${jsonForScript(productJsonLd(origin, item, pageUrl), 2)}</script>`;
  const body = html`
<main>
<div class="product-layout">
  <img src="${productImageUrl(origin, item.sku)}" alt="${item.name}" width="600" height="600">
  <div>
    <p class="muted">${item.brand}</p>
    <h1>${item.name}</h1>
    <p class="price">${formatPrice(item)}</p>
    <p>${item.description}</p>
    <p class="muted">Colour: ${item.colorName}</p>
    <p><button type="button">Add to basket</button></p>
  </div>
</div>
</main>`;
  return page({ title: `${item.name} – ${storeName}`, storeName, head, body });
}
