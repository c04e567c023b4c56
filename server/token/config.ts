import { z } from 'zod';
import { isLoopbackHost } from './hosts';
import { subscriptionIdSchema } from './params';

/** Settings of the token server. Build one with `loadTokenConfig(env)` or `validateTokenConfig(...)` in code. */
export interface TokenServerConfig {
  /** The subscription's "JWT secret" from Aiuta; at least 32 bytes. */
  secret: string;
  /** The subscription's "JWT key (iss)" from Aiuta. */
  issuer: string;
  /** The subscription every token is for; the server, not the caller, puts it in the token. */
  subscriptionId: string;
  /** Lifetime of a token; Aiuta's reference example uses 60 s. */
  ttlSeconds: number;
  /**
   * Origins allowed by CORS: `chrome-extension://<id>`, `moz-extension://<uuid>`, `https://host`, or
   * `moz-extension://*` for any Firefox installation (Firefox gives each one a random UUID).
   */
  allowedOrigins: string[];
  /** Local development only: dev defaults, `Access-Control-Allow-Origin: *`, anonymous callers. */
  sandbox: boolean;
  /** Without an `authorize` hook, tokens are issued only when this is true (or in sandbox mode). */
  allowAnonymous: boolean;
  rateLimit: RateLimitConfig;
  /** The one header the proxy in front sets to the client's address (`X-Forwarded-For`...); none by default. */
  clientIpHeader?: string;
  /** Try-ons (`create_try_on` tokens) per UTC day: for the subscription, and optionally per client. */
  dailyTryOns?: { perSubscription: number; perClient?: number };
  /**
   * New image bindings (see image-owners.ts) each client address may make per UTC day; shoppers behind
   * one address (a NAT) share it. `DEFAULT_IMAGES_PER_CLIENT_PER_DAY` by default.
   */
  imagesPerClientPerDay: number;
  /** Path of the token endpoint, `/aiuta_jwt` as in Aiuta's docs. */
  path: string;
  /** Path of catalog resolution, `/aiuta_sku`. */
  catalogPath: string;
  /** Path where the extension reports the image ids its installation got, `/aiuta_images`. */
  imagesPath: string;
  /** The subscription's API key for Aiuta's catalog; without it catalog resolution answers 501. */
  apiKey?: string;
  /** Unified API base URL, `https://api.aiuta.com/v1`. */
  apiBaseUrl: string;
  /** Store hosts whose products may be added to the catalog on demand (`*.example.com` allowed). */
  onboardHosts: string[];
  /**
   * Hosts the images of onboarded products may come from besides the page's own host and its
   * subdomains (a store's CDN: `cdn.shopify.com`, `*.cloudfront.net`).
   */
  onboardImageHosts: string[];
  /** Shared state in Redis (Node); in this process's memory without it. */
  redisUrl?: string;
}

export interface RateLimitConfig {
  /** Requests a client may make at once. */
  burst: number;
  /** Sustained requests per minute per client. */
  perMinute: number;
}

type Defaulted =
  | 'subscriptionId'
  | 'allowAnonymous'
  | 'imagesPerClientPerDay'
  | 'catalogPath'
  | 'imagesPath'
  | 'apiBaseUrl'
  | 'onboardHosts'
  | 'onboardImageHosts';

/** What `validateTokenConfig` takes: settings with a default (or a sandbox default) may be left out. */
export type TokenServerSettings = Omit<TokenServerConfig, Defaulted> & Partial<Pick<TokenServerConfig, Defaulted>>;

export const DEFAULT_API_BASE_URL = 'https://api.aiuta.com/v1';
/** New image bindings per client address per UTC day: several shoppers behind one address, each making dozens. */
export const DEFAULT_IMAGES_PER_CLIENT_PER_DAY = 200;
/** Every binding is kept a month, so a client's daily allowance is what it may add to the store each day. */
const MAX_IMAGES_PER_CLIENT_PER_DAY = 1_000_000;
/** HS256 with a shorter key is guessable; Aiuta's own secrets are longer. */
export const MIN_SECRET_BYTES = 32;

/** Dev-only values used in sandbox mode; printed at start so nobody mistakes them for real ones. */
export const SANDBOX_DEFAULTS = {
  secret: 'sandbox-jwt-secret-for-local-development-only',
  issuer: 'sandbox-issuer',
  subscriptionId: 'sandbox-subscription',
} as const;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

const ORIGIN_PATTERN = /^(chrome-extension|moz-extension|safari-web-extension):\/\/([A-Za-z0-9-]+|\*)$|^https?:\/\/[^/\s*]+$/;
const HOST_PATTERN = /^(\*\.)?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/;

const flag = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no', ''])
  .optional()
  .transform((value) => value === '1' || value === 'true' || value === 'yes');

function intInRange(name: string, min: number, max: number, fallback: number) {
  return z
    .string()
    .optional()
    .transform((value, ctx) => {
      if (value === undefined || value.trim() === '') return fallback;
      const number = Number(value);
      if (!Number.isInteger(number) || number < min || number > max) {
        ctx.addIssue({ code: 'custom', message: `${name} must be a whole number from ${min} to ${max}` });
        return z.NEVER;
      }
      return number;
    });
}

function pathSchema(name: string, example: string) {
  return z.string().regex(/^\/[A-Za-z0-9_/-]*$/, `${name} must be a path such as ${example}`).optional();
}

const envSchema = z.object({
  AIUTA_JWT_SECRET: z.string().optional(),
  AIUTA_JWT_ISSUER: z.string().optional(),
  AIUTA_SUBSCRIPTION_ID: subscriptionIdSchema.optional().or(z.literal('').transform(() => undefined)),
  AIUTA_JWT_TTL_SECONDS: intInRange('AIUTA_JWT_TTL_SECONDS', 5, 3600, 60),
  AIUTA_JWT_ALLOWED_ORIGINS: z.string().optional(),
  AIUTA_JWT_SANDBOX: flag,
  AIUTA_JWT_ALLOW_ANONYMOUS: flag,
  AIUTA_JWT_RATE_BURST: intInRange('AIUTA_JWT_RATE_BURST', 1, 100_000, 20),
  AIUTA_JWT_RATE_PER_MINUTE: intInRange('AIUTA_JWT_RATE_PER_MINUTE', 1, 1_000_000, 60),
  AIUTA_JWT_CLIENT_IP_HEADER: z
    .string()
    .regex(/^[A-Za-z0-9-]*$/, 'AIUTA_JWT_CLIENT_IP_HEADER must be a header name such as X-Forwarded-For')
    .optional(),
  AIUTA_JWT_TRUST_PROXY: z
    .string()
    .optional()
    .refine((value) => !value, 'was replaced by AIUTA_JWT_CLIENT_IP_HEADER: name the one header your proxy sets, e.g. X-Forwarded-For'),
  AIUTA_DAILY_TRY_ONS: z
    .string()
    .regex(/^\s*(\d{1,9}(\s*,\s*\d{1,9})?)?\s*$/, 'AIUTA_DAILY_TRY_ONS must be "<per subscription>" or "<per subscription>,<per client>", e.g. 5000,20')
    .optional(),
  AIUTA_IMAGES_PER_CLIENT_PER_DAY: intInRange(
    'AIUTA_IMAGES_PER_CLIENT_PER_DAY',
    1,
    MAX_IMAGES_PER_CLIENT_PER_DAY,
    DEFAULT_IMAGES_PER_CLIENT_PER_DAY,
  ),
  AIUTA_JWT_PATH: pathSchema('AIUTA_JWT_PATH', '/aiuta_jwt'),
  AIUTA_SKU_PATH: pathSchema('AIUTA_SKU_PATH', '/aiuta_sku'),
  AIUTA_IMAGES_PATH: pathSchema('AIUTA_IMAGES_PATH', '/aiuta_images'),
  AIUTA_API_KEY: z.string().optional(),
  AIUTA_API_BASE_URL: z.string().optional(),
  AIUTA_ONBOARD_HOSTS: z.string().optional(),
  AIUTA_ONBOARD_IMAGE_HOSTS: z.string().optional(),
  REDIS_URL: z.string().optional(),
});

/**
 * Reads the configuration from environment variables (a plain record, so it works with
 * `process.env`, `Deno.env.toObject()` and a Workers `env` binding alike). Throws `ConfigError` with
 * a sentence saying what to fix.
 */
export function loadTokenConfig(env: Record<string, unknown>): TokenServerConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigError(issue ? `${issue.path.join('.') || 'environment'}: ${issue.message}` : 'invalid environment');
  }
  const values = parsed.data;
  const [perSubscription, perClient] = commaList(values.AIUTA_DAILY_TRY_ONS).map(Number);
  return validateTokenConfig({
    secret: values.AIUTA_JWT_SECRET ?? '',
    issuer: values.AIUTA_JWT_ISSUER ?? '',
    subscriptionId: values.AIUTA_SUBSCRIPTION_ID,
    ttlSeconds: values.AIUTA_JWT_TTL_SECONDS,
    allowedOrigins: commaList(values.AIUTA_JWT_ALLOWED_ORIGINS),
    sandbox: values.AIUTA_JWT_SANDBOX,
    allowAnonymous: values.AIUTA_JWT_ALLOW_ANONYMOUS,
    rateLimit: { burst: values.AIUTA_JWT_RATE_BURST, perMinute: values.AIUTA_JWT_RATE_PER_MINUTE },
    clientIpHeader: values.AIUTA_JWT_CLIENT_IP_HEADER || undefined,
    dailyTryOns: perSubscription === undefined ? undefined : { perSubscription, perClient },
    imagesPerClientPerDay: values.AIUTA_IMAGES_PER_CLIENT_PER_DAY,
    path: values.AIUTA_JWT_PATH ?? '/aiuta_jwt',
    catalogPath: values.AIUTA_SKU_PATH,
    imagesPath: values.AIUTA_IMAGES_PATH,
    apiKey: values.AIUTA_API_KEY || undefined,
    apiBaseUrl: values.AIUTA_API_BASE_URL || undefined,
    onboardHosts: commaList(values.AIUTA_ONBOARD_HOSTS),
    onboardImageHosts: commaList(values.AIUTA_ONBOARD_IMAGE_HOSTS),
    redisUrl: values.REDIS_URL || undefined,
  });
}

function commaList(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}

/**
 * Fills defaults (and sandbox defaults) and refuses what would be unsafe: no secret or a short one,
 * no issuer, no subscription outside sandbox mode, a wildcard origin outside sandbox mode, an API
 * key that would travel over plain http.
 */
export function validateTokenConfig(settings: TokenServerSettings): TokenServerConfig {
  const { sandbox } = settings;
  const config: TokenServerConfig = {
    ...settings,
    secret: settings.secret || (sandbox ? SANDBOX_DEFAULTS.secret : ''),
    issuer: settings.issuer || (sandbox ? SANDBOX_DEFAULTS.issuer : ''),
    subscriptionId: settings.subscriptionId || (sandbox ? SANDBOX_DEFAULTS.subscriptionId : ''),
    allowAnonymous: settings.allowAnonymous ?? false,
    imagesPerClientPerDay: settings.imagesPerClientPerDay ?? DEFAULT_IMAGES_PER_CLIENT_PER_DAY,
    clientIpHeader: settings.clientIpHeader?.toLowerCase(),
    catalogPath: settings.catalogPath ?? '/aiuta_sku',
    imagesPath: settings.imagesPath ?? '/aiuta_images',
    apiBaseUrl: settings.apiBaseUrl ?? DEFAULT_API_BASE_URL,
    onboardHosts: (settings.onboardHosts ?? []).map((host) => host.toLowerCase()),
    onboardImageHosts: (settings.onboardImageHosts ?? []).map((host) => host.toLowerCase()),
  };
  if (!config.secret) {
    throw new ConfigError(
      'AIUTA_JWT_SECRET is not set: the token server refuses to start without the JWT secret of your Aiuta subscription.',
    );
  }
  if (new TextEncoder().encode(config.secret).length < MIN_SECRET_BYTES) {
    throw new ConfigError(
      `AIUTA_JWT_SECRET is shorter than ${MIN_SECRET_BYTES} bytes: a short HS256 secret can be guessed. Use the JWT secret of your Aiuta subscription.`,
    );
  }
  if (!config.issuer) {
    throw new ConfigError('AIUTA_JWT_ISSUER is not set: use the "JWT key (iss)" of your Aiuta subscription.');
  }
  if (!config.subscriptionId) {
    throw new ConfigError(
      'AIUTA_SUBSCRIPTION_ID is not set: the server puts your subscription ID into every token, so it must know it.',
    );
  }
  if (!sandbox) {
    if (config.secret === SANDBOX_DEFAULTS.secret) {
      throw new ConfigError('AIUTA_JWT_SECRET is the public sandbox secret; set your real secret.');
    }
    for (const origin of config.allowedOrigins) {
      if (origin === '*') throw new ConfigError('"*" is allowed as an origin only in sandbox mode.');
    }
  }
  for (const origin of config.allowedOrigins) {
    if (origin !== '*' && !ORIGIN_PATTERN.test(origin)) {
      throw new ConfigError(
        `Allowed origin "${origin}" is not an origin; use e.g. chrome-extension://<extension id> or https://shop.example.`,
      );
    }
  }
  if (!(config.ttlSeconds > 0)) throw new ConfigError('The token lifetime must be a positive number of seconds.');
  if (!(config.rateLimit.burst >= 1) || !(config.rateLimit.perMinute > 0)) {
    throw new ConfigError('The rate limit needs a burst of at least 1 and a positive rate per minute.');
  }
  const budget = config.dailyTryOns;
  if (budget && (!(budget.perSubscription >= 1) || (budget.perClient !== undefined && !(budget.perClient >= 1)))) {
    throw new ConfigError('AIUTA_DAILY_TRY_ONS: each figure must be at least 1 (leave it unset for no budget).');
  }
  const images = config.imagesPerClientPerDay;
  if (!Number.isInteger(images) || images < 1 || images > MAX_IMAGES_PER_CLIENT_PER_DAY) {
    throw new ConfigError(
      `AIUTA_IMAGES_PER_CLIENT_PER_DAY must be a whole number from 1 to ${MAX_IMAGES_PER_CLIENT_PER_DAY}: the new images each client address may bind per UTC day.`,
    );
  }
  const paths = [config.path, config.catalogPath, config.imagesPath];
  if (new Set(paths).size !== paths.length) {
    throw new ConfigError('AIUTA_JWT_PATH, AIUTA_SKU_PATH and AIUTA_IMAGES_PATH must all differ.');
  }
  checkApiBaseUrl(config.apiBaseUrl);
  for (const [name, hosts] of [
    ['AIUTA_ONBOARD_HOSTS', config.onboardHosts],
    ['AIUTA_ONBOARD_IMAGE_HOSTS', config.onboardImageHosts],
  ] as const) {
    for (const host of hosts) {
      if (!HOST_PATTERN.test(host)) {
        throw new ConfigError(`${name}: "${host}" is not a host name; use e.g. shop.example or *.example.com (no scheme, no port).`);
      }
    }
  }
  if (config.redisUrl !== undefined && !/^rediss?:\/\/[^\s]+$/.test(config.redisUrl)) {
    throw new ConfigError('REDIS_URL must look like redis://host:6379 or rediss://user:password@host:6380.');
  }
  return config;
}

/** The API key travels to this URL, so only https, or plain http to this very machine. */
function checkApiBaseUrl(value: string): void {
  const url = URL.canParse(value) ? new URL(value) : undefined;
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:') || url.username || url.search || url.hash) {
    throw new ConfigError(`AIUTA_API_BASE_URL "${value}" is not a base URL such as ${DEFAULT_API_BASE_URL}.`);
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    throw new ConfigError('AIUTA_API_BASE_URL must use https (plain http only for a loopback address such as 127.0.0.1).');
  }
}
