import { parseArgs } from 'node:util';
import { z } from 'zod';
import { ABORT_REASONS, ROUTE_NAMES, SKU_READINESS_OUTCOMES, type SandboxFaults } from './faults';
import type { SandboxOptions } from './index';

/**
 * Command-line flags and environment variables of `npm run sandbox` and `npm start`. A flag wins over
 * its environment variable; both are checked and a bad value stops the start with a sentence.
 */

export const DEFAULT_PORTS = { api: 8787, token: 8788, store: 8789 } as const;

export class UsageError extends Error {
  override name = 'UsageError';
}

interface Setting {
  flag: string;
  env?: string;
  help: string;
}

const SETTINGS = {
  apiPort: { flag: 'api-port', help: `port of the Aiuta emulator (default ${DEFAULT_PORTS.api}; 0 = any free port)` },
  tokenPort: { flag: 'token-port', help: `port of the token server (default ${DEFAULT_PORTS.token})` },
  storePort: { flag: 'store-port', help: `port of the demo store (default ${DEFAULT_PORTS.store})` },
  host: { flag: 'host', env: 'SANDBOX_HOST', help: 'address to listen on (default 127.0.0.1)' },
  secret: { flag: 'jwt-secret', env: 'AIUTA_JWT_SECRET', help: 'JWT secret shared by the token server and the emulator' },
  issuer: { flag: 'jwt-issuer', env: 'AIUTA_JWT_ISSUER', help: 'JWT issuer (iss)' },
  subscriptionId: { flag: 'subscription-id', env: 'AIUTA_SUBSCRIPTION_ID', help: 'subscription ID accepted in x-user-id' },
  apiKey: { flag: 'api-key', env: 'AIUTA_API_KEY', help: 'API key the emulator accepts in x-api-key (and the token server sends)' },
  catalogCheck: {
    flag: 'catalog-check',
    env: 'SANDBOX_CATALOG_CHECK',
    help: 'on: the token server checks products against the emulator\'s catalog and serves /aiuta_sku; off: it answers 501 there (default on)',
  },
  tokenTtlSeconds: { flag: 'token-ttl', env: 'AIUTA_JWT_TTL_SECONDS', help: 'token lifetime in seconds (default 60)' },
  generationMs: { flag: 'generation-ms', env: 'SANDBOX_GENERATION_MS', help: 'time from CREATED to the end state (default 3000)' },
  imageTtlSeconds: { flag: 'image-ttl', env: 'SANDBOX_IMAGE_TTL_SECONDS', help: 'lifetime of uploaded and generated images in seconds (default 86400)' },
  skuPreparationMs: { flag: 'sku-preparation-ms', env: 'SANDBOX_SKU_PREPARATION_MS', help: 'time a new SKU item stays "preparing" (default 5000)' },
  minImageSide: { flag: 'min-image-side', env: 'SANDBOX_MIN_IMAGE_SIDE', help: 'smallest accepted shorter side of an upload in px (default 256)' },
  latencyMs: { flag: 'latency', env: 'SANDBOX_LATENCY_MS', help: 'extra latency per faulted request in ms' },
  rate429: { flag: 'rate-429', env: 'SANDBOX_RATE_429', help: 'share (0..1) of faulted requests answered 429 with Retry-After' },
  rate500: { flag: 'rate-500', env: 'SANDBOX_RATE_500', help: 'share answered 500' },
  rate503: { flag: 'rate-503', env: 'SANDBOX_RATE_503', help: 'share answered 503 with Retry-After' },
  rateHang: { flag: 'rate-hang', env: 'SANDBOX_RATE_HANG', help: 'share that never get an answer (timeouts)' },
  retryAfterSeconds: { flag: 'retry-after', env: 'SANDBOX_RETRY_AFTER', help: 'Retry-After seconds on 429/503 (default 2)' },
  failShare: { flag: 'fail-share', env: 'SANDBOX_FAIL_SHARE', help: 'share of operations that end FAILED' },
  abortShare: { flag: 'abort-share', env: 'SANDBOX_ABORT_SHARE', help: 'share of operations that end ABORTED' },
  abortReason: { flag: 'abort-reason', env: 'SANDBOX_ABORT_REASON', help: `abort_reason of those (${ABORT_REASONS.join(', ')})` },
  skuReadiness: { flag: 'sku-readiness', env: 'SANDBOX_SKU_READINESS', help: `how new SKU items end their preparation (${SKU_READINESS_OUTCOMES.join(', ')}; default ready)` },
  seed: { flag: 'seed', env: 'SANDBOX_SEED', help: 'seed of the random faults, to replay a run (default: a new one, printed)' },
  routes: { flag: 'fault-routes', env: 'SANDBOX_FAULT_ROUTES', help: `comma list of faulted routes (${ROUTE_NAMES.join(', ')}); default all emulator endpoints` },
} satisfies Record<string, Setting>;

type Key = keyof typeof SETTINGS;

const port = z.coerce.number().int().min(0).max(65535);
const share = z.coerce.number().min(0).max(1);
const positiveInt = z.coerce.number().int().min(0);

const parsers: Record<Key, z.ZodType> = {
  apiPort: port,
  tokenPort: port,
  storePort: port,
  host: z.string().min(1),
  secret: z.string().min(1),
  issuer: z.string().min(1),
  subscriptionId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'use 1-64 letters, digits, _ or -'),
  apiKey: z.string().min(1),
  catalogCheck: z
    .string()
    .transform((value) => value.toLowerCase())
    .pipe(z.enum(['on', 'off', 'true', 'false', '1', '0'], 'use on or off'))
    .transform((value) => ['on', 'true', '1'].includes(value)),
  tokenTtlSeconds: z.coerce.number().int().min(1).max(3600),
  generationMs: positiveInt.max(600_000),
  skuPreparationMs: positiveInt.max(600_000),
  imageTtlSeconds: z.coerce.number().int().min(1),
  minImageSide: positiveInt.max(10_000),
  latencyMs: positiveInt.max(120_000),
  rate429: share,
  rate500: share,
  rate503: share,
  rateHang: share,
  retryAfterSeconds: positiveInt.max(3600),
  failShare: share,
  abortShare: share,
  abortReason: z.string().transform((value) => value.toUpperCase()).pipe(z.enum(ABORT_REASONS)),
  skuReadiness: z.string().transform((value) => value.toLowerCase()).pipe(z.enum(SKU_READINESS_OUTCOMES)),
  seed: z.coerce.number().int().min(0).max(2 ** 32 - 1),
  routes: z
    .string()
    .transform((value) => value.split(',').map((route) => route.trim()).filter(Boolean))
    .pipe(z.array(z.enum(ROUTE_NAMES))),
};

const FAULT_KEYS = [
  'latencyMs',
  'rate429',
  'rate500',
  'rate503',
  'rateHang',
  'retryAfterSeconds',
  'failShare',
  'abortShare',
  'abortReason',
  'skuReadiness',
  'routes',
] as const satisfies readonly Key[];

export type ParsedArgs = { help: true } | { help: false; options: SandboxOptions };

export function parseSandboxArgs(argv: readonly string[], env: Record<string, string | undefined>): ParsedArgs {
  const flagOptions = Object.fromEntries(
    Object.values(SETTINGS).map((setting) => [setting.flag, { type: 'string' as const }]),
  );
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: { ...flagOptions, help: { type: 'boolean', short: 'h' } }, strict: true });
  } catch (error) {
    throw new UsageError(`${(error as Error).message}. Run with --help to see the flags.`);
  }
  if (parsed.values.help) return { help: true };

  const values: Partial<Record<Key, unknown>> = {};
  for (const [key, setting] of Object.entries(SETTINGS) as [Key, Setting][]) {
    const raw = (parsed.values as Record<string, unknown>)[setting.flag] ?? (setting.env ? env[setting.env] : undefined);
    if (raw === undefined || raw === '') continue;
    const result = parsers[key].safeParse(raw);
    if (!result.success) {
      const source = (parsed.values as Record<string, unknown>)[setting.flag] !== undefined ? `--${setting.flag}` : setting.env;
      throw new UsageError(`${source}: ${result.error.issues[0]?.message ?? 'invalid value'} (got "${String(raw)}").`);
    }
    values[key] = result.data;
  }

  const faults: Partial<SandboxFaults> = {};
  for (const key of FAULT_KEYS) if (values[key] !== undefined) Object.assign(faults, { [key]: values[key] });
  const options: SandboxOptions = {
    apiPort: (values.apiPort as number | undefined) ?? DEFAULT_PORTS.api,
    tokenPort: (values.tokenPort as number | undefined) ?? DEFAULT_PORTS.token,
    storePort: (values.storePort as number | undefined) ?? DEFAULT_PORTS.store,
    host: values.host as string | undefined,
    secret: values.secret as string | undefined,
    issuer: values.issuer as string | undefined,
    subscriptionId: values.subscriptionId as string | undefined,
    apiKey: values.apiKey as string | undefined,
    catalogCheck: (values.catalogCheck as boolean | undefined) ?? true,
    tokenTtlSeconds: values.tokenTtlSeconds as number | undefined,
    generationMs: values.generationMs as number | undefined,
    skuPreparationMs: values.skuPreparationMs as number | undefined,
    imageTtlSeconds: values.imageTtlSeconds as number | undefined,
    minImageSide: values.minImageSide as number | undefined,
    seed: values.seed as number | undefined,
    faults,
  };
  return { help: false, options };
}

export function usage(command: string): string {
  const lines = Object.values(SETTINGS).map((setting: Setting) => {
    const env = setting.env ? ` [env ${setting.env}]` : '';
    return `  --${setting.flag.padEnd(16)} ${setting.help}${env}`;
  });
  return [`Usage: ${command} [flags]`, '', ...lines, '  --help, -h         show this help'].join('\n');
}

/** A one-line summary of the faults in force, for the start banner. */
export function describeFaults(faults: SandboxFaults): string {
  const parts: string[] = [];
  if (faults.latencyMs) parts.push(`latency ${faults.latencyMs} ms`);
  for (const [label, rate] of [
    ['429', faults.rate429],
    ['500', faults.rate500],
    ['503', faults.rate503],
    ['hang', faults.rateHang],
    ['FAILED', faults.failShare],
    [`ABORTED (${faults.abortReason})`, faults.abortShare],
  ] as const) {
    if (rate > 0) parts.push(`${label} ${Math.round(rate * 100)}%`);
  }
  const http = parts.length > 0 ? `${parts.join(', ')}${faults.routes ? ` on ${faults.routes.join(', ')}` : ''}` : '';
  const sku = faults.skuReadiness === 'ready' ? '' : `new SKU items end ${faults.skuReadiness}`;
  return [http, sku].filter(Boolean).join('; ') || 'none';
}
