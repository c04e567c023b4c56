import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import type { AiutaClient, DeleteOutcome, OperationState } from '@/utils/aiuta/client';
import { createRemoteDeletes, firstRetryAfterMs, maxDeleteTries, type RemoteDeletesDeps } from '@/utils/aiuta/remote-deletes';
import type { ApiTarget } from '@/utils/aiuta/target';
import { AppError } from '@/utils/errors';
import { apiResponseError, operationGoneError } from '@/utils/aiuta/errors';
import { createHistory } from '@/utils/history/history';
import { createSerialQueue } from '@/utils/serial-queue';
import { operationWatch } from '@/utils/jobs/poll-schedule';
import { historyItem, pendingDeletesItem } from '@/utils/storage';

const first: ApiTarget = { apiBaseUrl: 'https://first.example/v1', subscriptionId: 'sub-first' };
const second: ApiTarget = { apiBaseUrl: 'https://second.example/v1', subscriptionId: 'sub-second' };

type HostBehaviour = 'ok' | 'gone' | 'down' | 'refuses' | { status: number };

/** One fake Aiuta host per API base: what it does with deletes, what it says about operations, what it was asked. */
function fakeHosts() {
  const behaviour = new Map<string, HostBehaviour>();
  const operations = new Map<string, OperationState>();
  const calls: { host: string; subscription: string; what: string }[] = [];
  const deleteAt = async (kind: string, id: string, target: ApiTarget): Promise<DeleteOutcome> => {
    calls.push({ host: target.apiBaseUrl, subscription: target.subscriptionId, what: `${kind}:${id}` });
    const how = behaviour.get(target.apiBaseUrl) ?? 'ok';
    if (how === 'down') throw new AppError('api_unreachable', 'down');
    if (how === 'refuses') throw new AppError('token_rejected', 'not yours');
    if (typeof how === 'object') throw apiResponseError(how.status, { error: 'no' }, 'delete');
    return how === 'gone' ? 'gone' : 'deleted';
  };
  const client: RemoteDeletesDeps['client'] = {
    deleteUploadedImage: (id, target) => deleteAt('uploaded', id, target),
    deleteGeneratedImage: (id, target) => deleteAt('generated', id, target),
    getOperation: async (id, _signal, target) => {
      calls.push({ host: target!.apiBaseUrl, subscription: target!.subscriptionId, what: `status:${id}` });
      const how = behaviour.get(target!.apiBaseUrl) ?? 'ok';
      if (how === 'down') throw new AppError('api_unreachable', 'down');
      if (how === 'refuses') throw new AppError('token_rejected', 'not yours');
      if (how === 'gone') throw operationGoneError();
      return operations.get(`${target!.apiBaseUrl}|${id}`) ?? { status: 'IN_PROGRESS', images: [] };
    },
  } satisfies Pick<AiutaClient, 'deleteUploadedImage' | 'deleteGeneratedImage' | 'getOperation'>;
  return { behaviour, operations, calls, client };
}

describe('remote deletes', () => {
  let hosts: ReturnType<typeof fakeHosts>;
  let settings: ApiTarget;
  let clock: number;
  const write = createSerialQueue();
  const make = () =>
    createRemoteDeletes({
      client: hosts.client,
      now: () => clock,
      write,
      getSettings: async () => settings,
      watch: operationWatch(),
      // Time moves on by what is waited for; no real waiting.
      sleep: async (ms) => {
        clock += ms;
        await new Promise((resolve) => setImmediate(resolve));
      },
    });
  const records = async () => (await pendingDeletesItem.getValue()) as { id: string; state: string; target?: ApiTarget; tries: number; label?: string; error?: string }[];

  beforeEach(() => {
    fakeBrowser.reset();
    hosts = fakeHosts();
    settings = first;
    clock = 1_000_000;
  });

  it('deletes each image at the host and subscription that stored it, whatever the settings say now', async () => {
    const deletes = make();
    settings = second;
    expect(await deletes.delete([
      { kind: 'generated', id: 'g-1', target: first, label: 'Linen Shirt' },
      { kind: 'uploaded', id: 'u-2', target: second },
    ])).toBe(0);
    expect(hosts.calls).toEqual([
      { host: first.apiBaseUrl, subscription: 'sub-first', what: 'generated:g-1' },
      { host: second.apiBaseUrl, subscription: 'sub-second', what: 'uploaded:u-2' },
    ]);
    expect(await records()).toMatchObject([
      { id: 'g-1', state: 'deleted', target: first, label: 'Linen Shirt' },
      { id: 'u-2', state: 'deleted', target: second },
    ]);
  });

  it('keeps a delete whose host is down pending, retries it later at that host, and reports it after the last try', async () => {
    const deletes = make();
    hosts.behaviour.set(first.apiBaseUrl, 'down');
    expect(await deletes.delete([{ kind: 'generated', id: 'g-1', target: first }])).toBe(1);
    expect(await records()).toMatchObject([{ id: 'g-1', state: 'pending', tries: 1 }]);
    // The settings moved to a host that would answer 404 for anything: that must not count.
    settings = second;
    hosts.behaviour.set(second.apiBaseUrl, 'gone');
    const aWhileLater = () => (clock += 60 * firstRetryAfterMs);
    for (let tries = 2; tries < maxDeleteTries; tries++) {
      aWhileLater();
      expect(await deletes.retryPending()).toBe(1);
      expect(await records()).toMatchObject([{ id: 'g-1', state: 'pending', tries }]);
    }
    aWhileLater();
    expect(await deletes.retryPending()).toBe(1);
    expect(await records()).toMatchObject([{ id: 'g-1', state: 'failed', tries: maxDeleteTries }]);
    expect(hosts.calls.every((call) => call.host === first.apiBaseUrl)).toBe(true);
    // Reported, not retried on its own...
    aWhileLater();
    expect(await deletes.retryPending()).toBe(0);
    expect(hosts.calls).toHaveLength(maxDeleteTries);
    // ...until the shopper asks, once the host is back.
    hosts.behaviour.set(first.apiBaseUrl, 'ok');
    expect(await deletes.retry(['g-1'])).toBe(0);
    expect(await records()).toMatchObject([{ id: 'g-1', state: 'deleted', target: first }]);
  });

  it('keeps a delete the service answered with 5xx or 401 pending and tries it again; a 403 or 422 is reported at once', async () => {
    for (const status of [500, 502, 503, 504, 401]) {
      fakeBrowser.reset();
      const deletes = make();
      hosts.behaviour.set(first.apiBaseUrl, { status });
      expect(await deletes.delete([{ kind: 'generated', id: `g-${status}`, target: first }])).toBe(1);
      expect(await records(), `HTTP ${status}`).toMatchObject([{ id: `g-${status}`, state: 'pending', tries: 1 }]);
      hosts.behaviour.set(first.apiBaseUrl, 'ok');
      clock += firstRetryAfterMs;
      expect(await deletes.retryPending(), `HTTP ${status}`).toBe(0);
      expect(await records()).toMatchObject([{ id: `g-${status}`, state: 'deleted', tries: 2 }]);
    }
    for (const status of [403, 422]) {
      fakeBrowser.reset();
      const deletes = make();
      hosts.behaviour.set(first.apiBaseUrl, { status });
      await deletes.delete([{ kind: 'generated', id: `g-${status}`, target: first }]);
      expect(await records(), `HTTP ${status}`).toMatchObject([{ id: `g-${status}`, state: 'failed', tries: 1 }]);
    }
  });

  it('makes five tries in all, 30 s, then 1, 2 and 4 minutes apart, as the README tells the shopper', async () => {
    const deletes = make();
    hosts.behaviour.set(first.apiBaseUrl, 'down');
    await deletes.delete([{ kind: 'generated', id: 'g-1', target: first }]);
    const calls = () => hosts.calls.length;
    for (const [wait, triesSoFar] of [[30_000, 2], [60_000, 3], [120_000, 4], [240_000, 5]] as const) {
      clock += wait - 1000;
      await deletes.retryPending();
      expect(calls()).toBe(triesSoFar - 1);
      clock += 1000;
      await deletes.retryPending();
      expect(calls()).toBe(triesSoFar);
    }
    expect(await records()).toMatchObject([{ id: 'g-1', state: 'failed', tries: 5 }]);
    clock += 3_600_000;
    await deletes.retryPending();
    expect(calls()).toBe(5);
  });

  it('spaces the tries it makes by itself, so an outage of a few minutes during a try-on does not use them all up', async () => {
    const deletes = make();
    hosts.behaviour.set(first.apiBaseUrl, 'down');
    expect(await deletes.delete([{ kind: 'generated', id: 'g-1', target: first }])).toBe(1);
    // The wake-up alarm rings every 30 s while a try-on runs; the worker may also start in between.
    for (let ring = 0; ring < maxDeleteTries; ring++) {
      clock += 30_000;
      await deletes.retryPending();
    }
    const [waiting] = await records();
    expect(waiting).toMatchObject({ id: 'g-1', state: 'pending' });
    expect(waiting!.tries).toBeLessThan(maxDeleteTries - 1);
    expect(hosts.calls).toHaveLength(waiting!.tries);
    // Not due yet: the service answers again, but the next try waits for its turn.
    hosts.behaviour.set(first.apiBaseUrl, 'ok');
    expect(await deletes.retryPending()).toBe(1);
    expect(await records()).toMatchObject([{ id: 'g-1', state: 'pending', tries: waiting!.tries }]);
    clock += firstRetryAfterMs * 2 ** (waiting!.tries - 1);
    expect(await deletes.retryPending()).toBe(0);
    expect(await records()).toMatchObject([{ id: 'g-1', state: 'deleted' }]);
  });

  it('tries at once what it noted but never tried (a worker stopped before the first try), and what the shopper retries', async () => {
    await pendingDeletesItem.setValue([{ kind: 'generated', id: 'g-0', target: first, tries: 0, state: 'pending', updatedAt: clock }]);
    const deletes = make();
    hosts.behaviour.set(first.apiBaseUrl, 'refuses');
    expect(await deletes.retryPending()).toBe(1);
    expect(await records()).toMatchObject([{ id: 'g-0', state: 'failed', tries: 1 }]);
    hosts.behaviour.set(first.apiBaseUrl, 'ok');
    expect(await deletes.retry(['g-0'])).toBe(0);
    expect(hosts.calls).toHaveLength(2);
  });

  it('reports a refused delete as not deleted at once (no point asking five times)', async () => {
    const deletes = make();
    hosts.behaviour.set(first.apiBaseUrl, 'refuses');
    expect(await deletes.delete([{ kind: 'generated', id: 'g-1', target: first }])).toBe(1);
    expect(await records()).toMatchObject([{ id: 'g-1', state: 'failed', tries: 1 }]);
  });

  it('reads pending deletes of older versions (no target, no state) as the current target, never drops them', async () => {
    await pendingDeletesItem.setValue([{ kind: 'generated', id: 'old-1', tries: 1 }]);
    const deletes = make();
    expect(await deletes.list()).toMatchObject([{ id: 'old-1', state: 'pending', target: first }]);
    await deletes.adoptUntargeted();
    // Stamped: a later change of settings does not move it.
    settings = second;
    expect(await records()).toMatchObject([{ id: 'old-1', target: first }]);
    hosts.behaviour.set(first.apiBaseUrl, 'down');
    expect(await deletes.retryPending()).toBe(1);
    expect(hosts.calls).toEqual([{ host: first.apiBaseUrl, subscription: 'sub-first', what: 'generated:old-1' }]);
  });

  it('reads history entries of older versions as the current target, and stamps them at start-up', async () => {
    await historyItem.setValue([{ id: 'h-1', jobId: 'h-1', items: [{ skuId: 'SKU-1', name: 'Scarf' }], createdAt: 1, images: [{ id: 'g-old', url: 'https://x/g.jpg' }] }]);
    const deletes = make();
    const history = createHistory({ remoteDeletes: deletes, write, getSettings: async () => settings });
    expect(await history.list()).toMatchObject([{ id: 'h-1', target: first }]);
    await history.adoptUntargeted();
    settings = second;
    expect(await history.list()).toMatchObject([{ id: 'h-1', target: first }]);
    await history.delete('h-1');
    expect(hosts.calls).toEqual([{ host: first.apiBaseUrl, subscription: 'sub-first', what: 'generated:g-old' }]);
    expect(await records()).toMatchObject([{ id: 'g-old', state: 'deleted', label: 'Scarf' }]);
  });

  it('deletes a cancelled operation\'s images once it finishes, at its own host, within the polling budget', async () => {
    const deletes = make();
    settings = second;
    await deletes.deleteWhenDone({ operationId: 'op-1', target: first, createdAt: clock, label: 'Linen Shirt' });
    expect(await records()).toMatchObject([{ id: 'op-1', state: 'pending' }]);
    // Let it be asked a few times while it runs, then finish.
    while (hosts.calls.length < 3) await new Promise((resolve) => setImmediate(resolve));
    hosts.operations.set(`${first.apiBaseUrl}|op-1`, {
      status: 'SUCCESS',
      images: [{ id: 'g-late', url: 'https://first.example/g-late.jpg', owner: 'user' }],
    });
    await deletes.settled();
    const asked = hosts.calls.filter((call) => call.what.startsWith('status:'));
    expect(asked.every((call) => call.host === first.apiBaseUrl)).toBe(true);
    expect(hosts.calls.at(-1)).toEqual({ host: first.apiBaseUrl, subscription: 'sub-first', what: 'generated:g-late' });
    // At most one status request per second since the operation was created.
    expect(asked.length).toBeLessThanOrEqual(Math.ceil((clock - 1_000_000) / 1000));
    expect((await records()).sort((a, b) => a.id.localeCompare(b.id))).toMatchObject([
      { id: 'g-late', state: 'deleted', label: 'Linen Shirt' },
      { id: 'op-1', state: 'deleted' },
    ]);
  });

  it('goes on watching a cancelled operation after a restart, and gives up past the polling timeout', async () => {
    const before = make();
    hosts.behaviour.set(first.apiBaseUrl, 'down');
    await pendingDeletesItem.setValue([{ kind: 'operation', id: 'op-2', target: first, createdAt: clock, tries: 0, state: 'pending' }]);
    // A worker that starts finds it and resumes; the host never answers, so the budget runs out.
    await before.retryPending();
    await before.settled();
    expect(await records()).toMatchObject([{ id: 'op-2', state: 'failed' }]);
    // Retry asks again once the host is back; the operation had finished and its image goes.
    hosts.behaviour.set(first.apiBaseUrl, 'ok');
    hosts.operations.set(`${first.apiBaseUrl}|op-2`, { status: 'SUCCESS', images: [{ id: 'g-2', url: 'https://first.example/g-2.jpg', owner: 'user' }] });
    const after = make();
    await after.retry(['op-2']);
    await after.settled();
    expect((await records()).sort((a, b) => a.id.localeCompare(b.id))).toMatchObject([
      { id: 'g-2', state: 'deleted' },
      { id: 'op-2', state: 'deleted' },
    ]);
  });

  it('a cancelled operation that failed on the service leaves nothing to delete', async () => {
    const deletes = make();
    hosts.operations.set(`${first.apiBaseUrl}|op-3`, { status: 'ABORTED', images: [] });
    await deletes.deleteWhenDone({ operationId: 'op-3', target: first, createdAt: clock });
    await deletes.settled();
    expect(await records()).toMatchObject([{ id: 'op-3', state: 'deleted' }]);
    expect(hosts.calls.filter((call) => !call.what.startsWith('status:'))).toEqual([]);
  });

  it('"Delete all my data" while a delete is in flight: its outcome is saved without the label forgotten meanwhile', async () => {
    const answers = hosts.client.deleteGeneratedImage;
    let answer!: () => void;
    const asked = new Promise<void>((resolve) => {
      hosts.client.deleteGeneratedImage = (id, target) => {
        resolve();
        return new Promise<DeleteOutcome>((done) => (answer = () => done(answers(id, target))));
      };
    });
    const deletes = make();
    const deleting = deletes.delete([{ kind: 'generated', id: 'g-1', target: first, label: 'Linen Shirt' }]);
    await asked;
    await write(() => deletes.forgetDetails());
    answer();
    expect(await deleting).toBe(0);
    expect(await records()).toMatchObject([{ id: 'g-1', state: 'deleted' }]);
    expect((await records())[0]).not.toHaveProperty('label');

    // A delete that starts afterwards, for a new try-on, keeps its label.
    hosts.client.deleteGeneratedImage = answers;
    await deletes.delete([{ kind: 'generated', id: 'g-new', target: first, label: 'Wool Coat' }]);
    expect((await records()).find((record) => record.id === 'g-new')).toMatchObject({ state: 'deleted', label: 'Wool Coat' });
  });

  it('"Delete all my data" while a cancelled operation is watched: neither it nor the images it made get their label back', async () => {
    const deletes = make();
    await deletes.deleteWhenDone({ operationId: 'op-6', target: first, createdAt: clock, label: 'Linen Shirt' });
    while (hosts.calls.length < 2) await new Promise((resolve) => setImmediate(resolve));
    await write(() => deletes.forgetDetails());
    hosts.operations.set(`${first.apiBaseUrl}|op-6`, { status: 'SUCCESS', images: [{ id: 'g-6', url: 'https://first.example/g-6.jpg', owner: 'user' }] });
    await deletes.settled();
    expect(hosts.calls.at(-1)).toMatchObject({ what: 'generated:g-6' });
    const stored = (await records()).sort((a, b) => a.id.localeCompare(b.id));
    expect(stored).toMatchObject([{ id: 'g-6', state: 'deleted' }, { id: 'op-6', state: 'deleted' }]);
    expect(stored.filter((record) => 'label' in record)).toEqual([]);
  });

  it('counts a cancelled operation as gone only when the service no longer knows it; a refusal leaves it to Retry', async () => {
    const deletes = make();
    hosts.behaviour.set(first.apiBaseUrl, 'gone');
    await deletes.deleteWhenDone({ operationId: 'op-4', target: first, createdAt: clock });
    await deletes.settled();
    expect(await records()).toMatchObject([{ id: 'op-4', state: 'deleted' }]);

    // Refused (no token for that subscription): what it made may still be at the service.
    hosts.behaviour.set(first.apiBaseUrl, 'refuses');
    await deletes.deleteWhenDone({ operationId: 'op-5', target: first, createdAt: clock });
    await deletes.settled();
    expect((await records()).find((record) => record.id === 'op-5')).toMatchObject({ state: 'failed', error: 'token_rejected' });

    // Retry once the service answers: the operation had finished, and its image goes.
    hosts.behaviour.set(first.apiBaseUrl, 'ok');
    hosts.operations.set(`${first.apiBaseUrl}|op-5`, { status: 'SUCCESS', images: [{ id: 'g-5', url: 'https://first.example/g-5.jpg', owner: 'user' }] });
    await deletes.retry(['op-5']);
    await deletes.settled();
    expect(hosts.calls.map((call) => call.what)).toContain('generated:g-5');
    expect((await records()).find((record) => record.id === 'op-5')).toMatchObject({ state: 'deleted' });
  });
});
