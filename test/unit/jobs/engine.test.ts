import type { IncomingMessage } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { createBackground, wakeAlarmName, type Background } from '@/utils/background/wiring';
import { abortReasons } from '@/utils/aiuta/schemas';
import { maxUploadStarts } from '@/utils/jobs/engine';
import type { Job } from '@/utils/jobs/schema';
import { sleep } from '@/utils/http';
import { historyItem, jobsItem, pendingDeletesItem } from '@/utils/storage';
import { hang, reply, startFakeApi, type FakeApi } from '../support/fake-api';
import { captureJobEvents, configure, fastOptions, sampleItem, send, senders, waitForJob } from '../support/background-setup';
import { fakeCodec, fakePhoto, toDataUrl } from '../support/node-codec';
import { holdUntilReleased } from '../support/jobs';

describe('try-on jobs', () => {
  let api: FakeApi;
  let engines: Background[];
  let notified: Job[];

  const newEngine = (overrides: Parameters<typeof fastOptions>[0] = {}) => {
    const engine = createBackground(fastOptions({ codec: fakeCodec, notify: async (job) => void notified.push(job), ...overrides }));
    engines.push(engine);
    return engine;
  };
  const savePhoto = async (engine: Background) => {
    const saved = await send(engine, 'photo.save', { dataUrl: toDataUrl(fakePhoto(600, 800)) }, senders.popup());
    expect(saved.ok).toBe(true);
  };
  const startJob = async (engine: Background, data: Partial<Parameters<Background['jobs']['start']>[0]> = {}) => {
    const started = await send(engine, 'tryOn.start', { items: [sampleItem], photo: { kind: 'saved' }, ...data } as never);
    if (!started.ok) throw new Error(JSON.stringify(started.error));
    return started.data.job as Job;
  };
  /** Polls stored state until `check` holds (the job's own loop moves it on meanwhile). */
  const until = async (check: () => Promise<boolean>, ms = 3_000) => {
    const deadline = Date.now() + ms;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error('condition not reached');
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
  };
  const storedJob = async (id: string) => (await jobsItem.getValue()).find((job) => job.id === id);
  /** Starts a try-on whose generation the service keeps running, and waits until it has an operation id. */
  const startHeldJob = async (engine: Background) => {
    api.options.readyAfterPolls = 1e9;
    await savePhoto(engine);
    const job = await startJob(engine);
    await until(async () => Boolean((await storedJob(job.id))?.operationId));
    return job;
  };

  beforeEach(async () => {
    fakeBrowser.reset();
    api = await startFakeApi({ readyAfterPolls: 2 });
    await configure(api);
    engines = [];
    notified = [];
  });
  afterEach(async () => {
    for (const engine of engines) engine.jobs.dispose();
    await Promise.all(engines.map((engine) => engine.jobs.settled()));
    await api.close();
  });

  it('runs queued -> uploading -> generating -> done, announcing each step, and keeps the result', async () => {
    const engine = newEngine();
    const events = captureJobEvents();
    await savePhoto(engine);
    const job = await startJob(engine);
    expect(job.status).toBe('queued');
    expect(job.tabId).toBe(7);
    const done = await waitForJob(engine, job.id);

    expect(done.status).toBe('done');
    expect(done.result).toEqual([expect.objectContaining({ id: expect.stringContaining('generated-'), owner: 'user', expiresAt: expect.any(Number) })]);
    const statuses = events.filter((event) => event.id === job.id).map((event) => event.status);
    expect([...new Set(statuses)]).toEqual(['queued', 'uploading', 'generating', 'done']);
    expect(events.some((event) => event.status === 'generating' && event.operationId)).toBe(true);

    const listed = await send(engine, 'history.list', {});
    expect(listed.ok && listed.data.entries).toHaveLength(1);
    expect(listed.ok && listed.data.entries[0]).toMatchObject({ jobId: job.id, items: [sampleItem], images: done.result, uploadedImageId: done.uploadedImageId });
    expect(notified.map((j) => j.status)).toEqual(['done']);

    // One token per paid or personal request, one upload, one create, and status polls until ready.
    expect(api.count('/token')).toBe(2);
    expect(api.count('/uploaded_images', 'POST')).toBe(1);
    expect(api.count('/sku_images_operations', 'POST')).toBe(1);
    expect(api.count(/sku_images_operations\/op-/, 'GET')).toBe(3);
  });

  it('runs against the unified API and with a predefined model (no upload)', async () => {
    await configure(api, 'unified-v1');
    const engine = newEngine();
    const job = await startJob(engine, { photo: { kind: 'model', imageId: 'model_woman_00' } });
    const done = await waitForJob(engine, job.id);
    expect(done.status).toBe('done');
    expect(api.count('/uploaded_images')).toBe(0);
    expect(api.requests.find((r) => r.path === '/v1/sku_try_on_operations')!.json).toEqual({ uploaded_image_id: 'model_woman_00', sku_id: 'SKU-123' });
    expect((await historyItem.getValue())[0]!.uploadedImageId).toBeUndefined();
  });

  it('follows the try-on already running when the same one is started again, and pays for one generation', async () => {
    const engine = newEngine();
    api.options.readyAfterPolls = 1e9;
    await savePhoto(engine);
    // A double click while the worker woke up, or the same product's Start in two tabs.
    const [first, second] = await Promise.all([startJob(engine), startJob(engine)]);
    expect(second.id).toBe(first.id);
    await until(async () => Boolean((await storedJob(first.id))?.operationId));
    expect((await startJob(engine)).id).toBe(first.id);
    expect(api.count('/sku_images_operations', 'POST')).toBe(1);
    expect((await jobsItem.getValue()).map((job) => job.id)).toEqual([first.id]);

    // Another item, or another photo, is another try-on.
    const other = await startJob(engine, { items: [{ ...sampleItem, skuId: 'SKU-OTHER' }] });
    const model = await startJob(engine, { photo: { kind: 'model', imageId: 'model_woman_00' } });
    expect(new Set([first.id, other.id, model.id]).size).toBe(3);

    // Once it has ended, Start makes a new one.
    const cancelled = await send(engine, 'tryOn.cancel', { jobId: first.id });
    expect(cancelled.ok).toBe(true);
    expect((await startJob(engine)).id).not.toBe(first.id);
  });

  it('lets only extension pages start a try-on, never a content script', async () => {
    const engine = newEngine();
    const fromContent = await send(engine, 'tryOn.start', { items: [sampleItem], photo: { kind: 'saved' } }, senders.content());
    expect(fromContent).toMatchObject({ ok: false, error: { code: 'forbidden_sender' } });
    expect(await jobsItem.getValue()).toEqual([]);
  });

  it.each(abortReasons)('fails with advice when Aiuta aborts with %s', async (reason) => {
    api.options.outcome = { status: 'ABORTED', reason };
    const engine = newEngine();
    await savePhoto(engine);
    const failed = await waitForJob(engine, (await startJob(engine)).id);
    expect(failed.status).toBe('failed');
    expect(failed.error!.code).toMatch(/^abort_/);
    expect(notified.map((j) => j.error?.code)).toEqual([failed.error!.code]);
  });

  it('fails with the service\'s reason when the generation fails or is cancelled there', async () => {
    api.options.outcome = { status: 'FAILED', error: 'garment could not be placed' };
    const engine = newEngine();
    await savePhoto(engine);
    const failed = await waitForJob(engine, (await startJob(engine)).id);
    // The service's words travel apart too, so the panel can show them labelled beside its own sentence.
    expect(failed.error).toEqual({
      code: 'generation_failed',
      message: expect.stringContaining('garment could not be placed'),
      params: { detail: 'garment could not be placed' },
    });

    api.options.outcome = { status: 'CANCELLED' };
    const cancelled = await waitForJob(engine, (await startJob(engine)).id);
    expect(cancelled.error!.code).toBe('generation_failed');
  });

  it('gives up after the hard timeout with a clear message', async () => {
    api.options.readyAfterPolls = 1e9;
    const clock = steppingClock();
    const engine = newEngine(clock.options);
    await savePhoto(engine);
    const started = clock.now;
    const failed = await waitForJob(engine, (await startJob(engine)).id);
    expect(failed.error!.code).toBe('generation_timeout');
    expect(failed.error!.message).toMatch(/longer than usual/);
    // It gave up at the timeout: not before, and within one poll interval after.
    expect(clock.now - started).toBeGreaterThanOrEqual(60_000);
    expect(clock.now - started).toBeLessThanOrEqual(60_000 + 3_000);
  });

  it('watches a generation it gave up on for the polling timeout again, and deletes what it makes when it finishes late', async () => {
    api.options.readyAfterPolls = 1e9;
    api.options.tokenTtl = 3_600; // the engine's clock runs ahead of the token server's
    const clock = steppingClock();
    const engine = newEngine(clock.options);
    // Still running when the try-on gives up; done at the third status request after that.
    let asksAfterFailure = 0;
    api.fault({
      method: 'GET',
      path: /sku_images_operations\/op-/,
      respond: async () => {
        if ((await jobsItem.getValue()).some((job) => job.status === 'failed') && ++asksAfterFailure === 3) api.options.readyAfterPolls = 0;
        return 'pass' as const;
      },
    });
    await savePhoto(engine);
    const failed = await waitForJob(engine, (await startJob(engine)).id);
    expect(failed.error!.code).toBe('generation_timeout');
    await engine.jobs.settled();
    await engine.remoteDeletes.settled();
    expect(asksAfterFailure).toBe(3);
    expect(api.deleted).toEqual([expect.stringMatching(/^generated_images\/generated-/)]);
    const watched = (await pendingDeletesItem.getValue()).find((record) => record.kind === 'operation');
    expect(watched).toMatchObject({ id: failed.operationId, state: 'deleted', handedOverAt: expect.any(Number) });
    expect(await historyItem.getValue()).toEqual([]);
    // Within the budget: at most one status request per second since it was given up.
    expect(asksAfterFailure).toBeLessThanOrEqual(Math.floor((clock.now - watched!.handedOverAt!) / 1_000));
  });

  it('rides out failing status requests and finishes', async () => {
    api.options.readyAfterPolls = 3;
    api.fault({ method: 'GET', path: /sku_images_operations\/op-/, times: 6, respond: reply(502, { detail: 'bad gateway' }) });
    const engine = newEngine();
    await savePhoto(engine);
    const done = await waitForJob(engine, (await startJob(engine)).id);
    expect(done.status).toBe('done');
  });

  it('tells the shopper while a status request goes unanswered, and takes it back once the service answers', async () => {
    // Two attempts of one status request hang past the status time-out (1 s here); the third is answered.
    api.fault({ method: 'GET', path: /sku_images_operations\/op-/, times: 2, respond: hang() });
    const events = captureJobEvents();
    const engine = newEngine();
    await savePhoto(engine);
    const job = await startJob(engine);
    const done = await waitForJob(engine, job.id, 10_000);
    expect(done.status).toBe('done');
    expect(done.serviceSilentSince).toBeUndefined();
    const seen = events.filter((event) => event.id === job.id);
    const told = seen.findIndex((event) => event.serviceSilentSince !== undefined);
    expect(told).toBeGreaterThan(-1);
    expect(seen[told]).toMatchObject({ status: 'generating', serviceSilentSince: expect.any(Number) });
    const takenBack = seen.slice(told + 1).find((event) => event.serviceSilentSince === undefined);
    expect(takenBack?.status).toBe('generating');
  });

  it('tells the shopper at once when a status request fails, until one is answered', async () => {
    api.options.readyAfterPolls = 3;
    // Every attempt of the first status request is refused (the retry limit is 4 attempts).
    api.fault({ method: 'GET', path: /sku_images_operations\/op-/, times: 4, respond: reply(503, { detail: 'busy' }) });
    const events = captureJobEvents();
    const engine = newEngine();
    await savePhoto(engine);
    const job = await startJob(engine);
    expect((await waitForJob(engine, job.id)).status).toBe('done');
    const silentSince = events.filter((event) => event.id === job.id).map((event) => event.serviceSilentSince !== undefined);
    expect(silentSince.indexOf(true)).toBeGreaterThan(-1);
    expect(silentSince.lastIndexOf(false)).toBeGreaterThan(silentSince.indexOf(true));
  });

  it('takes the note back after a worker restart once the service answers', async () => {
    api.fault({ method: 'GET', path: /sku_images_operations\/op-/, respond: hang() });
    const first = newEngine();
    const job = await startHeldJob(first);
    await until(async () => (await storedJob(job.id))?.serviceSilentSince !== undefined, 5_000);
    first.jobs.dispose();
    await first.jobs.settled();
    expect((await storedJob(job.id))?.serviceSilentSince).toEqual(expect.any(Number));

    api.faults.length = 0; // the service answers again
    const second = newEngine();
    await second.wakeUp();
    await until(async () => (await storedJob(job.id))?.serviceSilentSince === undefined, 5_000);
    expect((await storedJob(job.id))?.status).toBe('generating');
  });

  it('stops on a status error that will not go away (401)', async () => {
    api.fault({ method: 'GET', path: /sku_images_operations\/op-/, respond: reply(401, { detail: 'unknown user' }) });
    const engine = newEngine();
    await savePhoto(engine);
    const failed = await waitForJob(engine, (await startJob(engine)).id);
    expect(failed.error!.code).toBe('api_unauthorized');
  });

  it('hands a job that failed while its generation may still run over to be deleted, and keeps nothing of it', async () => {
    // One status answer the extension cannot take (a refusal), while the generation goes on at Aiuta.
    api.fault({ method: 'GET', path: /sku_images_operations\/op-/, times: 1, respond: reply(403, { detail: 'not now' }) });
    const engine = newEngine();
    await savePhoto(engine);
    const failed = await waitForJob(engine, (await startJob(engine)).id);
    expect(failed.error!.code).toBe('api_forbidden');
    await engine.jobs.settled();
    expect(await pendingDeletesItem.getValue()).toMatchObject([{ kind: 'operation', id: failed.operationId, label: 'Linen shirt' }]);
    await engine.remoteDeletes.settled();
    expect(api.deleted).toEqual([expect.stringMatching(/^generated_images\/generated-/)]);
    expect(await historyItem.getValue()).toEqual([]);
    expect(notified.map((job) => job.error?.code)).toEqual(['api_forbidden']);
  });

  it('hands nothing over when Aiuta says the generation itself failed', async () => {
    api.options.outcome = { status: 'FAILED', error: 'garment could not be placed' };
    const engine = newEngine();
    await savePhoto(engine);
    expect((await waitForJob(engine, (await startJob(engine)).id)).status).toBe('failed');
    await engine.jobs.settled();
    expect(await pendingDeletesItem.getValue()).toEqual([]);
  });

  it('hands nothing over when the service no longer knows the operation (404 on its status)', async () => {
    api.fault({ method: 'GET', path: /sku_images_operations\/op-/, respond: reply(404, { detail: 'operation not found' }) });
    const engine = newEngine();
    await savePhoto(engine);
    const failed = await waitForJob(engine, (await startJob(engine)).id);
    expect(failed.error).toMatchObject({ code: 'generation_failed', message: expect.stringMatching(/no longer knows/) });
    await engine.jobs.settled();
    expect(await pendingDeletesItem.getValue()).toEqual([]);
  });

  it('fails a try-on whose SUCCESS comes without a picture, keeping nothing in the history', async () => {
    api.options.outcome = { status: 'SUCCESS', images: 0 };
    const engine = newEngine();
    await savePhoto(engine);
    const failed = await waitForJob(engine, (await startJob(engine)).id);
    expect(failed.status).toBe('failed');
    expect(failed.error).toMatchObject({ code: 'generation_failed', message: expect.stringMatching(/no longer available/) });
    expect(await historyItem.getValue()).toEqual([]);
  });

  it('uploads the kept photo again once when Aiuta says it expired', async () => {
    const engine = newEngine();
    await savePhoto(engine);
    await engine.photos.ensureUploaded();
    api.uploads.clear(); // Aiuta forgot the upload.
    const done = await waitForJob(engine, (await startJob(engine)).id);
    expect(done.status).toBe('done');
    expect(api.count('/uploaded_images', 'POST')).toBe(2);
    expect(api.count('/sku_images_operations', 'POST')).toBe(2);
    expect(done.uploadedImageId).toBe((await engine.photos.get())!.uploaded!.id);

    api.fault({ method: 'POST', path: /sku_images_operations$/, respond: reply(400, { detail: 'input image user_image-x not found' }) });
    const failed = await waitForJob(engine, (await startJob(engine)).id);
    expect(failed.error!.code).toBe('photo_expired');
    expect(api.count('/uploaded_images', 'POST')).toBe(3);
  });

  it('fails at once with a clear error when there is no photo', async () => {
    const engine = newEngine();
    const failed = await waitForJob(engine, (await startJob(engine)).id);
    expect(failed.error!.code).toBe('photo_missing');
    expect(api.count('/sku_images_operations')).toBe(0);
  });

  it('cancels a running job: it never turns into done or enters the history, and its images are deleted at Aiuta once they exist', async () => {
    const engine = newEngine();
    const job = await startHeldJob(engine);
    const cancelled = await send(engine, 'tryOn.cancel', { jobId: job.id });
    expect(cancelled).toMatchObject({ ok: true, data: { job: { status: 'cancelled' } } });
    await engine.jobs.settled();
    expect(await pendingDeletesItem.getValue()).toMatchObject([{ kind: 'operation', id: (await storedJob(job.id))!.operationId, state: 'pending' }]);
    // The generation goes on at the service and finishes after the cancel.
    api.options.readyAfterPolls = 0;
    await engine.remoteDeletes.settled();
    expect(api.deleted).toEqual([expect.stringMatching(/^generated_images\/generated-/)]);
    expect((await storedJob(job.id))!.status).toBe('cancelled');
    expect(await historyItem.getValue()).toEqual([]);
    expect(notified).toEqual([]);
    expect(await send(engine, 'tryOn.cancel', { jobId: 'nope' })).toMatchObject({ ok: false, error: { code: 'job_not_found' } });
  });

  it('deletes a cancelled try-on\'s images after a worker restart too', async () => {
    const first = newEngine();
    const job = await startHeldJob(first);
    await send(first, 'tryOn.cancel', { jobId: job.id });
    first.jobs.dispose();
    await first.jobs.settled();
    // The worker stops while the cancelled operation is still running.
    expect(await pendingDeletesItem.getValue()).toMatchObject([{ kind: 'operation', state: 'pending' }]);
    api.options.readyAfterPolls = 0;
    const second = newEngine();
    await second.wakeUp();
    await second.remoteDeletes.settled();
    expect(api.deleted).toEqual(expect.arrayContaining([expect.stringMatching(/^generated_images\/generated-/)]));
    expect(await historyItem.getValue()).toEqual([]);
  });

  it('hands over an operation whose create was still in flight when the try-on was cancelled', async () => {
    const engine = newEngine();
    await savePhoto(engine);
    const { held: createHeld, release: releaseCreate } = holdUntilReleased();
    api.fault({ method: 'POST', path: /sku_images_operations$/, times: 1, respond: async () => { await createHeld; return 'pass' as const; } });
    const job = await startJob(engine);
    await until(async () => (await storedJob(job.id))?.createSentAt !== undefined);
    await send(engine, 'tryOn.cancel', { jobId: job.id });
    releaseCreate();
    await engine.jobs.settled();
    await until(async () => (await pendingDeletesItem.getValue()).some((record) => record.kind === 'operation'));
    await engine.remoteDeletes.settled();
    expect(api.deleted).toEqual([expect.stringMatching(/^generated_images\/generated-/)]);
    expect(await historyItem.getValue()).toEqual([]);
  });

  it('hands over an operation whose create was still in flight when the shopper deleted all data', async () => {
    const engine = newEngine();
    await savePhoto(engine);
    const { held: createHeld, release: releaseCreate } = holdUntilReleased();
    // Aiuta takes the create (so deleting the photo's upload now cannot stop it); its answer is held.
    api.fault({
      method: 'POST',
      path: /sku_images_operations$/,
      times: 1,
      respond: (_req, res) => {
        const end = res.end.bind(res) as (...args: unknown[]) => void;
        res.end = ((...args: unknown[]) => (void createHeld.then(() => end(...args)), res)) as typeof res.end;
        return 'pass';
      },
    });
    const job = await startJob(engine);
    await until(async () => (await storedJob(job.id))?.createSentAt !== undefined && api.operations.size === 1);
    expect(await send(engine, 'data.deleteAll', {}, senders.options())).toMatchObject({ ok: true });
    expect(await jobsItem.getValue()).toEqual([]);
    releaseCreate();
    await engine.jobs.settled();
    // Under no name: the shopper's data is gone.
    const handedOver = (await pendingDeletesItem.getValue()).filter((record) => record.kind === 'operation');
    expect(handedOver).toMatchObject([{ state: 'pending' }]);
    expect(handedOver[0]!.label).toBeUndefined();
    await engine.remoteDeletes.settled();
    expect(api.deleted).toContainEqual(expect.stringMatching(/^generated_images\/generated-/));
    expect(await historyItem.getValue()).toEqual([]);
  });

  it('keeps no result in the history when the shopper deleted all data while it was being kept', async () => {
    const engine = newEngine();
    await savePhoto(engine);
    // The result arrives and is about to be kept when Delete all runs.
    const { held: addHeld, release: releaseAdd } = holdUntilReleased();
    let adding = false;
    const add = engine.history.add.bind(engine.history);
    engine.history.add = async (entry) => {
      adding = true;
      await addHeld;
      return add(entry);
    };
    const job = await startJob(engine);
    await until(async () => adding);
    const operationId = (await storedJob(job.id))!.operationId;
    expect(await send(engine, 'data.deleteAll', {}, senders.options())).toMatchObject({ ok: true });
    releaseAdd();
    await engine.jobs.settled();
    expect(await historyItem.getValue()).toEqual([]);
    expect(await jobsItem.getValue()).toEqual([]);
    expect(notified).toEqual([]);
    // Its images are deleted at Aiuta all the same.
    expect((await pendingDeletesItem.getValue()).filter((record) => record.kind === 'operation')).toMatchObject([{ id: operationId }]);
    await engine.remoteDeletes.settled();
    expect(api.deleted).toContainEqual(expect.stringMatching(/^generated_images\/generated-/));
  });

  it('survives the worker being stopped mid-generation: a new engine finishes the job from storage', async () => {
    const first = newEngine();
    const job = await startHeldJob(first);
    first.jobs.dispose(); // The browser stops the worker: memory (loops, token cache) is gone.
    await first.jobs.settled();
    const stopped = (await storedJob(job.id))!;
    expect(stopped.status).toBe('generating');
    expect(await fakeBrowser.alarms.get(wakeAlarmName)).toMatchObject({ periodInMinutes: 0.5 });

    api.options.readyAfterPolls = 0;
    const second = newEngine();
    await fakeBrowser.alarms.onAlarm.addListener(async (alarm) => {
      if (alarm.name === wakeAlarmName) await second.wakeUp();
    });
    await fakeBrowser.alarms.onAlarm.trigger({ name: wakeAlarmName, scheduledTime: Date.now() });
    const done = await waitForJob(second, job.id);
    expect(done.status).toBe('done');
    expect(done.operationId).toBe(stopped.operationId);
    expect(api.count('/sku_images_operations', 'POST')).toBe(1);
    expect(api.count('/uploaded_images', 'POST')).toBe(1);
    expect((await historyItem.getValue()).map((entry) => entry.jobId)).toEqual([job.id]);
    await second.jobs.settled();
    expect(await fakeBrowser.alarms.get(wakeAlarmName)).toBeUndefined();
  });

  it('does not create twice when the worker stopped while a create was in flight', async () => {
    api.fault({ method: 'POST', path: /sku_images_operations$/, respond: hang() });
    const first = newEngine();
    await savePhoto(first);
    const job = await startJob(first);
    await until(async () => (await storedJob(job.id))?.createSentAt !== undefined && api.count('/sku_images_operations', 'POST') === 1);
    first.jobs.dispose();
    await first.jobs.settled();

    const second = newEngine();
    await second.wakeUp();
    const failed = await waitForJob(second, job.id);
    expect(failed.error!.code).toBe('generation_interrupted');
    expect(api.count('/sku_images_operations', 'POST')).toBe(1);
  });

  it('creates normally after the worker stopped while the create\'s token was being fetched: nothing had been sent', async () => {
    // The token server holds its answer to the create's token; the worker is stopped meanwhile.
    let held: IncomingMessage | undefined;
    let refuse = false;
    api.fault({
      method: 'POST',
      path: /\/token$/,
      respond: (req, res, body) => {
        if ((JSON.parse(body.toString()) as { operation?: string }).operation !== 'create_try_on') return 'pass';
        if (refuse) return reply(403, { error: 'forbidden' })(req, res);
        if (held) return 'pass';
        held = req;
      },
    });
    const first = newEngine();
    await savePhoto(first);
    const job = await startJob(first);
    await until(async () => held !== undefined);
    expect(await storedJob(job.id)).toMatchObject({ status: 'generating' });
    expect((await storedJob(job.id))!.createSentAt).toBeUndefined();
    first.jobs.dispose();

    const second = newEngine();
    await second.wakeUp();
    const done = await waitForJob(second, job.id);
    expect(done.status).toBe('done');
    expect(api.count('/sku_images_operations', 'POST')).toBe(1);

    // The stopped worker's token never arrives (its next tries are refused): it sends nothing more.
    refuse = true;
    held!.socket.destroy();
    await first.jobs.settled();
    expect(api.count('/sku_images_operations', 'POST')).toBe(1);
    expect((await storedJob(job.id))!.status).toBe('done');
  });

  it('creates normally after the worker stopped while waiting out a busy service\'s Retry-After: the refused create started nothing', async () => {
    api.fault({ method: 'POST', path: /sku_images_operations$/, times: 1, respond: reply(429, { detail: 'busy' }, { 'retry-after': '7' }) });
    // The first worker is stopped during the 7 s wait.
    let waiting = false;
    let endWait!: () => void;
    const waitHeld = new Promise<void>((resolve) => (endWait = resolve));
    const first = newEngine({
      sleep: async (ms, signal) => {
        if (ms < 7_000) return sleep(ms, signal);
        waiting = true;
        await waitHeld;
      },
    });
    await savePhoto(first);
    const job = await startJob(first);
    await until(async () => waiting);
    expect(api.count('/sku_images_operations', 'POST')).toBe(1);
    expect((await storedJob(job.id))!.createSentAt).toBeUndefined();
    first.jobs.dispose();

    const second = newEngine();
    await second.wakeUp();
    const done = await waitForJob(second, job.id);
    expect(done.status).toBe('done');
    expect(api.count('/sku_images_operations', 'POST')).toBe(2);
    // The stopped worker, were it to go on, would find the job over and send nothing.
    endWait();
    await first.jobs.settled();
    expect(api.count('/sku_images_operations', 'POST')).toBe(2);
  });

  it('creates normally after the worker stopped while uploading the photo again for an expired upload', async () => {
    const first = newEngine();
    await savePhoto(first);
    await first.photos.ensureUploaded();
    api.uploads.clear(); // Aiuta forgot the upload: the create is refused, the photo goes up again.
    api.fault({ method: 'POST', path: /uploaded_images$/, times: 1, respond: hang() });
    const job = await startJob(first);
    await until(async () => api.count('/uploaded_images', 'POST') === 2);
    expect((await storedJob(job.id))!.createSentAt).toBeUndefined();
    first.jobs.dispose();
    await first.jobs.settled();

    const second = newEngine();
    await second.wakeUp();
    expect((await waitForJob(second, job.id)).status).toBe('done');
    expect(api.count('/sku_images_operations', 'POST')).toBe(2);
  });

  it('fails a job whose photo upload was cut off by a stopped worker three times, and keeps the photo', async () => {
    // A large photo on a slow line: each worker is stopped before the upload gets through.
    api.fault({ method: 'POST', path: /uploaded_images$/, respond: hang() });
    let worker = newEngine();
    await savePhoto(worker);
    const job = await startJob(worker);
    for (let starts = 1; starts <= maxUploadStarts; starts++) {
      await until(async () => api.count('/uploaded_images', 'POST') === starts);
      expect(await storedJob(job.id)).toMatchObject({ status: 'uploading', uploadStarts: starts });
      worker.jobs.dispose();
      await worker.jobs.settled();
      worker = newEngine();
      await worker.wakeUp();
    }
    const failed = await waitForJob(worker, job.id);
    expect(failed.error).toMatchObject({ code: 'photo_upload_failed', message: expect.stringMatching(/photo could not be sent/) });
    expect(api.count('/uploaded_images', 'POST')).toBe(maxUploadStarts);
    expect(api.count('/sku_images_operations', 'POST')).toBe(0);
    expect(await worker.photos.get()).toBeDefined();
    expect(notified.map((notice) => notice.error?.code)).toEqual(['photo_upload_failed']);
  });

  it('resumes a job stopped while uploading', async () => {
    api.fault({ method: 'POST', path: /uploaded_images$/, times: 1, respond: hang() });
    const first = newEngine();
    await savePhoto(first);
    const job = await startJob(first);
    await until(async () => api.count('/uploaded_images', 'POST') === 1);
    first.jobs.dispose();
    await first.jobs.settled();
    const second = newEngine();
    await second.wakeUp();
    expect((await waitForJob(second, job.id)).status).toBe('done');
  });

  it('keeps no token anywhere in extension storage', async () => {
    const engine = newEngine();
    await savePhoto(engine);
    await waitForJob(engine, (await startJob(engine)).id);
    await send(engine, 'settings.testConnection', {});
    const everything = JSON.stringify(await Promise.all((['local', 'session', 'sync'] as const).map((area) => fakeBrowser.storage[area].get(null))));
    const tokens = api.requests.flatMap((r) => (r.headers.authorization ? [r.headers.authorization.slice(7)] : []));
    expect(tokens.length).toBeGreaterThan(1);
    for (const token of tokens) expect(everything).not.toContain(token);
    expect(everything).not.toMatch(/eyJ[\w-]+\.eyJ/);
  });
});

/**
 * An injected clock that each of the engine's waits moves on (a 60 s polling timeout passes at once),
 * with a polling schedule of 1 s requests that gives up after 60 s: the timeout is judged by the
 * engine's clock, not the machine's.
 */
function steppingClock() {
  const clock = {
    now: Date.now(),
    options: {
      now: () => clock.now,
      sleep: async (ms: number, signal?: AbortSignal) => {
        signal?.throwIfAborted();
        clock.now += ms;
        await new Promise((resolve) => setTimeout(resolve, 0));
      },
      schedule: { budgetMsPerRequest: 1_000, denseMs: 500, sparseMs: 500, denseLead: 0.1, denseLeadMinMs: 300, backoffFromMs: 5_000, backoffSlope: 0.5, maxMs: 3_000, timeoutMs: 60_000 },
    },
  };
  return clock;
}
