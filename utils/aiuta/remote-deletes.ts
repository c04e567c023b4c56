import type { AiutaClient } from '@/utils/aiuta/client';
import type { ReportImages } from '@/utils/auth/image-reports';
import { isOperationGone, isTransient } from '@/utils/aiuta/errors';
import { targetOf, type ApiTarget } from '@/utils/aiuta/target';
import { toAppError, type ErrorCode } from '@/utils/errors';
import type { Sleep } from '@/utils/http';
import type { OperationWatch } from '@/utils/jobs/poll-schedule';
import type { SerialQueue } from '@/utils/serial-queue';
import { pendingDeleteSchema, pendingDeletesItem, readValidList, type PendingDelete } from '@/utils/storage';

/** An image on Aiuta's side that belongs to the shopper, and the target (API base + subscription) that stored it. */
export interface RemoteImage {
  kind: 'uploaded' | 'generated';
  id: string;
  expiresAt?: number;
  target: ApiTarget;
  /** What the shopper knew it as (a result's product names), for the history's account of deletes. */
  label?: string;
}

/** A generation the shopper cancelled: its images are deleted once it has them. */
export interface CancelledOperation {
  operationId: string;
  target: ApiTarget;
  /** When the operation was created: the status requests keep to the polling budget from there. */
  createdAt: number;
  /**
   * For a try-on given up here while its generation may still run (it took too long, the service
   * was out): when that happened. It is watched for the polling timeout again from then, at the
   * budget's pace counted from then, since by its creation's count the time is already up.
   */
  handedOverAt?: number;
  label?: string;
}

export interface RemoteDeletes {
  /** Deletes now (each kind and id once); whatever fails is kept and retried later. Resolves to how many are not deleted yet. */
  delete(images: RemoteImage[]): Promise<number>;
  /**
   * Retries what is pending and due (at start-up and on the wake-up alarm: `firstRetryAfterMs`); resumes
   * watching cancelled operations. Resolves to how many images are not deleted yet.
   */
  retryPending(): Promise<number>;
  /** Puts what could not be deleted (the given ids, or all) back in the queue and tries at once. */
  retry(ids?: string[]): Promise<number>;
  /** Watches a cancelled try-on's operation (persisted, so a restarted worker goes on) and deletes its images. */
  deleteWhenDone(operation: CancelledOperation): Promise<void>;
  /** Every record, old ones read with the current target. */
  list(): Promise<PendingDelete[]>;
  /** Stamps records written before targets were recorded with the current target (once, at start-up). */
  adoptUntargeted(): Promise<void>;
  /** "Delete all my data", from inside the write queue: forgets what was deleted and every label. */
  forgetDetails(): Promise<void>;
  /** Resolves when no operation is being watched (for tests). */
  settled(): Promise<void>;
}

export interface RemoteDeletesDeps {
  client: Pick<AiutaClient, 'deleteUploadedImage' | 'deleteGeneratedImage' | 'getOperation'>;
  now: () => number;
  write: SerialQueue;
  /** The current settings: the target of records that have none. */
  getSettings: () => Promise<{ apiBaseUrl: string; subscriptionId: string }>;
  sleep: Sleep;
  /** When to ask about a cancelled operation (utils/jobs/poll-schedule.ts: `operationWatch`). */
  watch: OperationWatch;
  keepAlive?: () => Promise<unknown>;
  /** Tells the token backend a cancelled try-on's images are this installation's, so it issues tokens to delete them. */
  reportImages?: ReportImages;
}

/** After this many failed tries an image is reported as "could not be deleted" (Retry starts over). */
export const maxDeleteTries = 5;
/**
 * How long after its first failed try a pending delete is tried again by itself; the wait doubles
 * with each try (30 s, 1, 2, 4 min), so a few minutes' outage cannot use up every try, however often
 * the worker starts or its wake-up alarm rings.
 */
export const firstRetryAfterMs = 30_000;
/** How many deleted records are kept for the history to show. */
export const keptDeletedRecords = 30;

/** Failures a later try may get past: transient ones, a token that was refused once, a token server not reached. */
const retryLaterCodes = new Set<ErrorCode>(['api_unauthorized', 'token_unreachable']);
function isRetryable(error: unknown): boolean {
  const appError = toAppError(error);
  return isTransient(appError) || retryLaterCodes.has(appError.code);
}

const keyOf = (record: { kind: string; id: string }) => `${record.kind}:${record.id}`;
const withoutLabel = <T extends { label?: string }>({ label: _label, ...record }: T): Omit<T, 'label'> => record;

export function createRemoteDeletes(deps: RemoteDeletesDeps): RemoteDeletes {
  const serial = deps.write;
  const schedule = deps.watch;
  const inFlight = new Set<string>();
  const watching = new Map<string, Promise<void>>();
  /**
   * Raised by forgetDetails. A record read or made before (a delete in flight, a watched operation)
   * still holds its label in memory: its saves write it back only when no forgetting came in between.
   */
  let labelsEpoch = 0;

  const currentTarget = async () => targetOf(await deps.getSettings());
  const readRaw = () => readValidList(pendingDeletesItem, pendingDeleteSchema);
  // Records from before targets were recorded belong to the settings of that time: the current ones.
  const read = async (): Promise<(PendingDelete & { target: ApiTarget })[]> => {
    const records = await readRaw();
    const fallback = records.some((record) => !record.target) ? await currentTarget() : undefined;
    return records.map((record) => ({ ...record, target: record.target ?? fallback! }));
  };

  /**
   * Writes records over the stored ones with the same kind and id, keeping only the newest deleted ones.
   * `since`: the labelsEpoch when the records were read or made; labels forgotten since then stay forgotten.
   */
  const save = (given: PendingDelete[], since: number) =>
    serial(async () => {
      const records = since === labelsEpoch ? given : given.map(withoutLabel);
      const keys = new Set(records.map(keyOf));
      const merged = [...(await readRaw()).filter((old) => !keys.has(keyOf(old))), ...records];
      const deleted = merged.filter((record) => record.state === 'deleted');
      const dropped = new Set(deleted.slice(0, Math.max(0, deleted.length - keptDeletedRecords)));
      await pendingDeletesItem.setValue(merged.filter((record) => !dropped.has(record)));
    });

  async function attempt(record: PendingDelete & { target: ApiTarget }): Promise<PendingDelete> {
    const done = { ...record, state: 'deleted' as const, error: undefined, updatedAt: deps.now() };
    // Aiuta removes expired images itself; a DELETE would only fail.
    if (record.expiresAt !== undefined && record.expiresAt <= deps.now()) return done;
    try {
      if (record.kind === 'uploaded') await deps.client.deleteUploadedImage(record.id, record.target);
      else await deps.client.deleteGeneratedImage(record.id, record.target);
      return { ...done, tries: record.tries + 1 };
    } catch (error) {
      const tries = record.tries + 1;
      const state = isRetryable(error) && tries < maxDeleteTries ? 'pending' : 'failed';
      return { ...record, tries, state, error: toAppError(error).code, updatedAt: deps.now() };
    }
  }

  /** Tries each image once (none twice at the same time), saves the outcomes; resolves to how many are not deleted. */
  async function run(records: (PendingDelete & { target: ApiTarget })[], since: number): Promise<number> {
    const mine = records.filter((record) => record.kind !== 'operation' && !inFlight.has(keyOf(record)));
    for (const record of mine) inFlight.add(keyOf(record));
    try {
      const outcomes: PendingDelete[] = [];
      for (const record of mine) outcomes.push(await attempt(record));
      if (outcomes.length) await save(outcomes, since);
      return outcomes.filter((record) => record.state !== 'deleted').length;
    } finally {
      for (const record of mine) inFlight.delete(keyOf(record));
    }
  }

  function watch(record: PendingDelete & { target: ApiTarget }, since: number): Promise<void> {
    const running = watching.get(record.id);
    if (running) return running;
    const done = follow(record, since)
      .catch((error: unknown) => console.error('watching a cancelled try-on failed', error))
      .finally(() => watching.delete(record.id));
    watching.set(record.id, done);
    return done;
  }

  /**
   * Polls a cancelled operation on the schedule a running try-on keeps to, then deletes what it made.
   * The schedule and the timeout count from its creation, or from its hand-over when it was given up on.
   */
  async function follow(record: PendingDelete & { target: ApiTarget }, since: number): Promise<void> {
    const from = record.handedOverAt ?? record.createdAt ?? deps.now();
    const progress = schedule.start(deps.now() - from);
    let lastKeepAlive = deps.now();
    for (;;) {
      await deps.sleep(Math.max(0, from + schedule.next(progress) - deps.now()));
      progress.sent++;
      progress.lastSentAtMs = deps.now() - from;
      try {
        const state = await deps.client.getOperation(record.id, undefined, record.target);
        if (state.status === 'SUCCESS') {
          const images = state.images
            .filter((image) => image.owner !== 'aiuta')
            .map((image) => ({ kind: 'generated' as const, id: image.id, expiresAt: image.expiresAt, target: record.target, label: record.label }));
          // Noted, then reported as this installation's, and only then is the operation closed: a worker
          // stopped in between watches it again at its next start and does both again.
          const records = images.map(toRecord);
          await remember(records, since);
          if (records.length) await deps.reportImages?.(records.map((image) => image.id));
          await save([{ ...record, state: 'deleted', updatedAt: deps.now() }], since);
          await run(records, since);
          return;
        }
        if (state.status === 'FAILED' || state.status === 'ABORTED' || state.status === 'CANCELLED') {
          // It made nothing that needs deleting.
          await save([{ ...record, state: 'deleted', updatedAt: deps.now() }], since);
          return;
        }
      } catch (error) {
        // The service no longer knows the operation (status 404 and the like): nothing is left of it.
        if (isOperationGone(error)) {
          await save([{ ...record, state: 'deleted', error: toAppError(error).code, updatedAt: deps.now() }], since);
          return;
        }
        // A refusal (no token, 403, an answer that makes no sense): what it made may still be there, so Retry is offered.
        if (!isRetryable(error)) {
          await save([{ ...record, state: 'failed', tries: record.tries + 1, error: toAppError(error).code, updatedAt: deps.now() }], since);
          return;
        }
      }
      if (deps.now() - from >= schedule.timeoutMs) {
        await save([{ ...record, state: 'failed', tries: record.tries + 1, error: 'generation_timeout', updatedAt: deps.now() }], since);
        return;
      }
      if (deps.keepAlive && deps.now() - lastKeepAlive >= schedule.keepAliveEveryMs) {
        lastKeepAlive = deps.now();
        deps.keepAlive().catch(() => undefined);
      }
    }
  }

  const toRecord = (image: RemoteImage): PendingDelete & { target: ApiTarget } => ({ ...image, tries: 0, state: 'pending', updatedAt: deps.now() });
  /** Notes images as pending before the first try, so a worker stopped meanwhile tries them at its next start. */
  const remember = (records: PendingDelete[], since: number) => (records.length ? save(records, since) : Promise.resolve());

  /** Whether a pending delete's next try is due: at once before the first, then after a wait that doubles with each try. */
  const isDue = (record: PendingDelete) => {
    if (!record.tries || record.updatedAt === undefined) return true;
    const waited = deps.now() - record.updatedAt;
    // A clock set back leaves no record stuck.
    return waited < 0 || waited >= firstRetryAfterMs * 2 ** (record.tries - 1);
  };

  async function retryPending(): Promise<number> {
    const since = labelsEpoch;
    const records = await read();
    for (const record of records) if (record.kind === 'operation' && record.state === 'pending') void watch(record, since);
    const pending = records.filter((record) => record.kind !== 'operation' && record.state === 'pending');
    const due = pending.filter(isDue);
    return pending.length - due.length + (await run(due, since));
  }

  return {
    async delete(images) {
      if (!images.length) return 0;
      const since = labelsEpoch;
      // One record and one DELETE per image, keyed as stored, even when two lists name it (a result's upload and a photo).
      const records = [...new Map(images.map((image) => [keyOf(image), toRecord(image)])).values()];
      await remember(records, since);
      return run(records, since);
    },
    retryPending,
    async retry(ids) {
      const since = labelsEpoch;
      const again = (await read())
        .filter((record) => record.state === 'failed' && (!ids || ids.includes(record.id)))
        .map((record) => ({ ...record, state: 'pending' as const, tries: 0, error: undefined, updatedAt: deps.now() }));
      if (!again.length) return 0;
      await save(again, since);
      for (const record of again) if (record.kind === 'operation') void watch(record, since);
      return run(again, since);
    },
    async deleteWhenDone(operation) {
      const since = labelsEpoch;
      const record: PendingDelete & { target: ApiTarget } = {
        kind: 'operation',
        id: operation.operationId,
        target: operation.target,
        createdAt: operation.createdAt,
        handedOverAt: operation.handedOverAt,
        label: operation.label,
        tries: 0,
        state: 'pending',
        updatedAt: deps.now(),
      };
      await save([record], since);
      void watch(record, since);
    },
    list: read,
    async adoptUntargeted() {
      const target = await currentTarget();
      await serial(async () => {
        const records = await readRaw();
        if (records.every((record) => record.target)) return;
        await pendingDeletesItem.setValue(records.map((record) => ({ ...record, target: record.target ?? target })));
      });
    },
    async forgetDetails() {
      labelsEpoch++;
      const records = await readRaw();
      await pendingDeletesItem.setValue(records.filter((record) => record.state !== 'deleted').map(withoutLabel));
    },
    async settled() {
      while (watching.size) await Promise.all([...watching.values()]);
    },
  };
}

