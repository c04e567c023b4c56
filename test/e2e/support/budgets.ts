/**
 * What the content scripts may weigh, gzip-compressed (what the browser reads is the raw file, but
 * gzip tracks the code's real size and is how budgets are usually stated). The probe runs on every
 * page the shopper opens; the product UI only on pages where the probe saw a product.
 */
export const contentScriptBudgets = [
  { name: 'probe (every page)', file: 'content-scripts/probe.js', budgetKb: 12 },
  { name: 'product UI (product pages)', file: 'content-scripts/product.js', budgetKb: 40 },
] as const;
