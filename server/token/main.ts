import { ConfigError, loadTokenConfig } from './config';
import { createTokenHandler } from './handler';
import { serveNode } from './node-adapter';

/**
 * Runs the token server on Node: `AIUTA_JWT_SECRET=... AIUTA_JWT_ISSUER=... npx tsx server/token/main.ts`.
 * PORT (default 8788) and HOST (default 127.0.0.1; 0.0.0.0 in a container) choose where it listens.
 */
async function main(): Promise<void> {
  let config;
  try {
    config = loadTokenConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`Token server not started: ${error.message}`);
      process.exit(1);
    }
    throw error;
  }
  const port = Number(process.env.PORT ?? 8788);
  const host = process.env.HOST ?? '127.0.0.1';
  const running = await serveNode(createTokenHandler(config).fetch, { port, host });
  const mode = config.sandbox ? ' (sandbox mode: any origin, dev defaults)' : '';
  const catalog = config.apiKey ? `; catalog resolution at ${running.origin}${config.catalogPath}` : '';
  console.log(`Aiuta token server listening on ${running.origin}${config.path}${catalog}${mode}`);
  const stop = () => void running.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

void main();
