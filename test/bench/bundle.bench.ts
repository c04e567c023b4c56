import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { Window } from 'happy-dom';
import { bench, describe } from 'vitest';
import { mightBeProductPage } from '@/utils/detect/prefilter';
import { contentScriptBudgets } from '../e2e/support/budgets';

/**
 * What each page pays for the extension: the probe content script runs on every page, the product UI
 * only where the probe sees a product. Sizes are of the production build `npm run bench` makes first.
 */
const output = resolve(import.meta.dirname, '../../.output/chrome-mv3');

function gzipKb(file: string): number {
  return gzipSync(readFileSync(join(output, file)), { level: 9 }).length / 1024;
}

if (existsSync(output)) {
  const chunks = readdirSync(join(output, 'chunks')).filter((name) => name.endsWith('.js'));
  const rows: [string, string][] = [
    ...contentScriptBudgets.map(({ name, file }): [string, string] => [`content script, ${name}`, file]),
    ['background worker', 'background.js'],
    ...chunks.map((name): [string, string] => [`extension page chunk ${name}`, `chunks/${name}`]),
  ];
  console.log(
    [
      ...rows.map(([label, file]) => `bundle ${label.padEnd(48)} ${gzipKb(file).toFixed(1).padStart(6)} KB gzip`),
      ...contentScriptBudgets.map(({ name, file, budgetKb }) => {
        const size = gzipKb(file);
        return `bundle budget ${name}: ${budgetKb} KB gzip, ${size <= budgetKb ? 'within' : 'OVER'} (${size.toFixed(1)} KB)`;
      }),
    ].join('\n'),
  );
} else {
  console.log(`bundle sizes: no build at ${output} (npm run bench builds first)`);
}

const fixtures = resolve(import.meta.dirname, '../fixtures/detect');
const window = new Window({ settings: { disableJavaScriptEvaluation: true, disableJavaScriptFileLoading: true, disableCSSFileLoading: true } });
const parser = new window.DOMParser();
const pages = readdirSync(fixtures)
  .filter((name) => name.endsWith('.html'))
  .map((name) => ({ doc: parser.parseFromString(readFileSync(join(fixtures, name), 'utf8'), 'text/html') as unknown as Document, url: `https://shop.example/${name}` }));

describe('probe (every page)', () => {
  let i = 0;
  bench('mightBeProductPage over the store fixtures, happy-dom', () => {
    const page = pages[i++ % pages.length]!;
    mightBeProductPage(page.doc, page.url);
  });
});
