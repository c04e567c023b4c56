import { AppError, toAppError } from '@/utils/errors';
import { defaultTimeouts, type AiutaClient, type OperationState } from '@/utils/aiuta/client';
import type { ApiTarget } from '@/utils/aiuta/target';
import type { ReportImages } from '@/utils/auth/image-reports';
import { abortReasonError, isOperationGone, isTransient, operationFailedError } from '@/utils/aiuta/errors';
import type { Sleep } from '@/utils/http';
import type { RemoteDeletes } from '@/utils/aiuta/remote-deletes';
import type { History } from '@/utils/history/history';
import type { JobStore } from '@/utils/jobs/job-store';
import {
  addGenerationSample,
  defaultPollSchedule,
  expectedDurationMs,
  keepAliveEveryMs,
  nextPollAt,
  progressAt,
  type PollSchedule,
} from '@/utils/jobs/poll-schedule';
import { isFinished, jobNotFoundError, type Job, type PhotoChoice } from '@/utils/jobs/schema';
import type { PhotoStore } from '@/utils/photos/store';
import { resultLabel, type TryOnItem } from '@/utils/product';
import type { SerialQueue } from '@/utils/serial-queue';
import { generationTimesItem, generationTimesSchema, readValid } from '@/utils/storage';

/**
 * Try-on jobs: queued -> uploading -> generating -> done | failed | cancelled. Every step is written
 * to session storage before the next begins, so a worker that was stopped picks each job up where it
 * was (`resume`, called at start-up and by the wake-up alarm).
 */
export interface JobEngine {
  start(request: StartRequest): Promise<Job>;
  cancel(jobId: string): Promise<Job>;
  list(): Promise<Job[]>;
  /** Continues every unfinished job that is not already running in this worker. */
  resume(): Promise<void>;
  /** Stops this instance's loops without touching stored state, as a stopped worker would. */
  dispose(): void;
  /** Resolves when no job loop is running (for tests and benchmarks). */
  settled(): Promise<void>;
}

export interface StartRequest {
  items: TryOnItem[];
  skuCatalogName?: string;
  photo: PhotoChoice;
  tabId?: number;
}

export interface JobEngineDeps {
  store: JobStore;
  client: AiutaClient;
  photos: Pick<PhotoStore, 'ensureUploaded' | 'forgetUpload'>;
  history: Pick<History, 'add' | 'discard'>;
  /** Deletes the images of a try-on cancelled (or failed) after its operation was created, once they exist. */
  remoteDeletes?: Pick<RemoteDeletes, 'deleteWhenDone'>;
  now: () => number;
  sleep: Sleep;
  newId: () => string;
  schedule?: PollSchedule;
  /** Tells the shopper about a finished job (e.g. a notification when its tab is hidden). */
  notify?: (job: Job) => Promise<void>;
  /** The wake-up alarm: on while any job is unfinished, so a stopped worker is started again. */
  wake?: { start(): Promise<void>; stop(): Promise<void> };
  /** Any extension API call: keeps the worker from being stopped while it is only waiting on fetch. */
  keepAlive?: () => Promise<unknown>;
  /** The background's storage write queue. */
  write: SerialQueue;
  /** Tells the token backend the generated images are this installation's (for deleting them later). */
  reportImages?: ReportImages;
  /**
   * A status request unanswered this long, or one that failed, marks the service as not answering
   * (`serviceSilentSince`, shown to the shopper) until the next answer. Default: the status request's own time-out.
   */
  silentAfterMs?: number;
}

/** A job whose photo upload was started this many times without getting through is failed, not started again. */
export const maxUploadStarts = 3;

const readGenerationTimes = () => readValid(generationTimesItem, generationTimesSchema, []);

/** Whether a stored job dresses the same items, from the same catalog, on the same photo as a request. */
function sameTryOn(job: Job, request: StartRequest): boolean {
  const skuIds = (items: readonly TryOnItem[]) => items.map((item) => item.skuId).join('\n');
  const photo = (choice: PhotoChoice) => (choice.kind === 'saved' ? `saved:${choice.photoId ?? ''}` : `model:${choice.imageId}`);
  return skuIds(job.items) === skuIds(request.items) && job.skuCatalogName === request.skuCatalogName && photo(job.photo) === photo(request.photo);
}

export function createJobEngine(deps: JobEngineDeps): JobEngine {
  const schedule = deps.schedule ?? defaultPollSchedule;
  const silentAfterMs = deps.silentAfterMs ?? defaultTimeouts.status;
  const runners = new Map<string, { controller: AbortController; done: Promise<void> }>();
  /** Failures that say the operation itself ended at Aiuta, having made nothing to delete. */
  const operationOver = new WeakSet<object>();
  const over = (error: AppError) => (operationOver.add(error), error);

  async function start(request: StartRequest): Promise<Job> {
    const now = deps.now();
    // A second Start of the try-on already running (a double click while the worker woke up, the
    // same product in two tabs) follows that one: a second generation would be paid for twice.
    const job = await deps.store.add({
      id: deps.newId(),
      status: 'queued',
      items: request.items,
      skuCatalogName: request.skuCatalogName,
      photo: request.photo,
      tabId: request.tabId,
      createdAt: now,
      updatedAt: now,
      stageStartedAt: now,
    }, (running) => sameTryOn(running, request));
    await deps.wake?.start();
    run(job.id);
    return job;
  }

  /** Starts a job's loop; registers it synchronously so two resumes cannot run one job twice. */
  function run(jobId: string): void {
    if (runners.has(jobId)) return;
    const controller = new AbortController();
    const done = drive(jobId, controller.signal)
      .catch(async (error) => {
        if (controller.signal.aborted) return;
        const failed = await deps.store.update(jobId, { status: 'failed', error: toAppError(error).toJSON(), stageStartedAt: deps.now() });
        if (failed?.status !== 'failed') return;
        // A timeout, an outage or an answer that makes no sense ends the job here, not the generation
        // at Aiuta: like a cancelled one, it is watched and what it makes is deleted. Its watch counts
        // from now: by its creation's count, a generation that timed out has no time left.
        if (failed.operationId && !operationOver.has(error)) {
          await deps.history.discard(jobId);
          await handOver(failed, true, deps.now());
        }
        await deps.notify?.(failed);
      })
      .finally(async () => {
        runners.delete(jobId);
        await stopWakeWhenIdle();
      })
      // Storage or alarms failing here leaves the job as it was stored; the next wake-up resumes it.
      .catch((error: unknown) => console.error('try-on job bookkeeping failed', error));
    runners.set(jobId, { controller, done });
  }

  async function drive(jobId: string, signal: AbortSignal): Promise<void> {
    let job = await deps.store.get(jobId);
    if (!job || isFinished(job)) return;
    if (!job.operationId) {
      if (job.createSentAt !== undefined) {
        // The worker stopped while a create was in flight: it may have started a paid generation
        // whose id never arrived. Creating again could charge twice, so the shopper decides.
        throw new AppError('generation_interrupted', 'The try-on was interrupted while it was being started. Please try again.');
      }
      job = await createOperation(job, signal);
    }
    await poll(job, signal);
  }

  async function createOperation(job: Job, signal: AbortSignal): Promise<Job> {
    let uploadedImageId: string;
    const photoId = job.photo.kind === 'saved' ? job.photo.photoId : undefined;
    if (job.photo.kind === 'model') {
      uploadedImageId = job.photo.imageId;
    } else {
      const uploadStarts = (job.uploadStarts ?? 0) + 1;
      if (uploadStarts > maxUploadStarts) {
        throw new AppError('photo_upload_failed', 'Your photo could not be sent to the try-on service: its upload was cut off each time. Try again on a faster connection.');
      }
      job = await step(job.id, { status: 'uploading', stageStartedAt: deps.now(), uploadStarts });
      uploadedImageId = await deps.photos.ensureUploaded({ photoId, signal });
    }
    signal.throwIfAborted();
    job = await step(job.id, { status: 'generating', stageStartedAt: deps.now(), uploadedImageId });
    // `createSentAt` is stored just before the request leaves (its token in hand, any wait for a busy
    // service over) and cleared when an answer proves it was not processed: a worker stopped before
    // then started nothing at Aiuta, so the next wake-up creates it as if for the first time.
    const onSend = async (leaving: boolean) => {
      job = await step(job.id, { createSentAt: leaving ? deps.now() : undefined });
    };
    // Not aborted by a cancel: once sent, the generation may run (and be charged) whatever happens
    // here, so its id is waited for and a cancelled job hands it over to have its images deleted.
    const create = (imageId: string) =>
      deps.client.createTryOn({ uploadedImageId: imageId, skuIds: job.items.map((item) => item.skuId), skuCatalogName: job.skuCatalogName }, { onSend });
    let created: { operationId: string; target: ApiTarget };
    try {
      created = await create(uploadedImageId);
    } catch (error) {
      // Aiuta deleted the upload (it expired): upload the kept photo again, once.
      if (!(error instanceof AppError && error.code === 'photo_expired' && job.photo.kind === 'saved')) throw error;
      // It refused the create, which started nothing: a worker stopped during the new upload creates again.
      job = await step(job.id, { createSentAt: undefined });
      await deps.photos.forgetUpload(uploadedImageId);
      uploadedImageId = await deps.photos.ensureUploaded({ photoId, signal });
      job = await step(job.id, { uploadedImageId });
      created = await create(uploadedImageId);
    }
    const operationCreatedAt = deps.now();
    const updated = await deps.store.update(job.id, { operationId: created.operationId, operationCreatedAt, target: created.target });
    if (!updated) {
      // "Delete all my data" removed the job while the create was in flight: nothing here refers to
      // this operation any more, so it is handed over (under no name: the shopper's data is gone).
      await handOver({ ...job, operationId: created.operationId, operationCreatedAt, target: created.target }, false);
      throw jobNotFoundError();
    }
    if (isFinished(updated)) {
      // Cancelled while the create was in flight: the store kept the job as it was, so the cancel
      // did not see this operation; it is handed over here instead.
      if (updated.operationId !== created.operationId) await handOver({ ...updated, operationId: created.operationId, operationCreatedAt, target: created.target });
      throw new DOMException('The job has ended.', 'AbortError');
    }
    return updated;
  }

  /**
   * A cancelled or failed job's operation goes on at Aiuta: its images are deleted once they exist.
   * `givenUpAt`: when a failed job stopped watching it (the watch starts over from then).
   */
  async function handOver(job: Job, named = true, givenUpAt?: number): Promise<void> {
    if (!job.operationId || !job.target || !deps.remoteDeletes) return;
    await deps.remoteDeletes.deleteWhenDone({
      operationId: job.operationId,
      target: job.target,
      createdAt: job.operationCreatedAt ?? job.updatedAt,
      handedOverAt: givenUpAt,
      label: named ? resultLabel(job.items) : undefined,
    });
  }

  async function poll(job: Job, signal: AbortSignal): Promise<void> {
    const startedAt = job.operationCreatedAt ?? job.stageStartedAt;
    const expected = expectedDurationMs(await readGenerationTimes());
    const progress = progressAt(deps.now() - startedAt, schedule);
    let lastPendingAt: number | undefined;
    let lastFailure: AppError | undefined;
    let lastKeepAlive = deps.now();
    // Whether the shopper is told the service is not answering, and since when (kept across a restart);
    // stored only when that changes, not at every request.
    let silentSince = job.serviceSilentSince;
    const silent = async (since: number | undefined) => {
      if ((silentSince === undefined) === (since === undefined)) return;
      silentSince = since;
      await deps.store.update(job.id, { serviceSilentSince: since });
    };
    for (;;) {
      await deps.sleep(Math.max(0, startedAt + nextPollAt(progress, expected, schedule) - deps.now()), signal);
      const sentAt = deps.now();
      progress.sent++;
      progress.lastSentAtMs = sentAt - startedAt;
      let state: OperationState | undefined;
      const unanswered = setTimeout(() => void silent(sentAt).catch(() => undefined), silentAfterMs);
      try {
        state = await deps.client.getOperation(job.operationId!, signal, job.target);
        lastFailure = undefined;
      } catch (error) {
        signal.throwIfAborted();
        lastFailure = toAppError(error);
        if (isOperationGone(lastFailure)) throw over(lastFailure);
        if (!isTransient(lastFailure)) throw lastFailure;
        await silent(sentAt);
      } finally {
        clearTimeout(unanswered);
      }
      if (state) {
        await silent(undefined);
        if (state.status === 'SUCCESS') return finish(job, state, (sentAt - startedAt + (lastPendingAt ?? 0)) / 2, signal);
        if (state.status === 'FAILED') throw over(operationFailedError(state.error));
        if (state.status === 'ABORTED') throw over(abortReasonError(state.abortReason));
        if (state.status === 'CANCELLED') throw over(new AppError('generation_failed', 'The try-on service cancelled this try-on. Please try again.'));
        lastPendingAt = sentAt - startedAt;
      }
      const elapsed = deps.now() - startedAt;
      if (elapsed >= schedule.timeoutMs) {
        throw lastFailure ?? new AppError('generation_timeout', 'The try-on is taking much longer than usual, so it was stopped. Please try again later.');
      }
      if (deps.keepAlive && deps.now() - lastKeepAlive >= keepAliveEveryMs) {
        lastKeepAlive = deps.now();
        deps.keepAlive().catch(() => undefined);
      }
    }
  }

  async function finish(job: Job, state: OperationState, generationMs: number, signal: AbortSignal): Promise<void> {
    if (!state.images.length) {
      throw over(new AppError('generation_failed', 'The try-on finished, but its picture is no longer available. Please try again.'));
    }
    signal.throwIfAborted();
    const result = state.images.map(({ id, url, expiresAt, owner }) => ({ id, url, expiresAt, owner }));
    await deps.reportImages?.(result.map((image) => image.id));
    // History first (keyed by job id, so a repeat after a restart replaces it): a job is never
    // "done" without its result being kept.
    // Recorded with the operation id (jobs live in session storage, so none predates the record).
    const target = job.target;
    if (!target) throw new AppError('internal', 'The try-on has no record of where it ran.');
    await deps.history.add({
      id: job.id,
      jobId: job.id,
      items: job.items,
      createdAt: deps.now(),
      images: result,
      uploadedImageId: job.photo.kind === 'saved' ? job.uploadedImageId : undefined,
      target,
    });
    await deps.write(async () => generationTimesItem.setValue(addGenerationSample(await readGenerationTimes(), generationMs)));
    const done = await deps.store.update(job.id, { status: 'done', result, stageStartedAt: deps.now() });
    if (done?.status === 'done') {
      await deps.notify?.(done);
      return;
    }
    // Cancelled, or removed by "Delete all my data", while its result was being kept: nothing of it
    // stays in the history (the cancel handed its operation over, which deletes the images).
    await deps.history.discard(job.id);
    // A job removed without a cancel had its operation handed over by nobody.
    if (!done) await handOver(job, false);
  }

  /** A state change the job's loop relies on; a job cancelled meanwhile stops the loop. */
  async function step(jobId: string, change: Partial<Job>): Promise<Job> {
    const job = await deps.store.update(jobId, change);
    if (!job) throw jobNotFoundError();
    if (isFinished(job)) throw new DOMException('The job has ended.', 'AbortError');
    return job;
  }

  async function stopWakeWhenIdle(): Promise<void> {
    if (runners.size) return;
    const jobs = await deps.store.all();
    // A job may have started while the store was read.
    if (runners.size) return;
    if (!jobs.some((job) => !isFinished(job))) await deps.wake?.stop();
  }

  async function cancel(jobId: string): Promise<Job> {
    const job = await deps.store.get(jobId);
    if (!job) throw jobNotFoundError();
    const cancelled = (await deps.store.update(jobId, { status: 'cancelled', stageStartedAt: deps.now() })) ?? job;
    runners.get(jobId)?.controller.abort(new DOMException('Cancelled by the shopper.', 'AbortError'));
    // Only a job this call cancelled: a finished one keeps its result.
    if (!isFinished(job) && cancelled.status === 'cancelled') await handOver(cancelled);
    return cancelled;
  }

  async function resume(): Promise<void> {
    const unfinished = (await deps.store.all()).filter((job) => !isFinished(job));
    for (const job of unfinished) run(job.id);
    if (unfinished.length) await deps.wake?.start();
    else await stopWakeWhenIdle();
  }

  return {
    start,
    cancel,
    list: () => deps.store.all(),
    resume,
    dispose() {
      for (const { controller } of runners.values()) controller.abort(new DOMException('The worker stopped.', 'AbortError'));
    },
    async settled() {
      while (runners.size) await Promise.all([...runners.values()].map((runner) => runner.done));
    },
  };
}
