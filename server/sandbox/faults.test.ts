import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { FaultController, NO_FAULTS } from './faults';
import { startSandbox } from './index';
import { seedsInUseFromNow, trackSeed } from './live-seeds';
import { seededStreams } from './seeded-random';
import {
  createOperation,
  FLAVOURS,
  operationStatus,
  postJson,
  startTestSandbox,
  upload,
  uploadedImageId,
  type TestSandbox,
} from './test-support';

let sandbox: TestSandbox;
beforeAll(async () => {
  sandbox = await startTestSandbox({ faults: { retryAfterSeconds: 7 } });
});
afterAll(() => sandbox.close());
beforeEach(() => sandbox.reset());

const userId = () => ({ 'x-user-id': sandbox.subscriptionId });
const models = (base = sandbox.apiUrl) => fetch(`${base}/predefined_try_on_models`, { headers: userId() });

describe('HTTP faults', () => {
  it('answers the queued faults in order, then serves normally', async () => {
    sandbox.setFaults({ next: ['429', '503', '500'] });
    const first = await models();
    expect(first.status).toBe(429);
    expect(first.headers.get('retry-after')).toBe('7');
    expect(await first.json()).toMatchObject({ code: 'rate_limited' });
    const second = await models(sandbox.unifiedApiUrl);
    expect(second.status).toBe(503);
    expect(second.headers.get('retry-after')).toBe('7');
    expect(await second.json()).toMatchObject({ code: 'service_unavailable' });
    const third = await models();
    expect(third.status).toBe(500);
    expect(await third.json()).toMatchObject({ code: 'internal_error', message: expect.any(String) });
    expect((await models()).status).toBe(200);
  });

  it('applies shares: rate 1 fails every faulted request', async () => {
    sandbox.setFaults({ rate503: 1 });
    for (let i = 0; i < 3; i++) expect((await models()).status).toBe(503);
    sandbox.setFaults({ rate503: 0 });
    expect((await models()).status).toBe(200);
  });

  it('limits faults to the chosen routes', async () => {
    sandbox.setFaults({ rate500: 1, routes: ['status'] });
    expect((await models()).status).toBe(200);
    expect((await upload(sandbox.apiUrl, userId())).status).toBe(200);
    const status = await fetch(`${sandbox.apiUrl}/sku_images_operations/anything`, { headers: userId() });
    expect(status.status).toBe(500);
  });

  it('lets a request hang until the client gives up, and logs it', async () => {
    sandbox.setFaults({ next: ['hang'] });
    const started = Date.now();
    await expect(fetch(`${sandbox.apiUrl}/predefined_try_on_models`, { headers: userId(), signal: AbortSignal.timeout(300) })).rejects.toThrow();
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    await expect.poll(() => sandbox.log().find((entry) => entry.fault === 'hang')).toMatchObject({ status: 0, route: 'models' });
    expect((await models()).status).toBe(200);
  });

  it('adds latency to faulted routes', async () => {
    sandbox.setFaults({ latencyMs: 250 });
    const started = Date.now();
    expect((await models()).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(240);
  });

  it('takes a one-off fault from the x-sandbox-fault header, on any route', async () => {
    const response = await fetch(`${sandbox.apiUrl}/predefined_try_on_models`, { headers: { ...userId(), 'x-sandbox-fault': '429' } });
    expect(response.status).toBe(429);
    const token = await fetch(sandbox.tokenUrl, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'x-sandbox-fault': '503' },
      body: JSON.stringify({ operation: 'upload_image' }),
    });
    expect(token.status).toBe(503);
    expect(await token.json()).toMatchObject({ error: 'service_unavailable' });
  });

  it('faults the token server only when "token" is among the routes', async () => {
    const ask = () => postJson(sandbox.tokenUrl, { operation: 'upload_image' });
    sandbox.setFaults({ rate500: 1 });
    expect((await ask()).status).toBe(200);
    sandbox.setFaults({ routes: ['token'] });
    const failed = await ask();
    expect(failed.status).toBe(500);
    expect(await failed.json()).toEqual({ error: 'internal_error', message: 'Unexpected server error.' });
  });
});

describe.each(FLAVOURS)('operation faults on $name', (flavour) => {
  it('forces ABORTED with the configured reason, or FAILED, by share', async () => {
    const imageId = await uploadedImageId(sandbox);
    sandbox.setFaults({ abortShare: 1, abortReason: 'TOO_MANY_PEOPLE_DETECTED' });
    const aborted = (await (await createOperation(sandbox, flavour, { uploaded_image_id: imageId, sku_id: 'NWB-TEE-NAVY-M' })).json()) as {
      operation_id: string;
    };
    sandbox.setFaults({ abortShare: 0, failShare: 1 });
    const failed = (await (await createOperation(sandbox, flavour, { uploaded_image_id: imageId, sku_id: 'NWB-TEE-NAVY-M' })).json()) as {
      operation_id: string;
    };
    sandbox.advance(1000);
    expect((await operationStatus(sandbox, flavour, aborted.operation_id)).body).toMatchObject({
      status: 'ABORTED',
      abort_reason: 'TOO_MANY_PEOPLE_DETECTED',
    });
    expect((await operationStatus(sandbox, flavour, failed.operation_id)).body).toMatchObject({ status: 'FAILED' });
  });
});

describe('sandbox controls over HTTP', () => {
  const control = (path: string) => `${sandbox.origin}/__sandbox/${path}`;

  it('changes faults with POST /__sandbox/faults and refuses bad values with 422', async () => {
    const changed = await postJson(control('faults'), { rate429: 0.5, abortReason: 'CHILD_DETECTED' });
    expect(changed.status).toBe(200);
    expect(await changed.json()).toMatchObject({ rate429: 0.5, abortReason: 'CHILD_DETECTED', retryAfterSeconds: 7 });
    expect(sandbox.faults().rate429).toBe(0.5);
    const bad = await postJson(control('faults'), { rate429: 2, surprise: true });
    expect(bad.status).toBe(422);
    expect(((await bad.json()) as { detail: unknown[] }).detail.length).toBeGreaterThan(0);
    expect(await (await fetch(control('faults'))).json()).toMatchObject({ rate429: 0.5 });
  });

  it('resets state, log and faults with POST /__sandbox/reset', async () => {
    const imageId = await uploadedImageId(sandbox);
    sandbox.setFaults({ latencyMs: 5 });
    expect(sandbox.log().length).toBeGreaterThan(0);
    expect((await fetch(control('reset'), { method: 'POST' })).status).toBe(204);
    expect(sandbox.log()).toEqual([]);
    expect(sandbox.faults()).toEqual({ ...NO_FAULTS, retryAfterSeconds: 7 });
    const gone = await fetch(`${sandbox.apiUrl}/uploaded_images/${imageId}`, { headers: userId() });
    expect(gone.status).toBe(404);
  });

  it('serves the log with route, flavour, credential, claims and bodies; filters by seq and service', async () => {
    const imageId = await uploadedImageId(sandbox, sandbox.unifiedApiUrl);
    await createOperation(sandbox, FLAVOURS[0]!, { uploaded_image_id: imageId, sku_id: 'OG-COAT-CAMEL' });
    const entries = (await (await fetch(control('log'))).json()) as Record<string, unknown>[];
    expect(entries.map((entry) => `${entry.service}:${entry.route}`)).toEqual(['api:upload', 'token:token', 'api:create']);
    const [uploadEntry, tokenEntry, createEntry] = entries as [Record<string, unknown>, Record<string, unknown>, Record<string, unknown>];
    expect(uploadEntry).toMatchObject({ flavour: 'unified', auth: 'user-id', status: 200, requestBody: { image_data: { type: 'image/jpeg' } } });
    expect(tokenEntry).toMatchObject({
      requestBody: { operation: 'create_try_on', uploaded_image_id: imageId, sku_id: 'OG-COAT-CAMEL' },
      responseBody: { type: 'jwt' },
      tokenClaims: { operation: 'create_try_on', sku_id: 'OG-COAT-CAMEL' },
    });
    expect(JSON.stringify(tokenEntry)).not.toMatch(/eyJ/);
    expect(createEntry).toMatchObject({
      flavour: 'digital-try-on',
      auth: 'bearer',
      tokenClaims: { uploaded_image_id: imageId },
      requestBody: { uploaded_image_id: imageId, sku_id: 'OG-COAT-CAMEL' },
      responseBody: { operation_id: expect.any(String) },
    });
    const later = (await (await fetch(control(`log?since=${uploadEntry.seq}&service=api`))).json()) as Record<string, unknown>[];
    expect(later.map((entry) => entry.route)).toEqual(['create']);
    expect((await fetch(control('log?service=mail'))).status).toBe(422);
  });

  it('describes itself and its catalog', async () => {
    const info = (await (await fetch(control('info'))).json()) as Record<string, string>;
    expect(info).toMatchObject({
      apiUrl: sandbox.apiUrl,
      tokenUrl: sandbox.tokenUrl,
      storeUrl: sandbox.storeUrl,
      photoUrl: sandbox.photoUrl,
      seed: String(sandbox.seed),
    });
    expect(info).not.toHaveProperty('secret');
    const catalog = (await (await fetch(control('catalog'))).json()) as { sku_id: string }[];
    expect(catalog.map((item) => item.sku_id)).toContain('NWB-TEE-NAVY-M');
  });
});

describe('FaultController', () => {
  it('splits one random roll across the shares in order', () => {
    let roll = 0;
    const faults = new FaultController(
      { ...NO_FAULTS, rate429: 0.1, rate500: 0.2, rate503: 0.3, rateHang: 0.1 },
      { seed: 1, next: () => roll, reset: () => undefined },
    );
    const kindAt = (value: number) => {
      roll = value;
      return faults.decide('models').kind;
    };
    expect([kindAt(0.05), kindAt(0.2), kindAt(0.45), kindAt(0.65), kindAt(0.75)]).toEqual(['429', '500', '503', 'hang', 'none']);
  });

  it('refuses invalid updates and keeps the previous faults', () => {
    const faults = new FaultController(NO_FAULTS, seededStreams(1));
    expect(() => faults.set({ rate500: -1 })).toThrow();
    expect(() => faults.set({ abortReason: 'BORED' as never })).toThrow();
    expect(faults.get()).toEqual(NO_FAULTS);
  });
});

describe('seeded random faults', () => {
  const draws = (streams: ReturnType<typeof seededStreams>, stream: string, count = 8) => Array.from({ length: count }, () => streams.next(stream));

  it('draws the same numbers from the same seed, each stream on its own, and starts over on reset', () => {
    const one = seededStreams(42);
    const two = seededStreams(42);
    const first = draws(one, 'fault:create');
    expect(first.every((value) => value >= 0 && value < 1)).toBe(true);
    expect(new Set(first).size).toBe(first.length);
    // Draws on another stream in between change nothing.
    draws(two, 'fault:status', 50);
    expect(draws(two, 'fault:create')).toEqual(first);
    expect(draws(seededStreams(43), 'fault:create')).not.toEqual(first);
    one.reset();
    expect(draws(one, 'fault:create')).toEqual(first);
  });

  it('replays which requests get a fault from the seed, across sandboxes and after reset, without Math.random', async () => {
    const random = vi.spyOn(Math, 'random').mockImplementation(() => {
      throw new Error('the sandbox decided with Math.random');
    });
    const statuses = async (target: { apiUrl: string; subscriptionId: string }) => {
      const seen: number[] = [];
      for (let i = 0; i < 24; i++) {
        const response = await fetch(`${target.apiUrl}/predefined_try_on_models`, { headers: { 'x-user-id': target.subscriptionId } });
        seen.push(response.status);
      }
      return seen;
    };
    const faults = { rate429: 0.25, rate500: 0.25 };
    const one = await startSandbox({ seed: 7, faults });
    const two = await startSandbox({ seed: 7, faults });
    try {
      const first = await statuses(one);
      expect(first).toContain(200);
      expect(first.some((status) => status !== 200)).toBe(true);
      expect(await statuses(two)).toEqual(first);
      one.reset();
      expect(await statuses(one)).toEqual(first);
      expect(one.seed).toBe(7);
    } finally {
      random.mockRestore();
      await Promise.all([one.close(), two.close()]);
    }
  });

  it('takes the seed from SANDBOX_SEED when the code gives none, and refuses one that is not a seed', async () => {
    const before = process.env.SANDBOX_SEED;
    try {
      process.env.SANDBOX_SEED = '123456';
      const seeded = await startSandbox();
      expect(seeded.seed).toBe(123456);
      await seeded.close();
      process.env.SANDBOX_SEED = 'lucky';
      await expect(startSandbox()).rejects.toThrow(/SANDBOX_SEED must be a whole number/);
      delete process.env.SANDBOX_SEED;
      const fresh = await startSandbox();
      const again = await startSandbox();
      expect(fresh.seed).not.toBe(again.seed);
      await Promise.all([fresh.close(), again.close()]);
    } finally {
      if (before === undefined) delete process.env.SANDBOX_SEED;
      else process.env.SANDBOX_SEED = before;
    }
  });

  it('names, for a failed test, the seeds of the sandboxes open when it began and of those it started', () => {
    const closedEarlier = trackSeed(1);
    closedEarlier();
    const openEarlier = trackSeed(2);
    const seedsOfTest = seedsInUseFromNow();
    const startedInTest = trackSeed(3);
    startedInTest();
    expect(seedsOfTest()).toEqual(expect.arrayContaining([2, 3]));
    expect(seedsOfTest()).not.toContain(1);
    openEarlier();
  });
});
