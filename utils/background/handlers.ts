import { browser, type Browser } from 'wxt/browser';
import { AppError } from '@/utils/errors';
import { listModelsCached } from '@/utils/aiuta/models-cache';
import { apiTarget } from '@/utils/aiuta/target';
import type { Services } from '@/utils/background/services';
import { testConnection } from '@/utils/background/connection-test';
import { deleteAllData } from '@/utils/background/delete-all';
import { emitEvent, sendTabMessage, type BackgroundProtocol, type Handlers } from '@/utils/messaging';
import { pageSettingsFor, senderHost } from '@/utils/settings/page-settings';
import { getSettings, modelCategoryItem } from '@/utils/storage';

/** The product UI content script (entrypoints/product.content): injected where the probe finds a product, registered on site-rule hosts. */
export const productUiScript = '/content-scripts/product.js';

const ok = { ok: true as const };

/** Runs a change to the saved photos, then tells every open extension page, whether or not it all went through. */
async function changingPhotos<T>(change: () => Promise<T>): Promise<T> {
  try {
    return await change();
  } finally {
    void emitEvent('photos.changed', {});
  }
}

/** Whether the message comes from this extension page (`panel.html`, `confirm.html`), by the browser's record of its address. */
function isPage(sender: Browser.runtime.MessageSender, page: string): boolean {
  const url = sender.url ?? '';
  // From the extension's root: Chrome gives a web-accessible page its per-session dynamic URL
  // (use_dynamic_url), which the browser never reports as a sender's address.
  const base = `${browser.runtime.getURL('/')}${page}`;
  return url === base || url.startsWith(`${base}#`) || url.startsWith(`${base}?`);
}

/** One handler per message of the protocol; each is a thin call into the service that owns it. */
export function createHandlers(services: Services): Handlers<BackgroundProtocol> {
  const { tokens, client, photos, history, panels, confirmations, jobs, store, settings, outfit, catalog, action, now, write, remoteDeletes } = services;
  return {
    ping: () => ({ version: browser.runtime.getManifest().version }),
    'content.loadProductUi': async (_request, sender) => {
      if (sender.tab?.id === undefined || senderHost(sender) === null) throw new AppError('forbidden_sender', 'Only a store page can load the product UI.');
      await browser.scripting.executeScript({
        target: { tabId: sender.tab.id, frameIds: [sender.frameId ?? 0] },
        files: [productUiScript],
      });
      return ok;
    },
    'content.pageSettings': async (_request, sender) => {
      const host = senderHost(sender);
      if (host === null) throw new AppError('forbidden_sender', 'Only a store page has page settings.');
      return pageSettingsFor(await getSettings(), host);
    },
    'content.productFound': async ({ found }, sender) => {
      if (sender.tab?.id === undefined || senderHost(sender) === null) throw new AppError('forbidden_sender', 'Only a store page can say it shows a product.');
      // A product in a frame (an ad, a widget) is not what the tab is about.
      if ((sender.frameId ?? 0) === 0) await action.showProduct(sender.tab.id, found, await getSettings());
      return ok;
    },
    'panel.open': async ({ product }, sender) => {
      if (sender.tab?.id === undefined) throw new AppError('forbidden_sender', 'The try-on panel can only be opened from a store page.');
      // A page kept from before the shopper switched its site off (the back/forward cache) may still show a button.
      const host = senderHost(sender);
      if (host !== null && pageSettingsFor(await getSettings(), host).disabled) {
        throw new AppError('forbidden_sender', 'Try-on is switched off on this site. Switch it on in the extension\'s popup to try on here.');
      }
      return { sessionId: await panels.open(product, sender.tab.id) };
    },
    'panel.session': async ({ sessionId }, sender) => {
      const product = await panels.read(sessionId, sender.tab?.id);
      return { product, catalogCheck: (await getSettings()).catalogEndpoint !== '', enteredSku: await panels.enteredSku(product) };
    },
    'panel.skuEntered': async ({ sessionId, skuId }, sender) => {
      await panels.enterSku(sessionId, sender.tab?.id, skuId);
      return ok;
    },
    'catalog.resolve': async ({ sessionId, typedSku }, sender) => ({
      resolution: await catalog.resolve(await panels.read(sessionId, sender.tab?.id), typedSku),
    }),
    'panel.close': async ({ sessionId }, sender) => {
      // Only the panel this session belongs to may close the panel of its tab; the panel page itself
      // may close its own tab's panel after its session is gone too ("Delete all my data" clears
      // the sessions), or the shopper could not get it off the store page.
      if (!isPage(sender, 'panel.html') || sender.tab?.id === undefined) await panels.read(sessionId, sender.tab?.id);
      return sendTabMessage(sender.tab!.id!, 'panel.close', {}, { frameId: 0 });
    },
    'confirm.request': async ({ sessionId, action }, sender) => {
      // Only the panel of this session, in its own tab, may ask on its behalf.
      if (!isPage(sender, 'panel.html')) throw new AppError('forbidden_sender', 'Only the try-on panel asks for confirmations.');
      const product = await panels.read(sessionId, sender.tab?.id);
      return { confirmed: await confirmations.ask({ sessionId, action, product }) };
    },
    'confirm.details': ({ id }, sender) => {
      if (!isPage(sender, 'confirm.html')) throw new AppError('forbidden_sender', 'Only the confirmation window reads its question.');
      return confirmations.details(id, sender.tab?.windowId);
    },
    'confirm.answer': ({ id, confirmed }, sender) => {
      if (!isPage(sender, 'confirm.html')) throw new AppError('forbidden_sender', 'Only the confirmation window answers its question.');
      confirmations.answer(id, sender.tab?.windowId, confirmed);
      return ok;
    },
    'tryOn.start': async (request, sender) => ({ job: await jobs.start({ ...request, tabId: sender.tab?.id }) }),
    'tryOn.cancel': async ({ jobId }) => ({ job: await jobs.cancel(jobId) }),
    'jobs.list': async () => ({ jobs: await jobs.list() }),
    'jobs.get': async ({ jobId }) => ({ job: (await store.get(jobId)) ?? null }),
    'photo.save': ({ dataUrl }) => changingPhotos(async () => ({ photo: await photos.save(dataUrl) })),
    'photo.get': async () => ({ photo: await photos.get() }),
    'photo.list': async () => ({ library: await photos.list() }),
    'photo.choose': ({ id }) => changingPhotos(async () => ({ library: await photos.choose(id) })),
    'photo.delete': ({ id }) =>
      changingPhotos(async () => {
        await photos.delete(id);
        return ok;
      }),
    'consent.set': async ({ accepted }) => ({ consent: await photos.setConsent(accepted) }),
    'outfit.add': async ({ item }) => ({ result: await outfit.add(item) }),
    'outfit.remove': async ({ skuId }) => ({ outfit: await outfit.remove(skuId) }),
    'models.list': async () => ({ categories: await listModelsCached(client, apiTarget(await getSettings()), now, write) }),
    'models.setCategory': async ({ category }) => {
      await write(() => modelCategoryItem.setValue(category));
      return ok;
    },
    'history.list': async () => ({ entries: await history.list() }),
    'deletes.retry': async ({ ids }) => ({ notDeleted: await remoteDeletes.retry(ids) }),
    'history.delete': async ({ id }) => {
      await history.delete(id);
      return ok;
    },
    'data.deleteAll': () =>
      changingPhotos(async () => {
        await deleteAllData(services);
        return ok;
      }),
    'settings.saveConnection': async ({ values }) => ({ settings: await settings.saveConnection(values) }),
    'settings.saveSiteRule': async ({ rule }) => {
      await settings.saveSiteRule(rule);
      return ok;
    },
    'settings.removeSiteRule': async ({ host }) => {
      await settings.removeSiteRule(host);
      return ok;
    },
    'settings.setSiteDisabled': async ({ host, disabled }) => {
      await settings.setSiteDisabled(host, disabled);
      return ok;
    },
    'settings.testConnection': () => testConnection(tokens, client, catalog),
  };
}
