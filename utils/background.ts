import { browser } from 'wxt/browser';
import { AppError } from '@/utils/errors';
import { serveBackgroundMessages, type Handlers, type BackgroundProtocol } from '@/utils/messaging';

function notReady(): never {
  throw new AppError('internal', 'This part of the extension is not available yet.');
}

/** Every handler the background serves. Logic lives in the utils/ modules these call. */
export function createBackgroundHandlers(): Handlers<BackgroundProtocol> {
  return {
    ping: () => ({ version: browser.runtime.getManifest().version }),
    'panel.open': notReady,
    'panel.session': notReady,
    'tryOn.start': notReady,
    'tryOn.cancel': notReady,
    'jobs.list': notReady,
    'photo.save': notReady,
    'photo.get': notReady,
    'photo.delete': notReady,
    'models.list': notReady,
    'history.list': notReady,
    'history.delete': notReady,
    'data.deleteAll': notReady,
    'settings.testConnection': notReady,
  };
}

/** Wires the background worker. Listeners are registered synchronously so a woken worker gets its event. */
export function startBackground(): void {
  serveBackgroundMessages(createBackgroundHandlers());
}
