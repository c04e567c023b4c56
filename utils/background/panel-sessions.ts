import { AppError } from '@/utils/errors';
import type { SerialQueue } from '@/utils/serial-queue';
import type { Product } from '@/utils/product';
import { enteredSkuSchema, enteredSkusItem, panelSessionSchema, panelSessionsItem, readValidList } from '@/utils/storage';

/**
 * A content script opens the try-on panel for the product on its page. The product travels to the
 * panel through the background under a random session id, and only a panel inside the same tab may
 * read it: another tab (or page) that learns the id gets nothing.
 */
export interface PanelSessions {
  open(product: Product, tabId: number): Promise<string>;
  read(sessionId: string, tabId: number | undefined): Promise<Product>;
  /**
   * Remembers, for the browser session, the code the shopper typed in this session's panel, under
   * its product's page: the panel opened there again starts from it (`enteredSku`).
   */
  enterSku(sessionId: string, tabId: number | undefined, skuId: string): Promise<void>;
  /** The code the shopper typed last on this product's page, in this browser session. */
  enteredSku(product: Product): Promise<string | undefined>;
}

/** Long enough for a panel reload; the panel asks once when it opens. */
const sessionTtlMs = 60 * 60_000;
const maxSessions = 50;
/** Enough product pages for a long shopping session; the oldest codes go first. */
const maxEnteredSkus = 200;

/** Query parameters that only say where a visit came from, not which product the page shows. */
const trackingParameter = /^(utm_.+|gclid|gbraid|wbraid|dclid|fbclid|msclkid|yclid|igshid|mc_cid|mc_eid|_ga|_gl)$/i;

/**
 * The product page a typed code belongs to: its address without the fragment and the tracking
 * parameters (a variant's parameter stays: it may be another product code).
 */
export function productPageKey(pageUrl: string): string {
  const url = new URL(pageUrl);
  url.hash = '';
  for (const name of [...new Set(url.searchParams.keys())]) if (trackingParameter.test(name)) url.searchParams.delete(name);
  url.searchParams.sort();
  return url.href;
}

export function createPanelSessions(deps: { now: () => number; newId: () => string; write: SerialQueue }): PanelSessions {
  const serial = deps.write;
  const live = async () => (await readValidList(panelSessionsItem, panelSessionSchema)).filter((session) => deps.now() - session.createdAt < sessionTtlMs);

  async function read(sessionId: string, tabId: number | undefined): Promise<Product> {
    const session = (await live()).find((candidate) => candidate.id === sessionId);
    if (!session || tabId === undefined || session.tabId !== tabId) {
      throw new AppError('panel_session_unknown', 'This try-on panel has expired. Close it and press "Try on" again.');
    }
    return session.product;
  }

  return {
    open: (product, tabId) =>
      serial(async () => {
        const id = deps.newId();
        // One panel per tab: reopening replaces the tab's previous session.
        const others = (await live()).filter((session) => session.tabId !== tabId);
        await panelSessionsItem.setValue([...others.slice(-(maxSessions - 1)), { id, tabId, product, createdAt: deps.now() }]);
        return id;
      }),
    read,
    async enterSku(sessionId, tabId, skuId) {
      // Only the panel of this session, in its own tab, names the code of its product's page.
      const { pageUrl } = await read(sessionId, tabId);
      if (!pageUrl) return;
      const page = productPageKey(pageUrl);
      await serial(async () => {
        const others = (await readValidList(enteredSkusItem, enteredSkuSchema)).filter((entered) => entered.page !== page);
        await enteredSkusItem.setValue([...others.slice(-(maxEnteredSkus - 1)), { page, skuId, at: deps.now() }]);
      });
    },
    async enteredSku(product) {
      if (!product.pageUrl) return undefined;
      const page = productPageKey(product.pageUrl);
      return (await readValidList(enteredSkusItem, enteredSkuSchema)).find((entered) => entered.page === page)?.skuId;
    },
  };
}
