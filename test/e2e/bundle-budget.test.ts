import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { extensionDir } from './support/extension';
import { contentScriptBudgets } from './support/budgets';

/**
 * The built content scripts stay within their budgets: the probe within 12 KB gzip, the product UI
 * within 40 KB gzip. Reads the production build that `npm run test:e2e` makes first.
 */
const gzipKb = (file: string) => gzipSync(readFileSync(join(extensionDir, file)), { level: 9 }).length / 1024;

describe('content script sizes', () => {
  it.each(contentScriptBudgets)('$name: $file is within $budgetKb KB gzip', ({ file, budgetKb }) => {
    expect(existsSync(join(extensionDir, file)), `${file} is missing from the build`).toBe(true);
    expect(gzipKb(file)).toBeLessThanOrEqual(budgetKb);
  });

  it('keeps the schema library out of the probe, which every page pays for', () => {
    // zod's parsers carry this marker in their built code; the product UI has it, the probe must not.
    expect(readFileSync(join(extensionDir, 'content-scripts/product.js'), 'utf8')).toContain('_zod');
    expect(readFileSync(join(extensionDir, 'content-scripts/probe.js'), 'utf8')).not.toContain('_zod');
  });

  it('keeps the detector out of the probe: it is injected only where the probe sees a product', () => {
    // An attribute only the detector's form reader looks up: in the product UI, never in the probe.
    expect(readFileSync(join(extensionDir, 'content-scripts/product.js'), 'utf8')).toContain('data-product_variations');
    expect(readFileSync(join(extensionDir, 'content-scripts/probe.js'), 'utf8')).not.toContain('data-product_variations');
  });
});
