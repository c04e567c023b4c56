import { z } from 'zod';
import { isLoopbackHost } from './hosts';
import { subscriptionIdSchema } from './params';

/** Settings of the token server. Build one with `loadTokenConfig(env)` or by hand in code. */
export interface TokenServerConfig {
  /** The subscription's "JWT secret" from Aiuta. */
  secret: string;
  /** The subscription's "JWT key (iss)" from Aiuta. */
  issuer: string;
  /** When set, a request naming another subscription is refused. */
  subscriptionId?: string;
  /** Lifetime of a token; Aiuta's reference example uses 60 s. */
  ttlSeconds: number;
  /**
   * Origins allowed by CORS: `chrome-extension://<id>`, `moz-extension://<uuid>`, `https://host`, or
   * `moz-extension://*` for any Firefox installation (Firefox gives each one a random UUID).
   */
  allowedOrigins: string[];
  /** Local development only: dev defaults, `Access-Control-Allow-Origin: *`. */
  sandbox: boolean;
  rateLimit: RateLimitConfig;
  /** Path of the endpoint, `/aiuta_jwt` as in Aiuta's docs. */
  path: string;
  /** Behind a reverse proxy: take the client address from CF-Connecting-IP / X-Forwarded-For. */
  trustProxy: boolean;
  /** Path of catalog resolution, `/aiuta_sku`. */
  catalogPath: string;
  /** The subscription's API key for Aiuta's catalog; without it catalog resolution answers 501. */
  apiKey?: string;
  /** Unified API base URL, `https://api.aiuta.com/v1`. */
  apiBaseUrl: string;
  /** Store hosts whose products may be added to the catalog on demand (`*.example.com` allowed). */
  onboardHosts: string[];
}

/** What `validateTokenConfig` takes: catalog settings may be left out. */
export type TokenServerSettings = Omit<TokenServerConfig, 'catalogPath' | 'apiBaseUrl' | 'onboardHosts'> &
  Partial<Pick<TokenServerConfig, 'catalogPath' | 'apiBaseUrl' | 'onboardHosts'>>;

export const DEFAULT_API_BASE_URL = 'https://api.aiuta.com/v1';

export interface RateLimitConfig {
  /** Requests a client may make at once (bucket size). */
  burst: number;
  /** Sustained requests per minute per client (refill rate). */
  perMinute: number;
}

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
  AIUTA_JWT_RATE_BURST: intInRange('AIUTA_JWT_RATE_BURST', 1, 100_000, 20),
  AIUTA_JWT_RATE_PER_MINUTE: intInRange('AIUTA_JWT_RATE_PER_MINUTE', 1, 1_000_000, 60),
  AIUTA_JWT_PATH: pathSchema('AIUTA_JWT_PATH', '/aiuta_jwt'),
  AIUTA_JWT_TRUST_PROXY: flag,
  AIUTA_SKU_PATH: pathSchema('AIUTA_SKU_PATH', '/aiuta_sku'),
  AIUTA_API_KEY: z.string().optional(),
  AIUTA_API_BASE_URL: z.string().optional(),
  AIUTA_ONBOARD_HOSTS: z.string().optional(),
});

/**
 * Reads the configuration from environment variables (a plain record, so it works with
 * `process.env`, `Deno.env.toObject()` and a Workers `env` binding alike). Throws `ConfigError` with
 * a sentence saying what to fix.
 */
export function loadTokenConfig(env: Record<string, string | undefined>): TokenServerConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigError(issue ? `${issue.path.join('.') || 'environment'}: ${issue.message}` : 'invalid environment');
  }
  const values = parsed.data;
  return validateTokenConfig({
    secret: values.AIUTA_JWT_SECRET ?? '',
    issuer: values.AIUTA_JWT_ISSUER ?? '',
    subscriptionId: values.AIUTA_SUBSCRIPTION_ID,
    ttlSeconds: values.AIUTA_JWT_TTL_SECONDS,
    allowedOrigins: commaList(values.AIUTA_JWT_ALLOWED_ORIGINS),
    sandbox: values.AIUTA_JWT_SANDBOX,
    rateLimit: { burst: values.AIUTA_JWT_RATE_BURST, perMinute: values.AIUTA_JWT_RATE_PER_MINUTE },
    path: values.AIUTA_JWT_PATH ?? '/aiuta_jwt',
    trustProxy: values.AIUTA_JWT_TRUST_PROXY,
    catalogPath: values.AIUTA_SKU_PATH ?? '/aiuta_sku',
    apiKey: values.AIUTA_API_KEY || undefined,
    apiBaseUrl: values.AIUTA_API_BASE_URL || DEFAULT_API_BASE_URL,
    onboardHosts: commaList(values.AIUTA_ONBOARD_HOSTS),
  });
}

function commaList(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}

/**
 * Fills sandbox defaults and refuses what would be unsafe in production: no secret, no issuer, or a
 * wildcard origin outside sandbox mode.
 */
export function validateTokenConfig(settings: TokenServerSettings): TokenServerConfig {
  const config: TokenServerConfig = {
    ...settings,
    catalogPath: settings.catalogPath ?? '/aiuta_sku',
    apiBaseUrl: settings.apiBaseUrl ?? DEFAULT_API_BASE_URL,
    onboardHosts: (settings.onboardHosts ?? []).map((host) => host.toLowerCase()),
  };
  const secret = config.secret || (config.sandbox ? SANDBOX_DEFAULTS.secret : '');
  const issuer = config.issuer || (config.sandbox ? SANDBOX_DEFAULTS.issuer : '');
  if (!secret) {
    throw new ConfigError(
      'AIUTA_JWT_SECRET is not set: the token server refuses to start without the JWT secret of your Aiuta subscription.',
    );
  }
  if (!issuer) {
    throw new ConfigError('AIUTA_JWT_ISSUER is not set: use the "JWT key (iss)" of your Aiuta subscription.');
  }
  if (!config.sandbox) {
    if (secret === SANDBOX_DEFAULTS.secret) {
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
  if (config.catalogPath === config.path) throw new ConfigError('AIUTA_SKU_PATH must differ from AIUTA_JWT_PATH.');
  checkApiBaseUrl(config.apiBaseUrl);
  for (const host of config.onboardHosts) {
    if (!HOST_PATTERN.test(host)) {
      throw new ConfigError(
        `AIUTA_ONBOARD_HOSTS: "${host}" is not a host name; use e.g. shop.example or *.example.com (no scheme, no port).`,
      );
    }
  }
  return { ...config, secret, issuer };
}

const HOST_PATTERN = /^(\*\.)?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/;

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
