import { browser } from 'wxt/browser';
import { errorSentence } from '@/utils/error-sentence';
import { t } from '@/utils/i18n';
import type { JobStore } from '@/utils/jobs/job-store';
import type { Job } from '@/utils/jobs/schema';

const notificationPrefix = 'try-on:';

/** The shopper can see the tab: it is the active tab of the focused window. */
export async function isTabVisible(tabId: number): Promise<boolean> {
  try {
    const tab = await browser.tabs.get(tabId);
    if (!tab?.active || tab.windowId === undefined) return false;
    const window = await browser.windows.get(tab.windowId);
    return Boolean(window?.focused);
  } catch {
    return false; // The tab was closed.
  }
}

/** The store the try-on was started on (the address the content script read, not text the page chose). */
function storeHost(job: Job): string {
  for (const item of job.items) {
    try {
      if (item.pageUrl) return new URL(item.pageUrl).host;
    } catch {
      // Not an address: try the next item.
    }
  }
  return t('popupTitle');
}

/**
 * A finished try-on whose panel the shopper cannot see gets a system notification, in the browser's
 * language; a failure says the same sentence the panel shows. Jobs started from the popup have no tab;
 * the popup closes as soon as it loses focus, so they always notify. The title starts with the store's
 * host, whatever the language, so product names a page chose cannot pose as another sender.
 */
export async function notifyWhenHidden(job: Job): Promise<void> {
  if (job.status !== 'done' && job.status !== 'failed') return;
  if (job.tabId !== undefined && (await isTabVisible(job.tabId))) return;
  const name = job.items.map((item) => item.name).filter(Boolean).join(' + ') || t('notify_this_item');
  const host = storeHost(job);
  const options = job.status === 'done'
    ? { title: `${host}: ${t('notify_ready_title')}`, message: t('notify_ready_message', name) }
    : { title: `${host}: ${t('notify_failed_title')}`, message: errorSentence(job.error ?? { code: 'generation_failed', message: '' }) };
  try {
    await browser.notifications.create(`${notificationPrefix}${job.id}`, {
      type: 'basic',
      iconUrl: browser.runtime.getURL('/icon/128.png'),
      ...options,
    });
  } catch {
    // Notifications can be turned off for the browser; the result is still in the panel and history.
  }
}

/** Clicking the notification brings back the tab the try-on was started from. */
export async function openNotifiedJob(notificationId: string, store: Pick<JobStore, 'get'>): Promise<void> {
  if (!notificationId.startsWith(notificationPrefix)) return;
  await browser.notifications.clear(notificationId);
  const job = await store.get(notificationId.slice(notificationPrefix.length));
  if (job?.tabId === undefined) return;
  try {
    const tab = await browser.tabs.update(job.tabId, { active: true });
    if (tab?.windowId !== undefined) await browser.windows.update(tab.windowId, { focused: true });
  } catch {
    // The tab is gone; the result is in the history.
  }
}
