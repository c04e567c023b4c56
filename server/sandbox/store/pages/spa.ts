import { CATALOG, type CatalogItem } from '../../catalog';
import { html, jsonForScript, unsafeHtml } from '../html';
import { formatPrice, page, productImageUrl } from '../layout';
import { productJsonLd } from './json-ld';

/**
 * A single-page app: the server sends one shell for every `/spa/...` URL; the client renders the
 * listing or a product from embedded data, and moving between products uses history.pushState and
 * re-renders (after a short simulated data fetch) without reloading. Each product render replaces
 * the JSON-LD in `<head>`, as head managers of SPA frameworks do.
 */

export const SPA_PREFIX = '/spa/';

export function spaItems(): CatalogItem[] {
  return CATALOG.filter((item) => item.page.startsWith('/spa/products/'));
}

export function spaShell(origin: string): string {
  const products = spaItems().map((item) => ({
    path: item.page,
    name: item.name,
    brand: item.brand,
    price: formatPrice(item),
    description: item.description,
    image: productImageUrl(origin, item.sku),
    sku: item.sku,
    jsonLd: productJsonLd(origin, item, `${origin}${item.page}`),
  }));
  const body = html`
<main>
<nav aria-label="Fjordline products" class="muted" id="spa-nav">
  <a href="/spa/" data-spa-link>All Fjordline</a>
  ${products.map((product) => html` · <a href="${product.path}" data-spa-link>${product.name}</a>`)}
</nav>
<div id="app" aria-live="polite"></div>
</main>
<script type="application/json" id="spa-catalog">${jsonForScript(products)}</script>
<script>${unsafeHtml(SPA_SCRIPT)}</script>`;
  return page({ title: 'Fjordline', storeName: 'Fjordline', body });
}

const SPA_SCRIPT = `
(function () {
  var products = JSON.parse(document.getElementById('spa-catalog').textContent);
  var app = document.getElementById('app');
  var renderToken = 0;

  function el(tag, props, children) {
    var node = document.createElement(tag);
    Object.keys(props || {}).forEach(function (key) {
      if (key === 'text') node.textContent = props[key];
      else node.setAttribute(key, props[key]);
    });
    (children || []).forEach(function (child) { node.appendChild(child); });
    return node;
  }

  function setJsonLd(data) {
    var old = document.head.querySelector('script[type="application/ld+json"][data-spa]');
    if (old) old.remove();
    if (!data) return;
    var script = el('script', { type: 'application/ld+json', 'data-spa': '' });
    script.textContent = JSON.stringify(data);
    document.head.appendChild(script);
  }

  function link(path, text) {
    return el('a', { href: path, 'data-spa-link': '', text: text });
  }

  function renderListing() {
    document.title = 'Fjordline – all products';
    setJsonLd(null);
    var list = el('ul', { class: 'grid' }, products.map(function (p) {
      return el('li', {}, [el('a', { href: p.path, 'data-spa-link': '' }, [
        el('img', { src: p.image, alt: '', width: '300', height: '300' }),
        el('span', { text: p.name })
      ]), el('div', { class: 'price', text: p.price })]);
    }));
    app.replaceChildren(el('h1', { text: 'All Fjordline' }), list);
  }

  function renderProduct(product) {
    document.title = product.name + ' – Fjordline';
    setJsonLd(product.jsonLd);
    var others = products.filter(function (p) { return p !== product; });
    app.replaceChildren(el('div', { class: 'product-layout' }, [
      el('img', { src: product.image, alt: product.name, width: '600', height: '600' }),
      el('div', {}, [
        el('p', { class: 'muted', text: product.brand }),
        el('h1', { text: product.name }),
        el('p', { class: 'price', text: product.price }),
        el('p', { text: product.description }),
        el('p', {}, [el('button', { type: 'button', text: 'Add to cart' })]),
        el('p', { class: 'muted' }, [el('span', { text: 'You may also like: ' })].concat(others.map(function (p, i) {
          var a = link(p.path, p.name);
          return i === 0 ? a : el('span', {}, [document.createTextNode(', '), a]);
        })))
      ])
    ]));
  }

  function render() {
    var token = ++renderToken;
    var path = window.location.pathname;
    app.replaceChildren(el('p', { class: 'muted', text: 'Loading…' }));
    // A short wait stands in for the data fetch a real SPA makes before it can render.
    setTimeout(function () {
      if (token !== renderToken) return;
      var product = products.find(function (p) { return p.path === path; });
      if (product) renderProduct(product); else renderListing();
    }, 80);
  }

  document.addEventListener('click', function (event) {
    var target = event.target.closest && event.target.closest('a[data-spa-link]');
    if (!target || event.button !== 0 || event.metaKey || event.ctrlKey) return;
    event.preventDefault();
    if (target.getAttribute('href') === window.location.pathname) return;
    window.history.pushState({}, '', target.getAttribute('href'));
    render();
  });
  window.addEventListener('popstate', render);
  render();
})();
`;
