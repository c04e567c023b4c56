/** The reference token server: a Web-standard fetch handler, a node:http adapter, and its shared-state stores. */
export { ConfigError, loadTokenConfig, SANDBOX_DEFAULTS, validateTokenConfig } from './config';
export type { RateLimitConfig, TokenServerConfig, TokenServerSettings } from './config';
export { createTokenHandler } from './handler';
export type { AuthorizeRequest, TokenHandler, TokenHandlerOptions } from './handler';
export type { ClientInfo, FetchHandler } from './http';
export { MemoryStore, StoreUnavailableError } from './kv-store';
export type { KeyValueStore } from './kv-store';
export { connectRedisStore } from './redis-store';
export { serveNode } from './node-adapter';
export type { RunningServer, ServeOptions } from './node-adapter';
export { ID_PATTERN, MAX_SKUS_PER_TRY_ON, tokenRequestSchema } from './params';
export type { TokenOperation, TokenParams } from './params';
