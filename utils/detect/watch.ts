import { PageContext, isInsideOtherProducts } from './page';
import type { SiteRule } from './site-rule';

const MAX_TARGETS = 60;
const MAX_RULE_MATCHES = 5;
// Elements whose text or attributes change when the shopper picks another variant.
const SKU_CARRIERS = '[itemprop="sku"],.sku,.product-sku,.product__sku,[data-product-sku],.product-id,#sku,[data-sku],[data-pid],[data-product-id]';

/**
 * Elements a content script can observe (attributes, childList, characterData) to notice a
 * variant change and re-run detection: the main product form's option inputs and selects, the
 * hidden fields that hold the selected variant, the elements that show the SKU, and what the site's
 * rule reads (it overrides every other source). Never the whole page, and never other products' cards.
 */
export function watchTargets(doc: Document, rules: readonly SiteRule[] = []): Element[] {
  const page = new PageContext(doc, '');
  const out = new Set<Element>();
  for (const rule of rules) {
    if (!rule.selector) continue;
    let matches: ArrayLike<Element> = [];
    try {
      matches = doc.querySelectorAll(rule.selector);
    } catch {
      // A broken selector reads nothing (site-rule.ts), so there is nothing of it to watch.
    }
    for (let i = 0; i < matches.length && i < MAX_RULE_MATCHES; i++) out.add(matches[i]!);
  }
  const heading = page.heading();
  const form = page.mainForm();
  if (form) {
    out.add(form);
    const fields = form.querySelectorAll('select,input[type="radio"],input[type="hidden"][name],input[name="id"],input[name="variation_id"]');
    for (let i = 0; i < fields.length && out.size < MAX_TARGETS; i++) {
      const field = fields[i];
      if (field) out.add(field);
    }
  }
  const root = page.productRoot();
  if (root) {
    const carriers = root.querySelectorAll(SKU_CARRIERS);
    for (let i = 0; i < carriers.length && out.size < MAX_TARGETS; i++) {
      const carrier = carriers[i];
      if (carrier && !isInsideOtherProducts(carrier, heading)) out.add(carrier);
    }
  }
  // Some themes rewrite their JSON-LD or variant JSON when the variant changes.
  for (const script of [...page.jsonLdScripts(), ...page.jsonScripts()].slice(0, 10)) if (out.size < MAX_TARGETS) out.add(script);
  return [...out];
}
