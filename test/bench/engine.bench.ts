import { bench, describe } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { createBackground, type Background } from '@/utils/background/wiring';
import type { Job } from '@/utils/jobs/schema';
import { nextPollDelay } from '@/utils/jobs/poll-schedule';
import { preparePhoto } from '@/utils/photos/pipeline';
import { startFakeApi, type FakeApi, type RecordedRequest } from '../unit/support/fake-api';
import { configure } from '../unit/support/background-setup';
import { encodeJpeg, fakeCodec, fakePhoto, nodeCodec, syntheticPhoto, toDataUrl } from '../unit/support/node-codec';

/**
 * What a try-on costs on the wire and how soon its result is seen, against the local test server
 * with a scripted latency (every answer delayed 40 ms) and generations that take 8-14 s. The engine
 * runs with its real poll schedule, timeouts and retry rules. Figures are printed; vitest's own
 * timings below them are for the scenario as a whole.
 */

const latencyMs = 40;
const wave = { cold: 4, warm: 8 };

let seed = 7;
const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
const generationMs = () => 8_000 + Math.round(random() * 6_000);

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

function report(name: string, result: Awaited<ReturnType<typeof runWave>>) {
  const per = (n: number) => (n / result.jobs).toFixed(2);
  const mean = result.statusRates.reduce((a, b) => a + b, 0) / result.statusRates.length;
  console.log(
    [
      `${name}: ${result.jobs} generations of 8-14 s, ${latencyMs} ms server latency`,
      `  requests per generation: token ${per(result.perKind.token)}, upload ${per(result.perKind.upload)}, create ${per(result.perKind.create)}, status ${per(result.perKind.status)}, other ${per(result.perKind.other)}`,
      `  status requests per second of generation: mean ${mean.toFixed(2)}, max ${Math.max(...result.statusRates).toFixed(2)}`,
      `  result lag after SUCCESS: median ${percentile(result.lags, 50)} ms, p95 ${percentile(result.lags, 95)} ms, max ${Math.max(...result.lags)} ms`,
    ].join('\n'),
  );
}

describe('try-on engine', () => {
  bench(
    'generations against the local server (cold, then with the learned quiet period)',
    async () => {
      fakeBrowser.reset();
      const api = await startFakeApi({ latencyMs, readyAfterMs: generationMs, tokenTtl: 60 });
      await configure(api);
      const engine = createBackground({ codec: fakeCodec, keepAlive: async () => undefined, notify: async () => undefined });
      await engine.photos.save(toDataUrl(fakePhoto(1125, 1500)));
      report('cold (no generation times learned yet)', await runWave(engine, api, wave.cold, 'cold'));
      report('warm (quiet period learned from the cold wave)', await runWave(engine, api, wave.warm, 'warm'));
      await api.close();
    },
    { iterations: 1, time: 0, warmupIterations: 0, warmupTime: 0 },
  );

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

  bench('poll schedule: delays for a 3-minute timeout', () => {
    for (let t = 0; t < 180_000; t += nextPollDelay(t, 9_000) || 1);
  });
});
