import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchExtension, type LoadedExtension } from './support/extension';
import { servePages, type PageServer } from './support/pages';
import { inButtonShadow, openPanel, panelFrame, tryOnButton, waitForPanel, waitForPanelClosed } from './support/try-on';

/**
 * A hostile store page, round two: it cannot reach into the button, so it works on the element that
 * holds it (stretching, fading, moving, covering it), listens for anything the extension's scripts
 * let out, and forges what they might listen to. Each attack runs in the page's own world.
 */

const SKU = 'ATTACK-REAL-SKU';
const DECOY_SKU = 'ATTACK-DECOY-SKU';
const productData = (sku: string) =>
  JSON.stringify({ '@context': 'https://schema.org', '@type': 'Product', name: 'Linen Shirt', sku, offers: { '@type': 'Offer', price: '49.00', priceCurrency: 'EUR' } });
const productPage = `<!doctype html><html><head><title>Linen Shirt</title>
<script type="application/ld+json" id="product-data">${productData(SKU)}</script></head>
<body><main><h1>Linen Shirt</h1><p>A shirt.</p><button id="buy">Add to cart</button>
<a id="next" href="#">More</a></main></body></html>`;

/** Waits until the browser's own visibility verdict (IntersectionObserver v2) on the button's host is `visible`, then one frame more. */
function hostVisibility(page: Page, visible: boolean): Promise<void> {
  return page.evaluate(
    (want) =>
      new Promise<void>((done, fail) => {
        const host = document.querySelector('shop-try-on-button')!;
        const seen: boolean[] = [];
        setTimeout(() => {
          const box = host.getBoundingClientRect();
          const top = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
          fail(new Error(`The button's host never became ${want ? 'visible' : 'hidden'} (seen: ${seen.join()}; panel: ${Boolean(document.querySelector('shop-try-on-panel'))}; on top: ${top?.tagName}#${top?.id}; box ${JSON.stringify(box)}).`));
        }, 5_000);
        const observer = new IntersectionObserver(
          (entries) => {
            const { isVisible } = entries.at(-1) as IntersectionObserverEntry & { isVisible: boolean };
            seen.push(isVisible);
            if (isVisible !== want) return;
            observer.disconnect();
            requestAnimationFrame(() => setTimeout(done, 0));
          },
          { trackVisibility: true, delay: 100 } as IntersectionObserverInit,
        );
        observer.observe(host);
      }),
    visible,
  );
}

describe('a hostile store page against the button and the content scripts', () => {
  let extension: LoadedExtension;
  let pages: PageServer;
  let page: Page;

  beforeAll(async () => {
    extension = await launchExtension();
    pages = await servePages({ '/product': productPage });
  });

  beforeEach(async () => {
    await page?.close();
    page = await extension.context.newPage();
  });

  afterAll(async () => {
    await extension?.close();
    await pages?.close();
  });

  const productCode = async () => (await waitForPanel(page)).getByText(/Product code: /).textContent();

  it('cannot open the button\'s shadow root', async () => {
    await page.goto(`${pages.origin}/product`);
    await tryOnButton(page).waitFor();
    await expect(page.evaluate(() => document.querySelector('shop-try-on-button')!.shadowRoot)).resolves.toBeNull();
  });

  // Each attack: the page switches the product to a decoy, tampers with the button and waits for the
  // shopper's click where the tampered button catches it; then it undoes everything. The shopper's
  // later click on the real button must open the panel for the real product, and only once.
  const attacks: { name: string; tamper: string }[] = [
    {
      name: 'stretched invisibly over the whole page',
      tamper: `const wrap = document.createElement('div'); wrap.id = 'wrap';
        wrap.style.cssText = 'position:fixed;left:0;top:0;width:200px;height:80px;opacity:0.01;transform:scale(12);transform-origin:0 0;z-index:2147483647';
        document.body.append(wrap); wrap.append(host);`,
    },
    {
      name: 'faded out by its parent',
      tamper: `host.parentElement.style.opacity = '0.05';`,
    },
    {
      name: 'moved next to the page\'s own button',
      tamper: `const holder = document.createElement('div'); holder.id = 'holder'; document.body.prepend(holder); holder.append(host);`,
    },
  ];

  for (const attack of attacks) {
    it(`makes the button inert, not a trap, when it is ${attack.name}`, async () => {
      await page.goto(`${pages.origin}/product`);
      await tryOnButton(page).waitFor();
      await hostVisibility(page, true);
      // The page counts the panels it sees appear, from here on.
      await page.evaluate(() => {
        const seen = window as unknown as { panels: number };
        seen.panels = 0;
        new MutationObserver((records) => {
          for (const record of records) for (const node of record.addedNodes) if ((node as Element).tagName === 'SHOP-TRY-ON-PANEL') seen.panels += 1;
        }).observe(document.body, { childList: true });
      });
      const point = await page.evaluate(
        ({ tamper, decoy }) => {
          const host = document.querySelector<HTMLElement>('shop-try-on-button')!;
          const place = { parent: host.parentNode, next: host.nextSibling };
          (window as unknown as { undo: () => void }).undo = () => {
            document.getElementById('product-data')!.textContent = document.getElementById('product-data')!.dataset.real!;
            for (const id of ['wrap', 'decoy', 'holder']) document.getElementById(id)?.remove();
            if (host.parentNode !== place.parent) place.parent!.insertBefore(host, place.next);
            if (host.parentElement) host.parentElement.style.cssText = '';
          };
          const data = document.getElementById('product-data')!;
          data.dataset.real = data.textContent!;
          data.textContent = decoy;
          new Function('host', tamper)(host);
          // Where the shopper clicks: the middle of the part of the host that is on screen.
          const box = host.getBoundingClientRect();
          const left = Math.max(box.left, 0);
          const top = Math.max(box.top, 0);
          return { x: (left + Math.min(box.right, innerWidth)) / 2, y: (top + Math.min(box.bottom, innerHeight)) / 2 };
        },
        { tamper: attack.tamper, decoy: productData(DECOY_SKU) },
      );
      await page.mouse.click(point.x, point.y);

      await page.evaluate(() => (window as unknown as { undo: () => void }).undo());
      await hostVisibility(page, true);
      // The button's own visibility report (what its click check goes by) comes on its own schedule.
      await expect.poll(() => inButtonShadow(page, (_arg, root) => root.querySelector('button')?.hasAttribute('data-visible'))).toBe(true);
      await tryOnButton(page).click();
      await expect(productCode()).resolves.toBe(`Product code: ${SKU}`);
      await expect(page.evaluate(() => (window as unknown as { panels: number }).panels)).resolves.toBe(1);
      await panelFrame(page)!.getByRole('button', { name: 'Close' }).click();
      await waitForPanelClosed(page);
    });
  }

  it('puts the button back a few times, then leaves it out, when the page takes it out as soon as it appears: the tab never freezes', async () => {
    // A page's own observer that removes every element it did not make (some app frameworks do): each
    // put-back wakes it again, so putting the button back without end would loop and hang the tab.
    await page.addInitScript(() => {
      const seen = window as unknown as { removed: number; remover: MutationObserver };
      seen.removed = 0;
      // It observes the document itself: the root element is not there yet when this runs.
      seen.remover = new MutationObserver(() => {
        for (const host of document.querySelectorAll('shop-try-on-button')) {
          host.remove();
          seen.removed += 1;
        }
      });
      seen.remover.observe(document, { childList: true, subtree: true });
    });
    await page.goto(`${pages.origin}/product`);
    // Polled on animation frames. A tab stuck in the loop never gets to one, nor answers at all (so
    // Playwright's own timeout never fires either): the race says so in place of the test's timeout.
    let frozen: NodeJS.Timeout | undefined;
    await Promise.race([
      page.waitForFunction(() => (window as unknown as { removed: number }).removed > 0, undefined, { timeout: 10_000 }),
      new Promise((_, fail) => (frozen = setTimeout(() => fail(new Error('The tab stopped answering: the button was put back without end.')), 15_000))),
    ]).finally(() => clearTimeout(frozen));
    // The page still runs its timers and frames, and the extension stopped putting the button back.
    const removed = await page.evaluate(() => new Promise<number>((done) => setTimeout(() => requestAnimationFrame(() => done((window as unknown as { removed: number }).removed)), 0)));
    expect(removed).toBeLessThanOrEqual(20);
    expect(await tryOnButton(page).count()).toBe(0);
    // Once the page stops taking it out, a later look at the page draws it again (here a single-page
    // navigation, or whichever change of the page the extension sees first).
    await page.evaluate(() => {
      (window as unknown as { remover: MutationObserver }).remover.disconnect();
      history.pushState({}, '', '/product?colour=blue');
    });
    await tryOnButton(page).waitFor({ timeout: 10_000 });
  });

  it('tells the shopper why a tampered button did not open', async () => {
    await page.goto(`${pages.origin}/product`);
    await tryOnButton(page).waitFor();
    const box = await page.evaluate(() => {
      const host = document.querySelector<HTMLElement>('shop-try-on-button')!;
      host.parentElement!.style.opacity = '0.5';
      const rect = host.getBoundingClientRect();
      return { x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 };
    });
    await page.mouse.click(box.x, box.y);
    await expect.poll(() => inButtonShadow(page, (_arg, root) => root.querySelector('[role=status]')?.textContent ?? '')).toMatch(/did not open/);
  });

  it('hears no event from the extension\'s scripts, and cannot stop them with a forged one', async () => {
    const id = extension.extensionId;
    const names = ['probe', 'product'].flatMap((script) => ['content-script-started', 'locationchange'].map((event) => `${id}:${script}:wxt:${event}`));
    await page.addInitScript((listen) => {
      const seen = window as unknown as { heard: string[] };
      seen.heard = [];
      for (const target of [window, document]) {
        for (const name of listen) target.addEventListener(name, () => seen.heard.push(name), true);
        target.addEventListener('message', (event) => seen.heard.push(`message from ${(event as MessageEvent).origin}: ${JSON.stringify((event as MessageEvent).data)}`), true);
      }
    }, names);
    await page.goto(`${pages.origin}/product`);
    // An SPA navigation, and the panel opened and closed (which used to post its "close me" to the page).
    await tryOnButton(page).waitFor();
    await page.evaluate(() => history.pushState({}, '', '/product?colour=blue'));
    let panel = await openPanel(page);
    await panel.getByRole('button', { name: 'Close' }).click();
    await waitForPanelClosed(page);
    await expect(page.evaluate(() => (window as unknown as { heard: string[] }).heard)).resolves.toEqual([]);

    // Forged "a newer script started" events, as WXT's context listens for them, on both targets.
    await page.evaluate((forge) => {
      for (const name of forge) {
        for (const target of [window, document]) target.dispatchEvent(new CustomEvent(name, { detail: { contentScriptName: name.split(':')[1], messageId: 'forged' } }));
      }
    }, names);
    // The scripts still run: the button is still there and still opens the panel.
    panel = await openPanel(page);
    await panel.getByRole('button', { name: 'Close' }).click();
    await waitForPanelClosed(page);
  });
});
