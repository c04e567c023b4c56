import type { PageContext } from './page';
import { elementValue, isInsideOtherProducts } from './page';
import { ARTICLE_TYPES, ID_PROPERTIES, LISTING_TYPES, PRODUCT_TYPES, VARIANT_PROPERTIES, hasType, typeNames } from './schema-org';
import { absoluteUrl, cleanText, normalizeForKind } from './text';
import { emptyFinding, MAX_IMAGES, type Candidate, type Finding, type Variant } from './types';
import { followingText, ownText, readLabelLine, textId } from './labelled-text';

/**
 * Microdata (itemscope/itemtype/itemprop) and RDFa (typeof/property) describe items the same way:
 * an element opens an item and descendants carry its properties, until a nested item takes over.
 * This reader serves both, configured by attribute names.
 */
export interface ItemSyntax {
  source: string;
  /** Whether an element found by `[itemtype],[typeof]` opens an item in this syntax. */
  opensItem: (element: Element) => boolean;
  /** Selector for any element that opens an item (typed or not), to find a property's owner. */
  anyScopeSelector: string;
  typeAttribute: string;
  propertyAttribute: string;
  propertySelector: string;
}

const MAX_SCOPES = 300;
const MAX_OWN_PRICES = 4;
const MAX_PROPERTIES = 400;

interface Scope {
  element: Element;
  types: string[];
}

export function readScopedItems(page: PageContext, syntax: ItemSyntax): Finding {
  const finding = emptyFinding(syntax.source);
  const scopes: Scope[] = [];
  for (const element of page.typedItems()) {
    if (scopes.length >= MAX_SCOPES) break;
    if (syntax.opensItem(element)) scopes.push({ element, types: typeNames(element.getAttribute(syntax.typeAttribute)) });
  }
  if (scopes.length === 0) return finding;

  const topProducts: Scope[] = [];
  let firstName: string | undefined;
  const heading = page.heading();
  for (const scope of scopes) {
    const product = hasType(scope.types, PRODUCT_TYPES);
    // Ratings, offers, breadcrumbs and the like say nothing here: only these three need their enclosing items.
    if (!product && !hasType(scope.types, LISTING_TYPES) && !hasType(scope.types, ARTICLE_TYPES)) continue;
    const outer = outerTypes(scope.element, syntax);
    const nested = hasType(outer, PRODUCT_TYPES) || hasType(outer, ARTICLE_TYPES) || hasType(outer, LISTING_TYPES);
    if (product) {
      // Related-product carousels and tiles mark up their products too; they are not this page's.
      if (nested || isInsideOtherProducts(scope.element, heading)) continue;
      topProducts.push(scope);
      // Two products with different names: a listing, whatever else the page holds.
      const name = itemName(scope.element, syntax);
      if (firstName === undefined) firstName = name;
      else if (!name || name !== firstName) {
        finding.signals.push({ verdict: 'listing', strength: 2, reason: `${syntax.source} several products` });
        return finding;
      }
    } else if (hasType(scope.types, LISTING_TYPES) && !nested) {
      finding.signals.push({ verdict: 'listing', strength: 2, reason: `${syntax.source} ${scope.types.join(',')}` });
    } else if (hasType(scope.types, ARTICLE_TYPES) && !hasType(outer, PRODUCT_TYPES)) {
      finding.signals.push({ verdict: 'article', strength: 2, reason: `${syntax.source} ${scope.types.join(',')}` });
    }
  }
  const first = topProducts[0];
  if (!first) return finding;

  const main = readItem(first.element, syntax, page.href);
  // A "product" without an id that carries the prices of many others is a category wrapped in one item.
  if (main.ownPrices > MAX_OWN_PRICES && main.ids.length === 0) {
    finding.signals.push({ verdict: 'listing', strength: 2, reason: `${syntax.source} product with ${main.ownPrices} prices` });
    return finding;
  }
  finding.signals.push({ verdict: 'product', strength: main.hasOffer || main.ids.length > 0 ? 2 : 1, reason: `${syntax.source} product` });
  finding.ids.push(...main.ids);
  if (main.offers.length === 1) finding.ids.push(...(main.offers[0]?.ids ?? []));
  else finding.variants.push(...main.offers);
  finding.facts = { name: main.name || undefined, brand: main.brand || undefined, image: main.images[0] };
  finding.images = main.images;
  return finding;
}

/** The item's own name (lower case), '' when it has none. */
function itemName(scope: Element, syntax: ItemSyntax): string {
  const names = scope.querySelectorAll(`[${syntax.propertyAttribute}~="name"],[${syntax.propertyAttribute}~="schema:name"]`);
  for (let i = 0; i < names.length && i < 5; i++) {
    const element = names[i];
    if (element && ownerOf(element, syntax) === scope) return cleanText(elementValue(element)).toLowerCase();
  }
  return '';
}

/** Types of the items enclosing this one (nearest first, at most three). */
function outerTypes(element: Element, syntax: ItemSyntax): string[] {
  const out: string[] = [];
  let node = element.parentElement?.closest(syntax.anyScopeSelector) ?? null;
  for (let i = 0; node && i < 3; i++) {
    out.push(...typeNames(node.getAttribute(syntax.typeAttribute)));
    node = node.parentElement?.closest(syntax.anyScopeSelector) ?? null;
  }
  return out;
}

interface Item {
  element: Element;
  name: string;
  brand: string;
  images: string[];
  ids: Candidate[];
  offers: Variant[];
  /** Has an Offer (a price range alone, AggregateOffer, does not count). */
  hasOffer: boolean;
  ownPrices: number;
}

function readItem(scope: Element, syntax: ItemSyntax, base: string): Item {
  const item: Item = { element: scope, name: '', brand: '', images: [], ids: [], offers: [], hasOffer: false, ownPrices: 0 };
  const offerScopes = new Map<Element, Variant>();
  // Whether a nested item is one of this item's offers; an offer has several properties, asked once.
  const isOwnOffer = new Map<Element, boolean>();
  const properties = scope.querySelectorAll(syntax.propertySelector);
  for (let i = 0; i < properties.length && i < MAX_PROPERTIES; i++) {
    const element = properties[i];
    if (!element) continue;
    const owner = ownerOf(element, syntax);
    if (!owner) continue;
    if (owner === scope) {
      for (const name of typeNames(element.getAttribute(syntax.propertyAttribute))) readProductProperty(item, name, element, syntax, base);
      continue;
    }
    let offerOfItem = isOwnOffer.get(owner);
    if (offerOfItem === undefined) {
      offerOfItem = ownerOf(owner, syntax) === scope && isOfferScope(owner, syntax);
      isOwnOffer.set(owner, offerOfItem);
    }
    if (offerOfItem) {
      let offer = offerScopes.get(owner);
      if (!offer) {
        offer = { keys: [], ids: [], attributes: {} };
        offerScopes.set(owner, offer);
        if (!typeNames(owner.getAttribute(syntax.typeAttribute)).includes('aggregateoffer')) item.hasOffer = true;
      }
      for (const name of typeNames(element.getAttribute(syntax.propertyAttribute))) readOfferProperty(offer, name, element, base, syntax.source);
    }
  }
  const offers = [...offerScopes.values()];
  item.offers = offers.length > 1 ? offers.filter((o) => o.ids.length > 0).map((o) => ({ ...o, ids: o.ids.map((c) => ({ ...c, ofVariant: true })) })) : offers;
  return item;
}

/** The item an element's property belongs to: an element that opens an item is a property of the item around it. */
function ownerOf(element: Element, syntax: ItemSyntax): Element | null {
  const opens = element.hasAttribute(syntax.typeAttribute) || element.hasAttribute('itemscope');
  const from = opens ? element.parentElement : element;
  return from?.closest(syntax.anyScopeSelector) ?? null;
}

function isOfferScope(element: Element, syntax: ItemSyntax): boolean {
  const types = typeNames(element.getAttribute(syntax.typeAttribute));
  return types.includes('offer') || types.includes('aggregateoffer') || typeNames(element.getAttribute(syntax.propertyAttribute)).includes('offers');
}

function readProductProperty(item: Item, name: string, element: Element, syntax: ItemSyntax, base: string): void {
  const kind = ID_PROPERTIES[name];
  if (kind) {
    const value = normalizeForKind(kind, elementValue(element)) || valueAfterLabel(kind, element);
    if (value) item.ids.push({ kind, value, source: syntax.source });
  } else if (name === 'offers') {
    if (!typeNames(element.getAttribute(syntax.typeAttribute)).includes('aggregateoffer')) item.hasOffer = true;
  } else if (name === 'price') {
    item.ownPrices++;
  } else if (name === 'name' && !item.name) {
    item.name = cleanText(elementValue(element));
  } else if ((name === 'brand' || name === 'manufacturer') && !item.brand) {
    item.brand = brandText(element, syntax);
  } else if (name === 'image' && item.images.length < MAX_IMAGES) {
    const image = absoluteUrl(urlValue(element), base);
    if (image && !item.images.includes(image)) item.images.push(image);
  }
}

/**
 * Broken markup puts the itemprop on the label (`<span itemprop="sku">SKU:</span> 4711`): when the
 * property holds only a label, the id is the text that follows it.
 */
function valueAfterLabel(kind: string, element: Element): string {
  if (element.hasAttribute('content') || element.firstElementChild) return '';
  const line = readLabelLine(ownText(element));
  return line && !line.rest ? textId(kind, followingText(element)) : '';
}

function readOfferProperty(offer: Variant, name: string, element: Element, base: string, source: string): void {
  const kind = ID_PROPERTIES[name];
  if (kind) {
    const value = normalizeForKind(kind, elementValue(element));
    if (value) offer.ids.push({ kind, value, source });
  } else if (name === 'url') {
    const url = absoluteUrl(urlValue(element), base);
    if (url) offer.keys.push(url);
  } else if (VARIANT_PROPERTIES.includes(name) && offer.attributes) {
    const value = cleanText(elementValue(element), 80);
    if (value) {
      offer.attributes[name] = value.toLowerCase();
      offer.label = offer.label ? `${offer.label} / ${value}` : value;
    }
  }
}

function brandText(element: Element, syntax: ItemSyntax): string {
  if (element.hasAttribute(syntax.typeAttribute) || element.hasAttribute('itemscope')) {
    const name = element.querySelector(`[${syntax.propertyAttribute}~="name"],[${syntax.propertyAttribute}~="schema:name"]`);
    if (name) return cleanText(elementValue(name), 120);
  }
  return cleanText(elementValue(element), 120);
}

function urlValue(element: Element): string {
  return (
    element.getAttribute('content') ??
    element.getAttribute('href') ??
    element.getAttribute('src') ??
    element.getAttribute('data-src') ??
    element.getAttribute('resource') ??
    element.textContent ??
    ''
  );
}
