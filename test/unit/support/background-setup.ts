import { fakeBrowser } from 'wxt/testing';
import type { Browser } from 'wxt/browser';
import { createBackground, type BackgroundOptions } from '@/utils/background/wiring';
import { createMessageHandler } from '@/utils/messaging/channel';
import { CHANNEL, EVENT_CHANNEL } from '@/utils/messaging/envelope';
import { backgroundProtocol, type BackgroundProtocol, type Request } from '@/utils/messaging';
import type { Job } from '@/utils/jobs/schema';
import type { ApiFlavour } from '@/utils/aiuta/flavours';
import { defaultSettings } from '@/utils/settings/schema';
import { consentItem, saveSettings } from '@/utils/storage';
import { subscriptionId, type FakeApi } from './fake-api';
import { nodeCodec } from './node-codec';

/** Background options that make every wait tiny, so timeouts and backoff take milliseconds. */
export function fastOptions(overrides: BackgroundOptions = {}): BackgroundOptions {
  return {
    codec: nodeCodec,
    timeouts: { upload: 2_000, create: 2_000, status: 1_000, models: 1_000, delete: 1_000 },
    retryLimits: { maxAttempts: 4, baseDelayMs: 1, maxDelayMs: 4, maxRetryAfterMs: 30_000 },
    schedule: { budgetMsPerRequest: 1, denseMs: 3, sparseMs: 10, denseLead: 0.1, denseLeadMinMs: 3, backoffFromMs: 300, backoffSlope: 0.05, maxMs: 20, timeoutMs: 3_000 },
    keepAlive: async () => undefined,
    notify: async () => undefined,
    ...overrides,
  };
}

export async function configure(api: FakeApi, flavour: ApiFlavour = 'digital-try-on-v1', extra: Partial<typeof defaultSettings> = {}) {
  await saveSettings({
    ...defaultSettings,
    subscriptionId,
    tokenEndpoint: api.tokenEndpoint,
    apiBaseUrl: flavour === 'digital-try-on-v1' ? api.dtoBase : api.unifiedBase,
    apiFlavour: flavour,
    ...extra,
  });
  await consentItem.setValue({ acceptedAt: 1 });
}

const extensionUrl = (page: string) => fakeBrowser.runtime.getURL(page);

/** Sender records as the browser would fill them in. */
export const senders = {
  panel: (tabId = 7): Browser.runtime.MessageSender => ({ id: fakeBrowser.runtime.id, url: extensionUrl('/panel.html'), tab: { id: tabId } as Browser.tabs.Tab }),
  popup: (): Browser.runtime.MessageSender => ({ id: fakeBrowser.runtime.id, url: extensionUrl('/popup.html') }),
  options: (): Browser.runtime.MessageSender => ({ id: fakeBrowser.runtime.id, url: extensionUrl('/options.html') }),
  content: (tabId = 7): Browser.runtime.MessageSender => ({ id: fakeBrowser.runtime.id, url: 'https://shop.example/p/1', tab: { id: tabId } as Browser.tabs.Tab }),
};

/** Sends a message through the real receiving side (envelope, sender check, zod) to the engine's handlers. */
export async function send<T extends keyof BackgroundProtocol & string>(
  engine: ReturnType<typeof createBackground>,
  type: T,
  data: Request<BackgroundProtocol, T>,
  sender: Browser.runtime.MessageSender = senders.panel(),
) {
  const handle = createMessageHandler(backgroundProtocol, engine.handlers);
  const reply = await handle({ channel: CHANNEL, type, data }, sender);
  return reply as { ok: true; data: any } | { ok: false; error: { code: string; message: string } };
}

/** Every job.updated event the background emits. */
export function captureJobEvents(): Job[] {
  const events: Job[] = [];
  fakeBrowser.runtime.onMessage.addListener((message: any) => {
    if (message?.channel === EVENT_CHANNEL && message.type === 'job.updated') events.push(message.data.job);
    return undefined;
  });
  return events;
}

/** Resolves once the job reaches a finished state (or fails the test after `ms`). */
export async function waitForJob(engine: ReturnType<typeof createBackground>, jobId: string, ms = 5_000): Promise<Job> {
  const deadline = Date.now() + ms;
  for (;;) {
    const job = (await engine.jobs.list()).find((candidate) => candidate.id === jobId);
    if (job && ['done', 'failed', 'cancelled'].includes(job.status)) return job;
    if (Date.now() > deadline) throw new Error(`job ${jobId} did not finish: ${JSON.stringify(job)}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

export const sampleItem = { skuId: 'SKU-123', name: 'Linen shirt' };
