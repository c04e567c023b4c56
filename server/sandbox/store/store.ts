import type { FetchHandler } from '../../token/http';
import { ONBOARDING_STORE_HOST, type CatalogItem } from '../catalog';
import { findAsset } from './assets';
import { html } from './html';
import { page } from './layout';
import { ARTICLE_PATH, articlePage } from './pages/article';
import { CATEGORY_PATH, categoryPage } from './pages/category';
import { DATA_LAYER_PATH, dataLayerProductPage } from './pages/data-layer';
import { indexPage, type SandboxInfo } from './pages/index-page';
import { catalogCheckItems, jsonLdItems, jsonLdProductPage } from './pages/json-ld';
import { LAB_PATH, labPage } from './pages/lab';
import { MAGENTO_PATH, magentoProductPage } from './pages/magento';
import { OPENGRAPH_PATH, openGraphProductPage } from './pages/opengraph';
import { SHOPIFY_PATH, shopifyProductJs, shopifyProductJson, shopifyProductPage } from './pages/shopify';
import { SPA_PREFIX, spaShell } from './pages/spa';
import { WOO_PATH, wooProductPage } from './pages/woocommerce';

/** The demo store: product pages imitating real platforms, two pages that are not product pages, assets. */

function htmlResponse(body: string, status = 200): Response {
  return new Response(body, {
    status,
    headers: { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' },
  });
}

function jsonResponse(body: unknown): Response {
  return new Response(JSON.stringify(body), { headers: { 'Content-Type': 'application/json; charset=utf-8' } });
}

function notFound(): Response {
  const body = html`<main><h1>Page not found</h1><p><a href="/">Back to the store</a></p></main>`;
  return htmlResponse(page({ title: 'Not found', storeName: 'Sandbox Store', body }), 404);
}

export function createStore(info?: SandboxInfo): FetchHandler {
  return async (request: Request) => {
    const url = new URL(request.url);
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      // Add-to-cart forms post here; the demo store has no cart.
      return new Response('The demo store has no cart.', { status: 405, headers: { Allow: 'GET, HEAD' } });
    }
    const origin = url.origin;
    const path = url.pathname;
    if (path.startsWith('/assets/')) {
      const asset = findAsset(path);
      if (!asset) return new Response('Not found', { status: 404 });
      return new Response(asset.bytes, {
        headers: { 'Content-Type': asset.contentType, 'Cache-Control': 'public, max-age=3600', 'Access-Control-Allow-Origin': '*' },
      });
    }
    switch (path) {
      case '/':
        return htmlResponse(indexPage(info, storeOrigins(url, info)));
      case SHOPIFY_PATH:
        return htmlResponse(shopifyProductPage(origin, url));
      case `${SHOPIFY_PATH}.js`:
        return jsonResponse(shopifyProductJs(origin));
      case `${SHOPIFY_PATH}.json`:
        return jsonResponse(shopifyProductJson(origin));
      case WOO_PATH:
        return htmlResponse(wooProductPage(origin));
      case MAGENTO_PATH:
        return htmlResponse(magentoProductPage(origin));
      case OPENGRAPH_PATH:
        return htmlResponse(openGraphProductPage(origin));
      case DATA_LAYER_PATH:
        return htmlResponse(dataLayerProductPage(origin));
      case CATEGORY_PATH:
        return htmlResponse(categoryPage(origin));
      case ARTICLE_PATH:
        return htmlResponse(articlePage(origin));
      case LAB_PATH: {
        const lab = labPage(origin, url);
        return htmlResponse(lab.body, lab.status);
      }
      case '/favicon.ico':
        return new Response(null, { status: 204 });
    }
    if (path === '/spa' || path.startsWith(SPA_PREFIX)) return htmlResponse(spaShell(origin));
    const jsonLd = jsonLdItems().find((item) => item.page === path);
    if (jsonLd) return htmlResponse(jsonLdProductPage(origin, jsonLd, path));
    const checked = catalogCheckItems().find((item) => item.page === path);
    if (checked) {
      // Each of these lives on one host, as products of two stores would; the other host points there.
      const home = storeOrigins(url, info)[checked.host ?? 'main'];
      if (home !== origin) return new Response(null, { status: 308, headers: { Location: `${home}${path}` } });
      return htmlResponse(jsonLdProductPage(origin, checked, path));
    }
    return notFound();
  };
}

/** The origins of the store's two hosts, on the port this request came to. */
export function storeOrigins(url: URL, info?: SandboxInfo): Record<NonNullable<CatalogItem['host']>, string> {
  return {
    main: info?.storeUrl ?? `http://127.0.0.1:${url.port}`,
    onboarding: `http://${ONBOARDING_STORE_HOST}:${url.port}`,
  };
}
