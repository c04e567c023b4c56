import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { extensionDir } from './support/extension';

/** The probe runs on every page a shopper opens, so its size is a budget the build must keep. */
const PROBE_BUDGET_BYTES = 12 * 1024;

describe('the built probe content script', () => {
  it('stays within 12 KB gzip, and the detector is not in it', () => {
    const manifest = JSON.parse(readFileSync(join(extensionDir, 'manifest.json'), 'utf8')) as { content_scripts?: { js?: string[] }[] };
    const files = (manifest.content_scripts ?? []).flatMap((script) => script.js ?? []);
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const code = readFileSync(join(extensionDir, file));
      expect(gzipSync(code).length, `${file} gzip size`).toBeLessThanOrEqual(PROBE_BUDGET_BYTES);
      // The detector is injected only where the probe sees a product; its readers must not leak into the probe.
      expect(code.toString('utf8')).not.toContain('data-product_variations');
    }
  });
});
