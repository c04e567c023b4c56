import { bench, describe } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { CATALOG_CHECK_PRODUCTS, startSandbox, type Sandbox } from '../../server/sandbox/index';
import type { CatalogItem } from '../../server/sandbox/catalog';
import { createCatalogResolver } from '@/utils/catalog/resolver';
import type { Product } from '@/utils/product';
import { createSerialQueue } from '@/utils/serial-queue';

/**
 * What catalog resolution adds to the first click on "Try on", against the sandbox on loopback: the
 * sandbox's token server checking the emulator's catalog as an operator's backend checks Aiuta's.
 * Round trips are counted in the sandbox's log (extension -> catalog endpoint, and the backend's
 * own lookups in the catalog); times are wall-clock around `resolve`. Figures are printed.
 */

const rounds = 20;
const { registeredByGtin, onboardable } = CATALOG_CHECK_PRODUCTS;

function productOf(item: CatalogItem, origin: string): Product {
  const ids = [{ kind: 'sku', value: item.sku, source: 'json-ld' }, ...(item.gtin ? [{ kind: 'gtin13', value: item.gtin, source: 'json-ld' }] : [])];
  return { sku: item.sku, ids, name: item.name, brand: item.brand, image: `${origin}/assets/products/${item.sku}.png`, pageUrl: `${origin}${item.page}` };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const ms = (value: number) => `${value.toFixed(1)} ms`;

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await work();
  return { value, ms: performance.now() - started };
}

describe('catalog resolution', () => {
  bench(
    'first click vs. cached product, against the sandbox',
    async () => {
      const sandbox: Sandbox = await startSandbox({ catalogCheck: true, skuPreparationMs: 1500 });
      const resolver = () =>
        createCatalogResolver({
          getSettings: async () => ({ catalogEndpoint: sandbox.catalogUrl, subscriptionId: sandbox.subscriptionId }),
          fetch,
          now: Date.now,
          write: createSerialQueue(),
        });
      const since = (seq: number) => sandbox.log().filter((entry) => entry.seq > seq);
      const count = (seq: number) => {
        const entries = since(seq);
        return { extension: entries.filter((entry) => entry.route === 'catalog').length, backend: entries.filter((entry) => entry.route.includes('sku_item')).length };
      };
      const lastSeq = () => sandbox.log().at(-1)?.seq ?? 0;
      const gtinProduct = productOf(registeredByGtin, sandbox.storeUrl);
      try {
        const cold: number[] = [];
        const backendWarm: number[] = [];
        const cached: number[] = [];
        let coldTrips = { extension: 0, backend: 0 };
        let backendWarmTrips = { extension: 0, backend: 0 };
        let cachedTrips = { extension: 0, backend: 0 };
        for (let round = 0; round < rounds; round++) {
          sandbox.reset();
          fakeBrowser.reset();
          let seq = lastSeq();
          // A new session on a backend that has not looked this product up: two catalog lookups (SKU, then GTIN).
          cold.push((await timed(() => resolver().resolve(gtinProduct))).ms);
          coldTrips = count(seq);
          // The same product in the same session: answered from session storage.
          seq = lastSeq();
          cached.push((await timed(() => resolver().resolve(gtinProduct))).ms);
          cachedTrips = count(seq);
          // A new session (browser restarted) on a backend that has it cached.
          fakeBrowser.reset();
          seq = lastSeq();
          backendWarm.push((await timed(() => resolver().resolve(gtinProduct))).ms);
          backendWarmTrips = count(seq);
        }

        // Onboarding on demand: asked again after each retry_after_s until ready.
        sandbox.reset();
        fakeBrowser.reset();
        const onboard = resolver();
        const seq = lastSeq();
        const started = performance.now();
        let asks = 0;
        let waitedMs = 0;
        for (;;) {
          asks++;
          const answer = await onboard.resolve(productOf(onboardable, sandbox.onboardingStoreUrl));
          if (answer.status !== 'preparing') {
            if (answer.status !== 'ready') throw new Error(`onboarding ended ${answer.status}`);
            break;
          }
          waitedMs += answer.retryAfterS * 1000;
          await new Promise((done) => setTimeout(done, answer.retryAfterS * 1000));
        }
        const onboardMs = performance.now() - started;
        const onboardTrips = count(seq);

        console.log(
          [
            `catalog resolution against the sandbox on loopback (${rounds} rounds, median)`,
            `  first click, new session, backend cold:   +${ms(median(cold))}; round trips: extension->endpoint ${coldTrips.extension}, endpoint->catalog ${coldTrips.backend}`,
            `  first click, new session, backend cached: +${ms(median(backendWarm))}; round trips: extension->endpoint ${backendWarmTrips.extension}, endpoint->catalog ${backendWarmTrips.backend}`,
            `  same product again in the session:        +${ms(median(cached))}; round trips: extension->endpoint ${cachedTrips.extension}, endpoint->catalog ${cachedTrips.backend}`,
            `  no catalog endpoint set:                  +0 ms; round trips 0 (nothing is asked)`,
            `  onboarding a new product (preparation 1.5 s in the sandbox): ready after ${ms(onboardMs)}, ${asks} asks, ${(waitedMs / 1000).toFixed(0)} s of retry_after_s waits;` +
              ` endpoint->catalog ${onboardTrips.backend} (one creation)`,
          ].join('\n'),
        );
        if (cachedTrips.extension !== 0) throw new Error('a cached product was asked about again');
      } finally {
        await sandbox.close();
      }
    },
    { iterations: 1, time: 0, warmupIterations: 0, warmupTime: 0 },
  );
});
