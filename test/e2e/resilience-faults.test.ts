import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import type { ElementHandle, Page } from 'playwright-core';
import { CATALOG, type LogEntry, type RouteName, type Sandbox } from '../../server/sandbox/index';
import { launchExtension, type LoadedExtension } from './support/extension';
import { startSandboxForExtension } from './support/sandbox';
import {
  acceptedCreates,
  entriesSince,
  lastSeq,
  pressRetry,
  savePhotoWithConsent,
  startButton,
  waitForOutcome,
  type TryOnOutcome,
} from './support/shopper';
import { clickArmed, openPanel } from './support/try-on';

/**
 * Twenty try-ons in a row against a flaky, slow service: one request in five to any endpoint (the
 * emulator's and the token server's) is answered 429, 500 or 503, and every answer is late. Each
 * try-on must end with its picture, and no click may start more than one paid generation.
 *
 * A 500 to a create or an upload is the one failure the extension must not repeat by itself (the
 * server may have started the work before failing), so there the shopper sees "Try again" and
 * presses it, which is a new click. Every other fault has to be ridden out without the shopper.
 */

const TRY_ONS = 20;
const EVERY_ENDPOINT: RouteName[] = ['upload', 'get_uploaded', 'delete_uploaded', 'delete_generated', 'create', 'status', 'models', 'token'];
const FAULTS = { rate429: 0.07, rate500: 0.07, rate503: 0.06, latencyMs: 250, retryAfterSeconds: 1, routes: EVERY_ENDPOINT };
/** Clicks on "Try again" one try-on may need before the test calls the service unusable. */
const MAX_CLICKS = 6;
/**
 * The whole run's time limit. About 70 s on an idle 2-core machine, but every request is late and a
 * 429 waits its Retry-After: under load the suite's default 120 s was within 2x of a passing run, so
 * a slow run timed out with no word of how far it got. Each try-on gets 15 s here.
 */
const RUN_TIMEOUT_MS = TRY_ONS * 15_000;
/**
 * The faults' seed (`SANDBOX_SEED` replays another): with it the first status request is answered
 * 429, so "the poll path was faulted" holds on every run. With a new seed each run, about one run
 * in a hundred drew no fault for any of the ~20 status requests and failed that check.
 */
const FAULT_SEED = 3;

/** One product page per product (the tee's colour variants share a page). */
const productPages = CATALOG.filter(
  (item, index, all) => all.findIndex((other) => other.page.split('?')[0] === item.page.split('?')[0]) === index,
);

interface Click {
  tryOn: number;
  /** From navigating to the product page to a usable Start button (first click only), in ms. */
  readyMs?: number;
  /** From the click to the outcome on screen, in ms. */
  ms: number;
  outcome: TryOnOutcome;
  acceptedCreates: LogEntry[];
  /** What the services answered while this click was being handled. */
  requests: LogEntry[];
}

/** A click's outcome, how long it took, and the requests the services answered meanwhile (faults marked). */
function describeClick(click: Click): string {
  const outcome = click.outcome.kind === 'result' ? 'result' : `${click.outcome.code} (${click.outcome.sentence})`;
  const requests = click.requests.map((entry) => `${entry.route} ${entry.status}${entry.fault ? '!' : ''}`).join(', ');
  const ready = click.readyMs === undefined ? '' : `ready after ${(click.readyMs / 1000).toFixed(1)} s, `;
  return `${ready}${outcome} after ${(click.ms / 1000).toFixed(1)} s [${requests}]`;
}

/** The picture a SUCCESS status answer gave for this operation. */
function generatedImageUrl(sandbox: Sandbox, operationId: string): string | undefined {
  const done = sandbox
    .log()
    .find((entry) => entry.route === 'status' && entry.path.endsWith(`/${operationId}`) && (entry.responseBody as { status?: string })?.status === 'SUCCESS');
  return (done?.responseBody as { generated_images?: { url: string }[] } | undefined)?.generated_images?.[0]?.url;
}

// No retry even in CI: a try-on that only works the second time is the failure this file looks for.
describe('try-ons against a service that fails one request in five', { retry: 0 }, () => {
  let extension: LoadedExtension;
  let sandbox: Sandbox;
  let page: Page;
  const clicks: Click[] = [];

  beforeAll(async () => {
    extension = await launchExtension();
    sandbox = await startSandboxForExtension(extension.worker, { generationMs: 500, seed: process.env.SANDBOX_SEED ? undefined : FAULT_SEED });
    await savePhotoWithConsent(extension, sandbox);
    sandbox.setFaults(FAULTS);
    page = await extension.context.newPage();
  });

  afterAll(async () => {
    await extension?.close();
    await sandbox?.close();
  });

  it(`finishes ${TRY_ONS} consecutive try-ons with a result and never generates twice for one click`, { timeout: RUN_TIMEOUT_MS }, async () => {
    // A failure (a timeout included) says how far the run got and what each click ended with.
    onTestFailed(() => {
      console.error(
        `Progress at failure: ${clicks.length} clicks over ${new Set(clicks.map((click) => click.tryOn)).size} try-ons:\n` +
          clicks.map((click) => `  try-on ${click.tryOn}: ${describeClick(click)}`).join('\n'),
      );
    });
    // A retry of this test starts over: count only what it does itself.
    clicks.length = 0;
    const firstSeq = lastSeq(sandbox);
    const started = Date.now();
    for (let tryOn = 0; tryOn < TRY_ONS; tryOn++) {
      const product = productPages[tryOn % productPages.length]!;
      const loadedAt = Date.now();
      await page.goto(`${sandbox.storeUrl}${product.page}`);
      const panel = await openPanel(page);
      await expect
        .poll(() => startButton(panel).isEnabled({ timeout: 1_000 }).catch(() => false), { timeout: 15_000 })
        .toBe(true)
        .catch(async (error: Error) => {
          const shown = await panel.locator('body').innerText().catch(() => '(panel gone)');
          throw new Error(`try-on ${tryOn}: no usable start button; the panel shows: ${shown}`, { cause: error });
        });
      let outcome: TryOnOutcome | undefined;
      for (let click = 0; click < MAX_CLICKS && outcome?.kind !== 'result'; click++) {
        const before = lastSeq(sandbox);
        const clickedAt = Date.now();
        const readyMs = click === 0 ? clickedAt - loadedAt : undefined;
        let stale: ElementHandle | null = null;
        if (click === 0) await clickArmed(startButton(panel));
        else stale = await pressRetry(panel);
        outcome = await waitForOutcome(panel, 60_000, stale);
        clicks.push({ tryOn, readyMs, ms: Date.now() - clickedAt, outcome, acceptedCreates: acceptedCreates(sandbox, before), requests: entriesSince(sandbox, before) });
        if (outcome.kind === 'error') expect(outcome.action, `try-on ${tryOn}: ${outcome.sentence}`).toBe('retry');
      }
      expect(outcome?.kind, `try-on ${tryOn} of ${product.sku} never showed a result`).toBe('result');
    }
    const seconds = (Date.now() - started) / 1000;

    const faulted = entriesSince(sandbox, firstSeq).filter((entry) => entry.fault);
    const byKind: Record<string, number> = {};
    for (const entry of faulted) byKind[`${entry.fault} ${entry.route}`] = (byKind[`${entry.fault} ${entry.route}`] ?? 0) + 1;
    console.info(
      `${TRY_ONS} try-ons in ${seconds.toFixed(1)} s with ${clicks.length} clicks; ` +
        `${sandbox.log().length} requests, ${faulted.length} faulted: ` +
        Object.entries(byKind).map(([kind, count]) => `${kind} x${count}`).sort().join(', ') +
        `\nslowest clicks:\n${[...clicks].sort((a, b) => b.ms + (b.readyMs ?? 0) - a.ms - (a.readyMs ?? 0)).slice(0, 3).map((click) => `  try-on ${click.tryOn}: ${describeClick(click)}`).join('\n')}`,
    );

    // The faults really happened, on the routes a try-on uses.
    expect(faulted.length).toBeGreaterThan(5);
    expect(new Set(faulted.map((entry) => entry.route))).toContain('status');

    for (const click of clicks) {
      // At most one generation per click; a click that shows a result had exactly one, and it is
      // the generation whose picture the panel shows.
      expect(click.acceptedCreates.length, `try-on ${click.tryOn}`).toBeLessThanOrEqual(1);
      if (click.outcome.kind === 'result') {
        expect(click.acceptedCreates).toHaveLength(1);
        const operationId = (click.acceptedCreates[0]!.responseBody as { operation_id: string }).operation_id;
        expect(click.outcome.src).toBe(generatedImageUrl(sandbox, operationId));
      } else {
        // The shopper was only asked to retry after a failure the extension may not repeat itself
        // (a 500 to a request that starts paid work or stores the photo) or after its own retries
        // ran out (the token server failing every attempt, a create or upload refused four times).
        // A single 429/503 or a failed status request never reaches the shopper.
        const postFaults = click.requests.filter((entry) => entry.fault && (entry.route === 'create' || entry.route === 'upload'));
        const ambiguous = [
          ...postFaults.filter((entry) => entry.fault === '500'),
          // (A failed image report shares the token server but never stops a try-on.)
          ...click.requests.filter((entry) => entry.route === 'token' && entry.fault && !entry.path.endsWith('/aiuta_images')),
          ...(postFaults.length >= 4 ? postFaults : []),
        ];
        expect(ambiguous, `try-on ${click.tryOn}: "${click.outcome.sentence}" after ${JSON.stringify(click.requests.map((entry) => [entry.route, entry.status, entry.fault]))}`).not.toHaveLength(0);
      }
    }
    // Over the whole run: one accepted generation per try-on, none extra.
    expect(acceptedCreates(sandbox, firstSeq)).toHaveLength(TRY_ONS);
  });
});
