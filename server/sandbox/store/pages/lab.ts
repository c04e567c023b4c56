import { ID_PATTERN } from '../../../token/params';
import { findCatalogItem } from '../../catalog';
import { testSkuItem } from '../../emulator/outcome';
import { html } from '../html';
import { page } from '../layout';
import { jsonLdProductPage } from './json-ld';

/**
 * `/lab/product?sku=<id>`: a JSON-LD product page for any SKU, so end-to-end tests can drive the
 * extension into a chosen end state without restarting the sandbox (e.g. sku=SANDBOX-ABORT-CHILD_DETECTED,
 * sku=SANDBOX-FAIL, or a SKU the catalog does not have).
 */

export const LAB_PATH = '/lab/product';

export function labPage(origin: string, url: URL): { status: number; body: string } {
  const sku = url.searchParams.get('sku') ?? '';
  if (!ID_PATTERN.test(sku)) {
    const body = html`<main><h1>No such lab product</h1><p>Give a SKU of 1-128 letters, digits or _.:@#+/=- as <code>?sku=</code>.</p></main>`;
    return { status: 400, body: page({ title: 'Lab', storeName: 'Sandbox Lab', body }) };
  }
  const item = findCatalogItem(sku) ?? { ...testSkuItem(sku), name: `Lab product ${sku}` };
  const path = `${LAB_PATH}?sku=${encodeURIComponent(sku)}`;
  return { status: 200, body: jsonLdProductPage(origin, { ...item, sku }, path, 'Sandbox Lab') };
}
