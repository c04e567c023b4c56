import { createClient, ErrorReply } from '@redis/client';
import { StoreUnavailableError, type KeyValueStore } from './kv-store';

/**
 * The key-value store in Redis (`REDIS_URL`), so every instance of the backend shares one rate
 * limit, one budget, one catalog cache and one record of image owners. Keys carry a prefix, so the
 * backend can share a Redis with other programs.
 */

/** Error replies that say Redis cannot serve right now (starting, read-only replica, out of memory...), not that the command is wrong. */
const UNAVAILABLE_REPLY = /^(LOADING|BUSY|READONLY|MASTERDOWN|TRYAGAIN|CLUSTERDOWN|OOM|NOAUTH|WRONGPASS|MISCONF|NOREPLICAS)\b|^ERR max number of clients/;

/**
 * The count, and an expiry only if the key has none yet (a key this call created), in one step. A
 * script rather than `PEXPIRE ... NX`, which Redis accepts only from 7.0 on.
 */
const INCREMENT_SCRIPT = `local count = redis.call('INCRBY', KEYS[1], ARGV[1])
if redis.call('PTTL', KEYS[1]) == -1 then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return count`;

export interface RedisStoreOptions {
  /** `redis://[:password@]host:port[/db]`, or `rediss://` for TLS. */
  url: string;
  /** Prefix of every key; `aiuta:` by default. */
  prefix?: string;
  /** Where connection trouble is reported (never with the URL, which may hold a password). */
  log?: (line: string) => void;
}

export async function connectRedisStore(options: RedisStoreOptions): Promise<KeyValueStore> {
  const prefix = options.prefix ?? 'aiuta:';
  const log = options.log ?? ((line: string) => console.warn(line));
  let connected = false;
  const client = createClient({
    url: options.url,
    // While Redis is away, fail at once (the request gets a 503) instead of queueing without bound.
    disableOfflineQueue: true,
    socket: {
      connectTimeout: 5_000,
      // At start, no Redis is a configuration error; later, Redis going away is an outage to wait out.
      reconnectStrategy: (retries: number, cause: Error) => (connected ? Math.min(100 * 2 ** retries, 5_000) : cause),
    },
  });
  let reported = false;
  client.on('error', (error: Error) => {
    if (reported) return;
    reported = true;
    log(`Redis: ${error.message.replace(options.url, 'REDIS_URL')}; retrying.`);
  });
  client.on('ready', () => {
    if (reported) log('Redis: connected again.');
    reported = false;
  });
  try {
    await client.connect();
    connected = true;
  } catch (error) {
    throw new StoreUnavailableError(`Redis at REDIS_URL could not be reached: ${(error as Error).message.replace(options.url, 'REDIS_URL')}`);
  }

  /**
   * An unreachable or unready Redis (no connection, a timeout, a reply such as LOADING or READONLY)
   * becomes StoreUnavailableError, which the handler answers with 503; a command Redis refused for
   * what it was asked (a value that is not a number...) is a fault, thrown as a plain Error.
   */
  async function run<T>(command: () => Promise<T>): Promise<T> {
    try {
      return await command();
    } catch (error) {
      if (error instanceof StoreUnavailableError) throw error;
      if (error instanceof ErrorReply && !UNAVAILABLE_REPLY.test(error.message)) {
        throw new Error(`Redis refused a command: ${error.message}`, { cause: error });
      }
      throw new StoreUnavailableError(`Redis: ${(error as Error).message}`);
    }
  }

  return {
    get: (key) => run(async () => (await client.get(prefix + key)) ?? undefined),
    set: (key, value, ttlMs) =>
      run(async () => {
        await client.set(prefix + key, value, { expiration: { type: 'PX', value: ttlMs } });
      }),
    setIfAbsent: (key, value, ttlMs) =>
      run(async () => (await client.set(prefix + key, value, { condition: 'NX', expiration: { type: 'PX', value: ttlMs } })) === 'OK'),
    increment: (key, by, ttlMs) =>
      run(async () => Number(await client.eval(INCREMENT_SCRIPT, { keys: [prefix + key], arguments: [String(by), String(ttlMs)] }))),
    delete: (key) =>
      run(async () => {
        await client.del(prefix + key);
      }),
    close: async () => {
      if (client.isOpen) await client.close();
    },
  };
}
