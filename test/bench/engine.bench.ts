import { bench, describe } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { createBackground, type Background } from '@/utils/background/wiring';
import type { Job } from '@/utils/jobs/schema';
import { nextPollAt } from '@/utils/jobs/poll-schedule';
import { preparePhoto } from '@/utils/photos/pipeline';
import { startFakeApi, type FakeApi, type RecordedRequest } from '../unit/support/fake-api';
import { configure } from '../unit/support/background-setup';
import { encodeJpeg, fakeCodec, fakePhoto, nodeCodec, syntheticPhoto, toDataUrl } from '../unit/support/node-codec';

/**
 * What a try-on costs on the wire and how soon its result is seen, against the local test server
 * with a scripted latency (every answer delayed 40 ms) and generations of about 3 s and about 30 s
 * (±10 %). Cold: nothing learned yet (each generation of the wave starts without history); warm:
 * after the cold wave. The engine runs with its real poll schedule, timeouts and retry rules.
 * "Result lag" is from the moment the service has the result to the job being done (what the
 * panel shows on its next event). Figures are printed; vitest's own timings below them are for
 * the scenario as a whole.
 */

const latencyMs = 40;
const wave = { cold: 8, warm: 4, warmWaves: 3 };

let seed = 7;
const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
const generationsOf = (typicalMs: number) => () => Math.round(typicalMs * (0.9 + 0.2 * random()));

type Kind = 'token' | 'upload' | 'create' | 'status' | 'other';
const kindOf = (request: RecordedRequest): Kind => {
  if (request.path === '/token') return 'token';
  if (request.method === 'POST' && request.path.endsWith('/uploaded_images')) return 'upload';
  if (request.method === 'POST' && /operations$/.test(request.path)) return 'create';
  if (request.method === 'GET' && /operations\/[^/]+$/.test(request.path)) return 'status';
  return 'other';
};

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
};

async function runWave(engine: Background, api: FakeApi, jobs: number, name: string) {
  const first = api.requests.length;
  const started = await Promise.all(
    Array.from({ length: jobs }, (_, i) => engine.jobs.start({ items: [{ skuId: `${name}-${i}` }], photo: { kind: 'saved' } })),
  );
  await engine.jobs.settled();
  const finished = (await engine.jobs.list()).filter((job) => started.some((s) => s.id === job.id));
  const requests = api.requests.slice(first);
  const perKind: Record<Kind, number> = { token: 0, upload: 0, create: 0, status: 0, other: 0 };
  for (const request of requests) perKind[kindOf(request)]++;
  const lags: number[] = [];
  const statusRates: number[] = [];
  for (const job of finished as Job[]) {
    if (job.status !== 'done') throw new Error(`job ended ${job.status}: ${job.error?.message}`);
    const operation = api.operations.get(job.operationId!)!;
    lags.push(job.updatedAt - operation.readyAt!);
    const polls = requests.filter((r) => kindOf(r) === 'status' && r.path.endsWith(`/${job.operationId}`)).length;
    statusRates.push(polls / ((job.updatedAt - operation.createdAt) / 1000));
  }
  return { jobs, perKind, lags, statusRates };
}

function report(name: string, typicalMs: number, result: Awaited<ReturnType<typeof runWave>>) {
  const per = (n: number) => (n / result.jobs).toFixed(2);
  const mean = result.statusRates.reduce((a, b) => a + b, 0) / result.statusRates.length;
  console.log(
    [
      `${name}: ${result.jobs} generations of ${typicalMs / 1000} s ±10 %, ${latencyMs} ms server latency`,
      `  requests per generation: token ${per(result.perKind.token)}, upload ${per(result.perKind.upload)}, create ${per(result.perKind.create)}, status ${per(result.perKind.status)}, other ${per(result.perKind.other)}`,
      `  status requests per second of generation: mean ${mean.toFixed(2)}, max ${Math.max(...result.statusRates).toFixed(2)}`,
      `  result lag after SUCCESS: median ${percentile(result.lags, 50)} ms, p95 ${percentile(result.lags, 95)} ms, max ${Math.max(...result.lags)} ms`,
    ].join('\n'),
  );
}

describe('try-on engine', () => {
  for (const typicalMs of [3_000, 30_000]) {
    bench(
      `${typicalMs / 1000} s generations against the local server (cold, then warm)`,
      async () => {
        fakeBrowser.reset();
        const api = await startFakeApi({ latencyMs, readyAfterMs: generationsOf(typicalMs), tokenTtl: 60 });
        await configure(api);
        const engine = createBackground({ codec: fakeCodec, keepAlive: async () => undefined, notify: async () => undefined });
        await engine.photos.save(toDataUrl(fakePhoto(1125, 1500)));
        // Started together, every generation of the cold wave polls without any generation time learned.
        report(`cold ${typicalMs / 1000} s (no generation times learned)`, typicalMs, await runWave(engine, api, wave.cold, 'cold'));
        // A shopper's later try-ons: waves one after another, each learning from those before.
        const warm: Awaited<ReturnType<typeof runWave>>[] = [];
        for (let i = 0; i < wave.warmWaves; i++) warm.push(await runWave(engine, api, wave.warm, `warm${i}`));
        report(`warm ${typicalMs / 1000} s (${wave.warmWaves} waves after the cold one)`, typicalMs, {
          jobs: warm.reduce((sum, w) => sum + w.jobs, 0),
          perKind: Object.fromEntries(Object.keys(warm[0]!.perKind).map((kind) => [kind, warm.reduce((sum, w) => sum + w.perKind[kind as Kind], 0)])) as Record<Kind, number>,
          lags: warm.flatMap((w) => w.lags),
          statusRates: warm.flatMap((w) => w.statusRates),
        });
        await api.close();
      },
      { iterations: 1, time: 0, warmupIterations: 0, warmupTime: 0 },
    );
  }

  bench(
    'photo: 4000x3000 JPEG re-encoded and uploaded (pure-JS codec)',
    async () => {
      fakeBrowser.reset();
      const api = await startFakeApi();
      await configure(api);
      const source = encodeJpeg(syntheticPhoto(4000, 3000), 90);
      const started = performance.now();
      const prepared = await preparePhoto(toDataUrl(source), nodeCodec);
      const encodeMs = performance.now() - started;
      const engine = createBackground({ codec: nodeCodec });
      await engine.photos.save(toDataUrl(source));
      await engine.photos.ensureUploaded();
      const upload = api.requests.find((r) => r.path.endsWith('/uploaded_images'))!;
      console.log(
        [
          'photo 4000x3000 (synthetic photo-like content, jpeg-js quality 90 as the camera file)',
          `  input ${source.length} bytes -> ${prepared.width}x${prepared.height} JPEG q0.92 ${prepared.jpeg.length} bytes` +
            ` (${((prepared.jpeg.length / source.length) * 100).toFixed(1)}%), thumbnail ${prepared.thumbnail.length} chars`,
          `  bytes uploaded (multipart body on the wire): ${upload.body.length}`,
          `  re-encode time with the pure-JS codec: ${Math.round(encodeMs)} ms (the worker uses createImageBitmap + OffscreenCanvas)`,
        ].join('\n'),
      );
      await api.close();
    },
    { iterations: 1, time: 0, warmupIterations: 0, warmupTime: 0 },
  );

  bench('poll schedule: request times for a 3-minute timeout', () => {
    const progress = { sent: 0, lastSentAtMs: undefined as number | undefined };
    while ((progress.lastSentAtMs ?? 0) < 180_000) {
      progress.lastSentAtMs = nextPollAt(progress, 9_000);
      progress.sent++;
    }
  });
});
