import type { PageContext } from './page';
import { readScopedItems, type ItemSyntax } from './scoped-items';
import type { Finding } from './types';

const MICRODATA: ItemSyntax = {
  source: 'microdata',
  opensItem: (element) => element.hasAttribute('itemscope') && element.hasAttribute('itemtype'),
  anyScopeSelector: '[itemscope]',
  typeAttribute: 'itemtype',
  propertyAttribute: 'itemprop',
  propertySelector: '[itemprop]',
};

/** Reads HTML microdata: `itemscope itemtype=".../Product"` and its `itemprop`s (sku, gtin*, mpn, productID). */
export function readMicrodata(page: PageContext): Finding {
  return readScopedItems(page, MICRODATA);
}
