import type { PageContext } from './page';
import { readScopedItems, type ItemSyntax } from './scoped-items';
import type { Finding } from './types';

const RDFA: ItemSyntax = {
  source: 'rdfa',
  opensItem: (element) => element.hasAttribute('typeof'),
  anyScopeSelector: '[typeof]',
  typeAttribute: 'typeof',
  propertyAttribute: 'property',
  // Open Graph `<meta property>` tags in the head are not RDFa items; they are read by meta.ts.
  propertySelector: '[property]',
};

/** Reads RDFa Lite: `typeof="schema:Product"` (or "Product" with a vocab) and its `property`s. */
export function readRdfa(page: PageContext): Finding {
  return readScopedItems(page, RDFA);
}
