import { browser } from 'wxt/browser';
import { createAiutaClient, type AiutaClientDeps } from '@/utils/aiuta/client';
import type { RetryLimits } from '@/utils/aiuta/http';
import { createRemoteDeletes } from '@/utils/aiuta/remote-deletes';
import { targetOf } from '@/utils/aiuta/target';
import { createImageReports } from '@/utils/auth/image-reports';
import { createInstallId } from '@/utils/auth/install-id';
import { createTokenBroker } from '@/utils/auth/token-broker';
import { createActionState } from '@/utils/background/action-state';
import { createHandlers, productUiScript } from '@/utils/background/handlers';
import { createSiteRuleScripts } from '@/utils/background/site-rule-scripts';
import { createCatalogResolver } from '@/utils/catalog/resolver';
import { createConfirmations } from '@/utils/background/confirmations';
import { createPanelSessions } from '@/utils/background/panel-sessions';
import type { Services } from '@/utils/background/services';
import { handleInstalled } from '@/utils/first-run/install';
import { createHistory } from '@/utils/history/history';
import { defaultHttpDeps, type HttpDeps } from '@/utils/http';
import { createJobEngine } from '@/utils/jobs/engine';
import { createJobStore } from '@/utils/jobs/job-store';
import { notifyWhenHidden, openNotifiedJob } from '@/utils/jobs/notify';
import { operationWatch, type PollSchedule } from '@/utils/jobs/poll-schedule';
import type { Job } from '@/utils/jobs/schema';
import { emitEvent, sendTabMessage, serveBackgroundMessages, type BackgroundProtocol, type Handlers } from '@/utils/messaging';
import { createOutfitStore } from '@/utils/outfit/store';
import { canvasCodec, type PhotoCodec } from '@/utils/photos/codec';
import { createPhotoStore } from '@/utils/photos/store';
import { createSerialQueue } from '@/utils/serial-queue';
import { createSettingsStore } from '@/utils/settings/store';
import { getSettings, settingsItem } from '@/utils/storage';

/** What tests and benchmarks replace; the worker uses the defaults. */
export interface BackgroundOptions extends Partial<HttpDeps> {
  codec?: PhotoCodec;
  newId?: () => string;
  newInstallId?: () => string;
  timeouts?: AiutaClientDeps['timeouts'];
  retryLimits?: RetryLimits;
  schedule?: PollSchedule;
  notify?: (job: Job) => Promise<void>;
  keepAlive?: () => Promise<unknown>;
}

export interface Background extends Services {
  /** Answers every message of the protocol (utils/messaging). */
  handlers: Handlers<BackgroundProtocol>;
  /** At start-up and on the wake-up alarm: move an old photo into the database, continue unfinished jobs, retry failed remote deletes. */
  wakeUp(): Promise<void>;
}

/** Fires every 30 s (the shortest period Chrome allows) while a job is unfinished. */
export const wakeAlarmName = 'jobs.wake';

/** Builds the background's services and its message handlers; registers nothing (see startBackground). */
export function createBackground(options: BackgroundOptions = {}): Background {
  const http: HttpDeps = { ...defaultHttpDeps(), ...pickDefined(options, ['fetch', 'sleep', 'random', 'now']) };
  const now = http.now;
  const newId = options.newId ?? (() => crypto.randomUUID());
  const write = createSerialQueue();
  const installId = createInstallId({ write, newId: options.newInstallId });
  const tokens = createTokenBroker({ getSettings, fetch: http.fetch, now, sleep: http.sleep, installId });
  const reportImages = createImageReports({ getSettings, installId, fetch: http.fetch });
  const keepAlive = options.keepAlive ?? (() => browser.runtime.getPlatformInfo());
  const client = createAiutaClient({ getSettings, tokens, http, timeouts: options.timeouts, retryLimits: options.retryLimits });

  const remoteDeletes = createRemoteDeletes({ client, now, write, getSettings, sleep: http.sleep, watch: operationWatch(options.schedule), keepAlive, reportImages });
  const photos = createPhotoStore({ client, codec: options.codec ?? canvasCodec, remoteDeletes, now, getSettings, write, reportImages });
  const history = createHistory({ remoteDeletes, write, getSettings });
  const panels = createPanelSessions({ now, newId, write });
  const store = createJobStore({ now, write, announce: (job) => emitEvent('job.updated', { job }) });
  const jobs = createJobEngine({
    store,
    client,
    photos,
    history,
    remoteDeletes,
    now,
    sleep: http.sleep,
    newId,
    write,
    reportImages,
    schedule: options.schedule,
    silentAfterMs: options.timeouts?.status,
    notify: options.notify ?? notifyWhenHidden,
    keepAlive,
    wake: {
      start: async () => {
        await browser.alarms.create(wakeAlarmName, { periodInMinutes: 0.5 });
      },
      stop: async () => {
        await browser.alarms.clear(wakeAlarmName);
      },
    },
  });
  const services: Services = {
    write,
    now,
    tokens,
    client,
    remoteDeletes,
    photos,
    history,
    panels,
    confirmations: createConfirmations({
      newId,
      openWindow: async (id) => {
        const window = await browser.windows.create({ url: browser.runtime.getURL(`/confirm.html#${id}` as '/confirm.html'), type: 'popup', width: 420, height: 360, focused: true });
        return window?.id;
      },
      closeWindow: async (windowId) => {
        await browser.windows.remove(windowId);
      },
      setTimer: (run, ms) => {
        const timer = setTimeout(run, ms);
        return () => clearTimeout(timer);
      },
    }),
    store,
    jobs,
    settings: createSettingsStore({ write }),
    outfit: createOutfitStore({ write }),
    catalog: createCatalogResolver({ getSettings, fetch: http.fetch, now, write }),
    action: createActionState(),
  };

  return {
    ...services,
    handlers: createHandlers(services),
    /**
     * Migrates an old photo, resumes unfinished try-ons and retries queued remote deletes (after
     * stamping records older versions kept without a target); one failing does not stop the others.
     */
    async wakeUp() {
      const deletes = async () => {
        await Promise.all([history.adoptUntargeted(), remoteDeletes.adoptUntargeted()]);
        await remoteDeletes.retryPending();
      };
      const results = await Promise.allSettled([photos.migrate(), jobs.resume(), deletes()]);
      for (const result of results) if (result.status === 'rejected') console.error('wake-up step failed', result.reason);
    },
  };
}

/** Wires the background worker. Listeners are registered synchronously so a woken worker gets its event. */
export function startBackground(): void {
  const background = createBackground();
  serveBackgroundMessages(background.handlers);
  browser.runtime.onInstalled.addListener((details) => {
    handleInstalled(details, {
      write: background.write,
      now: background.now,
      openTab: (path) => browser.tabs.create({ url: browser.runtime.getURL(path as '/welcome.html') }),
    }).catch((error: unknown) => console.error('could not handle the install event', error));
  });
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === wakeAlarmName) void background.wakeUp();
  });
  browser.notifications.onClicked.addListener((id) => void openNotifiedJob(id, background.store));
  browser.windows.onRemoved.addListener((windowId) => background.confirmations.windowClosed(windowId));
  closeStorageToContentScripts();
  const syncSiteRuleScripts = createSiteRuleScripts(productUiScript);
  const siteRulesChanged = () => void getSettings().then((settings) => syncSiteRuleScripts(settings.siteRules.map((rule) => rule.host)));
  const showConnection = () => void getSettings().then((settings) => background.action.showConnection(settings)).catch((error: unknown) => console.error('could not update the toolbar icon', error));
  settingsItem.watch(() => {
    // A token is only good for the endpoint and subscription it was issued for.
    background.tokens.clear();
    showConnection();
    void tellPagesSettingsChanged();
    siteRulesChanged();
  });
  siteRulesChanged();
  showConnection();
  void background.wakeUp();
}

/**
 * Content scripts get only their page's settings, by message (`content.pageSettings`); storage.local
 * is for the extension's pages and worker. Chrome keeps this access level across restarts; Firefox
 * has no such switch for storage.local (only for storage.session), so there it stays readable to
 * content scripts, which is why the photo is not kept there at all (utils/photos/photo-db.ts).
 */
export function closeStorageToContentScripts(): void {
  const local = browser.storage.local as { setAccessLevel?: (options: { accessLevel: 'TRUSTED_CONTEXTS' }) => Promise<void> };
  if (typeof local.setAccessLevel !== 'function') return;
  local.setAccessLevel({ accessLevel: 'TRUSTED_CONTEXTS' }).catch((error: unknown) => console.error('could not close storage.local to content scripts', error));
}

/** Every open page whose product UI runs asks for its settings again, so switching a site off takes the button away at once. */
async function tellPagesSettingsChanged(): Promise<void> {
  const tabs = await browser.tabs.query({});
  await Promise.allSettled(tabs.flatMap((tab) => (tab.id === undefined ? [] : [sendTabMessage(tab.id, 'settings.changed', {})])));
}

function pickDefined<T extends object, K extends keyof T>(source: T, keys: K[]): Partial<Pick<T, K>> {
  return Object.fromEntries(keys.filter((key) => source[key] !== undefined).map((key) => [key, source[key]])) as Partial<Pick<T, K>>;
}
