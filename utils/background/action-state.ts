import { browser } from 'wxt/browser';
import { t } from '@/utils/i18n';
import { isConnectionSetUp } from '@/utils/settings/connection-state';
import type { Settings } from '@/utils/settings/schema';

/** How the toolbar icon looks: badge text ('' for none), its colour, and the tooltip. */
export interface ActionLook {
  text: string;
  color: string;
  title: string;
}

const danger = '#b42318';
const ok = '#067647';

/**
 * The toolbar icon at a glance: "!" while the connection is not set up (nothing can work yet), a
 * check mark on a tab whose page shows a product to try on; the tooltip says which.
 */
export function actionLook({ setUp, product }: { setUp: boolean; product: boolean }): ActionLook {
  if (!setUp) return { text: '!', color: danger, title: t(product ? 'action_title_product_setup' : 'action_title_setup') };
  if (product) return { text: '✓', color: ok, title: t('action_title_product') };
  return { text: '', color: ok, title: t('extName') };
}

type ActionApi = Pick<typeof browser.action, 'setBadgeText' | 'setBadgeBackgroundColor' | 'setTitle'>;

export interface ActionState {
  /** The icon for every tab without a product of its own, from the settings. */
  showConnection(settings: Settings): Promise<void>;
  /** The icon of one tab, whose page's product UI found a product (or stopped finding one). */
  showProduct(tabId: number, found: boolean, settings: Settings): Promise<void>;
}

/** Firefox's MV2 build has `browserAction` with the same calls. */
function actionApi(): ActionApi | undefined {
  return browser.action ?? (browser as unknown as { browserAction?: ActionApi }).browserAction;
}

export function createActionState(api: ActionApi | undefined = actionApi()): ActionState {
  return {
    async showConnection(settings) {
      if (!api) return;
      const look = actionLook({ setUp: isConnectionSetUp(settings), product: false });
      await Promise.all([api.setBadgeText({ text: look.text }), api.setBadgeBackgroundColor({ color: look.color }), api.setTitle({ title: look.title })]);
    },
    async showProduct(tabId, found, settings) {
      if (!api) return;
      const look = actionLook({ setUp: isConnectionSetUp(settings), product: found });
      await Promise.all([
        // No text: the tab shows the badge every other tab shows again.
        api.setBadgeText({ tabId, text: found ? look.text : undefined }),
        api.setBadgeBackgroundColor({ tabId, color: look.color }),
        api.setTitle({ tabId, title: look.title }),
      ]);
    },
  };
}
