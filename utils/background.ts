import { browser } from 'wxt/browser';
import { AppError } from '@/utils/errors';
import { emitEvent, sendTabMessage, serveBackgroundMessages, type BackgroundProtocol, type Handlers } from '@/utils/messaging';
import { createAiutaClient, type AiutaClient, type AiutaClientDeps } from '@/utils/aiuta/client';
import { defaultHttpDeps, type HttpDeps } from '@/utils/http';
import type { RetryLimits } from '@/utils/aiuta/http';
import { apiTarget } from '@/utils/aiuta/target';
import { listModelsCached } from '@/utils/aiuta/models-cache';
import { testConnection } from '@/utils/auth/connection-test';
import { createTokenBroker, type TokenBroker } from '@/utils/auth/token-broker';
import { createHistory, type History } from '@/utils/history/history';
import { createRemoteDeletes, type RemoteDeletes, type RemoteImage } from '@/utils/aiuta/remote-deletes';
import { createJobEngine, type JobEngine } from '@/utils/jobs/engine';
import { createJobStore, type JobStore } from '@/utils/jobs/job-store';
import { notifyWhenHidden, openNotifiedJob } from '@/utils/jobs/notify';
import type { PollSchedule } from '@/utils/jobs/poll-schedule';
import { isFinished, type Job } from '@/utils/jobs/schema';
import { createPanelSessions, type PanelSessions } from '@/utils/panel-sessions';
import { canvasCodec, type PhotoCodec } from '@/utils/photos/codec';
import { createPhotoStore, type PhotoStore } from '@/utils/photos/store';
import { consentItem, generationTimesItem, getSettings, modelsCacheItem, outfitItem, settingsItem } from '@/utils/storage';

/** What tests and benchmarks replace; the worker uses the defaults. */
export interface EngineOptions extends Partial<HttpDeps> {
  codec?: PhotoCodec;
  newId?: () => string;
  timeouts?: AiutaClientDeps['timeouts'];
  retryLimits?: RetryLimits;
  schedule?: PollSchedule;
  notify?: (job: Job) => Promise<void>;
  keepAlive?: () => Promise<unknown>;
}

export interface Engine {
  handlers: Handlers<BackgroundProtocol>;
  tokens: TokenBroker;
  client: AiutaClient;
  photos: PhotoStore;
  history: History;
  remoteDeletes: RemoteDeletes;
  panels: PanelSessions;
  store: JobStore;
  jobs: JobEngine;
  /** At start-up and on the wake-up alarm: continue unfinished jobs, retry failed remote deletes. */
  wakeUp(): Promise<void>;
}

/** Fires every 30 s (the shortest period Chrome allows) while a job is unfinished. */
export const wakeAlarmName = 'jobs.wake';

export function createEngine(options: EngineOptions = {}): Engine {
  const http: HttpDeps = { ...defaultHttpDeps(), ...pickDefined(options, ['fetch', 'sleep', 'random', 'now']) };
  const now = http.now;
  const newId = options.newId ?? (() => crypto.randomUUID());
  const tokens = createTokenBroker({ getSettings, fetch: http.fetch, now, sleep: http.sleep });
  const client = createAiutaClient({ getSettings, tokens, http, timeouts: options.timeouts, retryLimits: options.retryLimits });
  const remoteDeletes = createRemoteDeletes({ client, now });
  const photos = createPhotoStore({ client, codec: options.codec ?? canvasCodec, remoteDeletes, now, getSettings });
  const history = createHistory({ remoteDeletes });
  const panels = createPanelSessions({ now, newId });
  const store = createJobStore({ now, announce: (job) => emitEvent('job.updated', { job }) });
  const jobs = createJobEngine({
    store,
    client,
    photos,
    history,
    now,
    sleep: http.sleep,
    newId,
    schedule: options.schedule,
    notify: options.notify ?? notifyWhenHidden,
    keepAlive: options.keepAlive ?? (() => browser.runtime.getPlatformInfo()),
    wake: {
      start: async () => {
        await browser.alarms.create(wakeAlarmName, { periodInMinutes: 0.5 });
      },
      stop: async () => {
        await browser.alarms.clear(wakeAlarmName);
      },
    },
  });

  async function deleteAll(): Promise<void> {
    const jobList = await store.all();
    await Promise.all(jobList.filter((job) => !isFinished(job)).map((job) => jobs.cancel(job.id)));
    const remote: RemoteImage[] = [
      ...(await history.clear()),
      ...(await photos.clear()),
      ...jobList.flatMap((job): RemoteImage[] => (job.photo.kind === 'saved' && job.uploadedImageId ? [{ kind: 'uploaded', id: job.uploadedImageId }] : [])),
    ];
    await Promise.all([
      store.clear(),
      panels.clear(),
      modelsCacheItem.removeValue(),
      generationTimesItem.removeValue(),
      consentItem.removeValue(),
      outfitItem.removeValue(),
    ]);
    tokens.clear();
    const unique = [...new Map(remote.map((image) => [`${image.kind}:${image.id}`, image])).values()];
    await remoteDeletes.retryPending();
    const failed = await remoteDeletes.delete(unique);
    if (failed) {
      throw new AppError('remote_delete_failed', `Everything was removed from this device, but ${failed} image(s) on the try-on service could not be deleted yet. The extension will try again later.`);
    }
  }

  const handlers: Handlers<BackgroundProtocol> = {
    ping: () => ({ version: browser.runtime.getManifest().version }),
    'content.loadProductUi': async (_request, sender) => {
      if (sender.tab?.id === undefined) throw new AppError('forbidden_sender', 'Only a store page can load the product UI.');
      await browser.scripting.executeScript({
        target: { tabId: sender.tab.id, frameIds: [sender.frameId ?? 0] },
        files: [productUiScript],
      });
      return { ok: true as const };
    },
    'panel.open': async ({ product }, sender) => {
      if (sender.tab?.id === undefined) throw new AppError('forbidden_sender', 'The try-on panel can only be opened from a store page.');
      return { sessionId: await panels.open(product, sender.tab.id) };
    },
    'panel.session': async ({ sessionId }, sender) => ({ product: await panels.read(sessionId, sender.tab?.id) }),
    'panel.close': async ({ sessionId }, sender) => {
      // Only the panel this session belongs to may close the panel of its tab.
      await panels.read(sessionId, sender.tab?.id);
      return sendTabMessage(sender.tab!.id!, 'panel.close', {}, { frameId: 0 });
    },
    'tryOn.start': async (request, sender) => ({ job: await jobs.start({ ...request, tabId: sender.tab?.id }) }),
    'tryOn.cancel': async ({ jobId }) => ({ job: await jobs.cancel(jobId) }),
    'jobs.list': async () => ({ jobs: await jobs.list() }),
    'photo.save': async ({ dataUrl }) => ({ photo: await photos.save(dataUrl) }),
    'photo.get': async () => ({ photo: await photos.get() }),
    'photo.delete': async () => {
      await photos.delete();
      return { ok: true as const };
    },
    'models.list': async () => ({ categories: await listModelsCached(client, apiTarget(await getSettings()), now) }),
    'history.list': async () => ({ entries: await history.list() }),
    'history.delete': async ({ id }) => {
      await history.delete(id);
      return { ok: true as const };
    },
    'data.deleteAll': async () => {
      await deleteAll();
      return { ok: true as const };
    },
    'settings.testConnection': () => testConnection(tokens, client),
  };

  return {
    handlers,
    tokens,
    client,
    photos,
    history,
    remoteDeletes,
    panels,
    store,
    jobs,
    /** Resumes unfinished try-ons and retries queued remote deletes; one failing does not stop the other. */
    async wakeUp() {
      const results = await Promise.allSettled([jobs.resume(), remoteDeletes.retryPending()]);
      for (const result of results) if (result.status === 'rejected') console.error('wake-up step failed', result.reason);
    },
  };
}

/** The product UI content script (entrypoints/product.content), injected where the probe finds a product. */
export const productUiScript = '/content-scripts/product.js';

/** Wires the background worker. Listeners are registered synchronously so a woken worker gets its event. */
export function startBackground(): void {
  const engine = createEngine();
  serveBackgroundMessages(engine.handlers);
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === wakeAlarmName) void engine.wakeUp();
  });
  browser.notifications.onClicked.addListener((id) => void openNotifiedJob(id, engine.store));
  // A token is only good for the endpoint and subscription it was issued for.
  settingsItem.watch(() => engine.tokens.clear());
  void engine.wakeUp();
}

function pickDefined<T extends object, K extends keyof T>(source: T, keys: K[]): Partial<Pick<T, K>> {
  return Object.fromEntries(keys.filter((key) => source[key] !== undefined).map((key) => [key, source[key]])) as Partial<Pick<T, K>>;
}
