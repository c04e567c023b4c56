import { AppError } from '@/utils/errors';
import type { SerialQueue } from '@/utils/serial-queue';
import type { Product } from '@/utils/product';
import { panelSessionSchema, panelSessionsItem, readValidList } from '@/utils/storage';

/**
 * A content script opens the try-on panel for the product on its page. The product travels to the
 * panel through the background under a random session id, and only a panel inside the same tab may
 * read it: another tab (or page) that learns the id gets nothing.
 */
export interface PanelSessions {
  open(product: Product, tabId: number): Promise<string>;
  read(sessionId: string, tabId: number | undefined): Promise<Product>;
}

/** Long enough for a panel reload; the panel asks once when it opens. */
const sessionTtlMs = 60 * 60_000;
const maxSessions = 50;

export function createPanelSessions(deps: { now: () => number; newId: () => string; write: SerialQueue }): PanelSessions {
  const serial = deps.write;
  const live = async () => (await readValidList(panelSessionsItem, panelSessionSchema)).filter((session) => deps.now() - session.createdAt < sessionTtlMs);

  return {
    open: (product, tabId) =>
      serial(async () => {
        const id = deps.newId();
        // One panel per tab: reopening replaces the tab's previous session.
        const others = (await live()).filter((session) => session.tabId !== tabId);
        await panelSessionsItem.setValue([...others.slice(-(maxSessions - 1)), { id, tabId, product, createdAt: deps.now() }]);
        return id;
      }),
    async read(sessionId, tabId) {
      const session = (await live()).find((candidate) => candidate.id === sessionId);
      if (!session || tabId === undefined || session.tabId !== tabId) {
        throw new AppError('panel_session_unknown', 'This try-on panel has expired. Close it and press "Try on" again.');
      }
      return session.product;
    },
  };
}
