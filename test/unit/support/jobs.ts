import type { AiutaClient, OperationState } from '@/utils/aiuta/client';
import { createJobEngine } from '@/utils/jobs/engine';
import { createJobStore } from '@/utils/jobs/job-store';
import type { Job } from '@/utils/jobs/schema';
import { createSerialQueue } from '@/utils/serial-queue';

/** A stored try-on for tests: one item, the saved photo, all times 1; `over` sets what the test is about. */
export function jobFixture(over: Partial<Job> = {}): Job {
  return {
    id: 'job-1',
    status: 'done',
    items: [{ skuId: 'SKU-1', name: 'Linen shirt' }],
    photo: { kind: 'saved' },
    createdAt: 1,
    updatedAt: 1,
    stageStartedAt: 1,
    ...over,
  };
}

/** A step a test holds until it says so: `held` settles once `release()` is called. */
export function holdUntilReleased(): { held: Promise<void>; release: () => void } {
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  return { held, release };
}

/** A clock that only moves when told: every wait of an engine on it moves it on at once. */
export function injectedClock(start: number) {
  const clock = {
    now: start,
    async tick(ms: number) {
      clock.now += ms;
      await Promise.resolve();
    },
  };
  return clock;
}

/**
 * A job engine (with its real store and poll schedule) on an injected clock against a scripted
 * service: `create` runs before the create is answered (with operation `op-1`), `status` answers each
 * status request; the photo and the history are stand-ins that keep nothing.
 */
export function engineAgainstScript(
  clock: ReturnType<typeof injectedClock>,
  service: { create(): Promise<void>; status(): Promise<OperationState> },
  jobId = 'job-1',
) {
  const client = {
    async createTryOn() {
      await service.create();
      return { operationId: 'op-1', target: { apiBaseUrl: 'https://api.example.test/v1', subscriptionId: 'sub-1' } };
    },
    getOperation: () => service.status(),
  } as unknown as AiutaClient;
  const write = createSerialQueue();
  const store = createJobStore({ now: () => clock.now, write, announce: async () => undefined });
  const engine = createJobEngine({
    store,
    client,
    photos: { ensureUploaded: async () => 'uploaded-1', forgetUpload: async () => undefined },
    history: { add: async () => undefined, discard: async () => undefined },
    now: () => clock.now,
    sleep: async (ms, signal) => {
      signal?.throwIfAborted();
      await clock.tick(ms);
    },
    newId: () => jobId,
    write,
  });
  return { engine, store };
}

/** A generated picture as a finished operation reports it. */
export const succeeded = (): OperationState => ({ status: 'SUCCESS', images: [{ id: 'generated-1', url: 'https://example.test/1.jpg', owner: 'user' }] });
export const stillRunning = (): OperationState => ({ status: 'IN_PROGRESS', images: [] });
