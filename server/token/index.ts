/** The reference token server: a Web-standard fetch handler plus a node:http adapter. */
export { ConfigError, loadTokenConfig, SANDBOX_DEFAULTS, validateTokenConfig } from './config';
export type { RateLimitConfig, TokenServerConfig } from './config';
export { createTokenHandler } from './handler';
export type { TokenHandler, TokenHandlerOptions } from './handler';
export type { ClientInfo, FetchHandler } from './http';
export { serveNode } from './node-adapter';
export type { RunningServer, ServeOptions } from './node-adapter';
export { ID_PATTERN, MAX_SKUS_PER_TRY_ON, tokenParamsSchema } from './params';
export type { TokenOperation, TokenParams } from './params';
