import { SANDBOX_DEFAULTS, validateTokenConfig } from '../token/config';
import { serveNode, type RunningServer } from '../token/node-adapter';
import { createControlHandler } from './control';
import { createEmulator } from './emulator/emulator';
import { FaultController, faultsSchema, NO_FAULTS, type SandboxFaults } from './faults';
import { RequestLog, type LogEntry } from './request-log';
import { ONBOARDING_STORE_HOST } from './catalog';
import { SHOPPER_PHOTO_PATH } from './store/assets';
import { createStore, storeOrigins } from './store/store';
import { trackSeed } from './live-seeds';
import { MAX_SEED, newSeed, seededStreams } from './seeded-random';
import { createTokenService, type TokenService } from './token-service';

/**
 * The sandbox in one call: the Aiuta emulator, the reference token server and the demo store, each
 * on its own 127.0.0.1 port. Tests start it in-process on port 0; `npm run sandbox` uses 8787-8789.
 */

export interface SandboxOptions {
  host?: string;
  /** Ports default to 0 (any free port); the CLI passes 8787, 8788, 8789. */
  apiPort?: number;
  tokenPort?: number;
  storePort?: number;
  /** Dev defaults from SANDBOX_DEFAULTS when not given. */
  secret?: string;
  issuer?: string;
  subscriptionId?: string;
  /** Accepted in `x-api-key` (the developer-only mode). */
  apiKey?: string;
  tokenTtlSeconds?: number;
  tokenRateLimit?: { burst: number; perMinute: number };
  /** From CREATED to the end state; default 3000 ms. */
  generationMs?: number;
  /** How long a SKU item created through `POST /v1/sku_items` stays "preparing" at least; default 5000 ms. */
  skuPreparationMs?: number;
  /**
   * The token server gets the emulator's API key, its /v1 base and the onboarding host (what an operator
   * sets as AIUTA_API_KEY, AIUTA_API_BASE_URL, AIUTA_ONBOARD_HOSTS): it resolves products at `catalogUrl`
   * and signs create_try_on only for SKUs the catalog holds ready. The CLIs turn it on; in code it is off
   * unless asked for, so a test of a backend without the check keeps that backend.
   */
  catalogCheck?: boolean;
  /** Lifetime of uploaded and generated images; default one day. */
  imageTtlSeconds?: number;
  /** Uploads with a shorter side below this are refused (422); default 256 px. */
  minImageSide?: number;
  maxUploadBytes?: number;
  faults?: Partial<SandboxFaults>;
  /**
   * Seeds the random decisions (which request gets a fault, which operation fails by share). Without
   * it: `SANDBOX_SEED` from the environment, else a new seed. A failed test prints the seed it used.
   */
  seed?: number;
  /** Milliseconds since the epoch, for tests that move time (status phases, expiry, token exp). */
  clock?: () => number;
}

export interface Sandbox {
  /** Digital Try-On base URL, e.g. http://127.0.0.1:8787/digital-try-on/v1 */
  apiUrl: string;
  /** Unified API base URL, e.g. http://127.0.0.1:8787/v1 */
  unifiedApiUrl: string;
  /** Full URL of the token endpoint, e.g. http://127.0.0.1:8788/aiuta_jwt */
  tokenUrl: string;
  /** The token server's catalog endpoint, e.g. http://127.0.0.1:8788/aiuta_sku (501 unless `catalogCheck`). */
  catalogUrl: string;
  catalogCheck: boolean;
  /** Demo store origin, e.g. http://127.0.0.1:8789 (no trailing slash) */
  storeUrl: string;
  /** The same store under its second host name, e.g. http://localhost:8789: products a backend may onboard live here. */
  onboardingStoreUrl: string;
  /** Store hosts whose products a backend may add to the catalog (`AIUTA_ONBOARD_HOSTS`). */
  onboardHosts: string[];
  /** The sample shopper photo, e.g. http://127.0.0.1:8789/assets/shopper.jpg */
  photoUrl: string;
  subscriptionId: string;
  issuer: string;
  secret: string;
  apiKey: string;
  /** Requests to the emulator and the token server so far, oldest first. */
  log(): LogEntry[];
  faults(): SandboxFaults;
  /** The seed of the random decisions; `SANDBOX_SEED=<seed>` (or the `seed` option) replays them. */
  seed: number;
  setFaults(update: Partial<SandboxFaults>): SandboxFaults;
  /**
   * Holds every running generation IN_PROGRESS (past its end time) until released, so a test can act
   * in the middle of one without racing `generationMs`. `reset()` releases it.
   */
  holdGenerations(held: boolean): void;
  /** Forgets images, operations, created SKU items, the log, rate limits and the token server's catalog cache; faults go back to their start values. */
  reset(): void;
  close(): Promise<void>;
}

export const SANDBOX_API_KEY = 'sandbox-api-key';
const CATALOG_PATH = '/aiuta_sku';

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const host = options.host ?? '127.0.0.1';
  const secret = options.secret ?? SANDBOX_DEFAULTS.secret;
  const issuer = options.issuer ?? SANDBOX_DEFAULTS.issuer;
  const subscriptionId = options.subscriptionId ?? SANDBOX_DEFAULTS.subscriptionId;
  const apiKey = options.apiKey ?? SANDBOX_API_KEY;
  const seed = options.seed ?? seedFromEnvironment() ?? newSeed();
  const faults = new FaultController(faultsSchema.parse({ ...NO_FAULTS, ...options.faults }), seededStreams(seed));
  const log = new RequestLog();

  const catalogCheck = options.catalogCheck ?? false;
  /** The token server, once the emulator listens: with the catalog check, it calls the emulator's /v1. */
  let tokenService: TokenService | undefined;

  let info: Record<string, string> = {};
  const emulator = createEmulator(
    {
      secret,
      issuer,
      subscriptionId,
      apiKey,
      generationMs: options.generationMs ?? 3000,
      skuPreparationMs: options.skuPreparationMs ?? 5000,
      imageTtlSeconds: options.imageTtlSeconds ?? 24 * 60 * 60,
      minImageSide: options.minImageSide ?? 256,
      maxUploadBytes: options.maxUploadBytes ?? 20 * 1024 * 1024,
    },
    {
      faults,
      log,
      clock: options.clock,
      control: createControlHandler({
        log: () => log.list(),
        getFaults: () => faults.get(),
        setFaults: (update) => faults.set(update),
        reset,
        info: () => info,
        catalog: () => emulator.state.skuItems.list(),
        clock: options.clock ?? Date.now,
        holdGenerations: (held) => {
          emulator.state.generationsHeld = held;
        },
      }),
      storeOrigin: () => info.storeUrl,
    },
  );

  function reset(): void {
    emulator.state.clear();
    log.clear();
    faults.reset();
    tokenService?.reset();
  }

  const servers: RunningServer[] = [];
  const closeAll = () => Promise.all(servers.map((server) => server.close())).then(() => undefined);
  try {
    servers.push(await listen('Aiuta emulator', emulator.fetch, options.apiPort ?? 0, host, '--api-port'));
    const service = createTokenService(
      validateTokenConfig({
        secret,
        issuer,
        subscriptionId,
        ttlSeconds: options.tokenTtlSeconds ?? 60,
        allowedOrigins: [],
        sandbox: true,
        rateLimit: options.tokenRateLimit ?? { burst: 600, perMinute: 6000 },
        path: '/aiuta_jwt',
        catalogPath: CATALOG_PATH,
        // What an operator sets as AIUTA_API_KEY, AIUTA_API_BASE_URL and AIUTA_ONBOARD_HOSTS.
        ...(catalogCheck ? { apiKey, apiBaseUrl: `${servers[0]!.origin}/v1`, onboardHosts: [ONBOARDING_STORE_HOST] } : {}),
      }),
      faults,
      log,
      options.clock,
    );
    tokenService = service;
    servers.push(await listen('token server', service.fetch, options.tokenPort ?? 0, host, '--token-port'));
    const storeInfo = { apiUrl: '', tokenUrl: '', subscriptionId, storeUrl: '' };
    servers.push(await listen('demo store', createStore(storeInfo), options.storePort ?? 0, host, '--store-port'));
    const [api, token, store] = servers as [RunningServer, RunningServer, RunningServer];
    storeInfo.apiUrl = `${api.origin}/digital-try-on/v1`;
    storeInfo.tokenUrl = `${token.origin}/aiuta_jwt`;
    storeInfo.storeUrl = store.origin;
    info = {
      apiUrl: storeInfo.apiUrl,
      unifiedApiUrl: `${api.origin}/v1`,
      tokenUrl: storeInfo.tokenUrl,
      catalogUrl: `${token.origin}${CATALOG_PATH}`,
      storeUrl: store.origin,
      onboardingStoreUrl: storeOrigins(new URL(store.origin), storeInfo).onboarding,
      photoUrl: `${store.origin}${SHOPPER_PHOTO_PATH}`,
      subscriptionId,
      issuer,
      seed: String(seed),
    };
  } catch (error) {
    await closeAll();
    throw error;
  }

  const untrack = trackSeed(seed);
  return {
    apiUrl: info.apiUrl!,
    unifiedApiUrl: info.unifiedApiUrl!,
    tokenUrl: info.tokenUrl!,
    catalogUrl: info.catalogUrl!,
    catalogCheck,
    storeUrl: info.storeUrl!,
    onboardingStoreUrl: info.onboardingStoreUrl!,
    onboardHosts: [ONBOARDING_STORE_HOST],
    photoUrl: info.photoUrl!,
    subscriptionId,
    issuer,
    secret,
    apiKey,
    log: () => log.list(),
    faults: () => faults.get(),
    seed,
    setFaults: (update) => faults.set(update),
    holdGenerations: (held) => {
      emulator.state.generationsHeld = held;
    },
    reset,
    close: () => {
      untrack();
      return closeAll();
    },
  };
}

/** `SANDBOX_SEED`, so any test run can replay a failure's random faults without a code change. */
function seedFromEnvironment(): number | undefined {
  const raw = process.env.SANDBOX_SEED;
  if (raw === undefined || raw.trim() === '') return undefined;
  const seed = Number(raw);
  if (!Number.isInteger(seed) || seed < 0 || seed > MAX_SEED) {
    throw new Error(`SANDBOX_SEED must be a whole number from 0 to ${MAX_SEED} (got "${raw}").`);
  }
  return seed;
}

async function listen(
  name: string,
  handler: Parameters<typeof serveNode>[0],
  port: number,
  host: string,
  flag: string,
): Promise<RunningServer> {
  try {
    return await serveNode(handler, { port, host });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new Error(
        `The ${name} cannot listen on ${host}:${port}: the port is in use. Stop whatever uses it, or choose any free port ` +
          `with ${flag} 0 (npm start -- ${flag} 0, npm run sandbox -- ${flag} 0).`,
      );
    }
    throw error;
  }
}

export type { LogEntry } from './request-log';
export type { AbortReason, FaultKind, RouteName, SandboxFaults } from './faults';
export { ABORT_REASONS, NO_FAULTS } from './faults';
export { CATALOG, CATALOG_CHECK_PRODUCTS, findCatalogItem, ONBOARDING_STORE_HOST } from './catalog';
export { ABORT_SKU_PREFIX, FAIL_SKU } from './emulator/outcome';
export { SHOPPER_PHOTO_PATH } from './store/assets';
