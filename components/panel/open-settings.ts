import { browser } from 'wxt/browser';

/** The settings live in the popup (or an options page when there is one); open them in a tab. */
export async function openSettings(): Promise<void> {
  const manifest = browser.runtime.getManifest();
  if (manifest.options_ui || manifest.options_page) await browser.runtime.openOptionsPage();
  else await browser.tabs.create({ url: browser.runtime.getURL('/popup.html') });
}
