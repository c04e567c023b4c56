import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { chromiumPath, corpusDir, runCorpus, scoreCorpus, summaryLine } from './corpus';

/**
 * Detection on real saved store pages (../shared/corpus, or CORPUS_DIR): the corpus scorer's rule,
 * in Chromium with JavaScript off. The pages belong to their sites and are not part of the project,
 * so on a fresh clone this test is skipped. The floors are the rates the detector reaches today:
 * a change that makes it worse on real pages fails here.
 */

/** Every product page's chosen sku is an accepted id (an empty sku where the page has none). */
const MIN_HIT_RATE = 1;
/** Every product page has an accepted id somewhere among its candidates. */
const MIN_CANDIDATE_RATE = 1;

const dir = corpusDir();
const ready = dir !== undefined && existsSync(chromiumPath);
if (!ready) {
  console.info(
    dir === undefined
      ? 'corpus test skipped: no corpus at ../shared/corpus next to the project (set CORPUS_DIR to point at one)'
      : `corpus test skipped: no Chromium at ${chromiumPath} (set CHROMIUM_PATH)`,
  );
}

describe.skipIf(!ready)('detection on the real-page corpus', () => {
  it('picks the store id on product pages, reports nothing on other pages, and the probe lets every product through', { timeout: 900_000 }, async () => {
    const score = scoreCorpus(await runCorpus(dir!));
    console.info(`corpus: ${summaryLine(score)}${score.misses.length ? `\n  ${score.misses.join('\n  ')}` : ''}`);
    expect(score.errors).toBe(0);
    expect(score.productPages).toBeGreaterThan(0);
    expect(score.hits / score.productPages).toBeGreaterThanOrEqual(MIN_HIT_RATE);
    expect(score.candidateHits / score.productPages).toBeGreaterThanOrEqual(MIN_CANDIDATE_RATE);
    expect(score.falsePositives).toBe(0);
    expect(score.probeMisses).toBe(0);
  });
});
