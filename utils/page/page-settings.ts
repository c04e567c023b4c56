import { sendFromContent, serveInContent } from '@/utils/messaging/content-channel';
import type { PageSettings } from '@/utils/settings/page-settings';

export type { PageSettings };

/**
 * The settings as a content script gets them: only its page's, from the background, which judges the
 * host by the browser's record of the sender. storage.local is closed to content scripts.
 */
export function readPageSettings(): Promise<PageSettings> {
  return sendFromContent('content.pageSettings', {});
}

/**
 * Calls back with this page's settings whenever the background says the settings changed; returns
 * the function that stops listening.
 */
export function watchPageSettings(onChange: (settings: PageSettings) => void): () => void {
  return serveInContent({
    'settings.changed': () => {
      readPageSettings().then(onChange, () => undefined);
      return { ok: true as const };
    },
  });
}
