import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { CATALOG_CHECK_PRODUCTS } from './catalog';
import { NO_FAULTS } from './faults';
import { startSandbox } from './index';
import { DEFAULT_PORTS, describeFaults, parseSandboxArgs, UsageError } from './options';

describe('sandbox flags and environment', () => {
  it('defaults to the contract ports and no faults', () => {
    const parsed = parseSandboxArgs([], {});
    expect(parsed).toEqual({
      help: false,
      options: expect.objectContaining({ apiPort: 8787, tokenPort: 8788, storePort: 8789, catalogCheck: true, faults: {} }),
    });
    const off = parseSandboxArgs(['--catalog-check', 'off'], {});
    expect(!off.help && off.options.catalogCheck).toBe(false);
    const offByEnv = parseSandboxArgs([], { SANDBOX_CATALOG_CHECK: '0' });
    expect(!offByEnv.help && offByEnv.options.catalogCheck).toBe(false);
    expect(DEFAULT_PORTS).toEqual({ api: 8787, token: 8788, store: 8789 });
  });

  it('reads ports, credentials and faults from flags and env, flags winning', () => {
    const parsed = parseSandboxArgs(
      ['--api-port', '0', '--token-port=0', '--store-port', '9000', '--rate-429', '0.25', '--abort-reason', 'child_detected', '--fault-routes', 'status, token'],
      {
        AIUTA_JWT_SECRET: 'env-secret',
        AIUTA_JWT_ISSUER: 'env-iss',
        AIUTA_SUBSCRIPTION_ID: 'env-sub',
        SANDBOX_RATE_429: '0.9',
        SANDBOX_LATENCY_MS: '150',
        SANDBOX_GENERATION_MS: '500',
        SANDBOX_SKU_PREPARATION_MS: '1500',
        SANDBOX_SKU_READINESS: 'Rejected',
        SANDBOX_SEED: '11',
      },
    );
    if (parsed.help) throw new Error('unexpected help');
    expect(parsed.options).toMatchObject({
      apiPort: 0,
      tokenPort: 0,
      storePort: 9000,
      secret: 'env-secret',
      issuer: 'env-iss',
      subscriptionId: 'env-sub',
      generationMs: 500,
      skuPreparationMs: 1500,
      seed: 11,
      faults: { rate429: 0.25, latencyMs: 150, abortReason: 'CHILD_DETECTED', skuReadiness: 'rejected', routes: ['status', 'token'] },
    });
  });

  it('stops with a sentence on bad values and unknown flags', () => {
    expect(() => parseSandboxArgs(['--api-port', '70000'], {})).toThrow(UsageError);
    expect(() => parseSandboxArgs(['--rate-500', '2'], {})).toThrow(/--rate-500/);
    expect(() => parseSandboxArgs([], { SANDBOX_ABORT_REASON: 'BORED' })).toThrow(/SANDBOX_ABORT_REASON/);
    expect(() => parseSandboxArgs(['--fault-routes', 'everything'], {})).toThrow(UsageError);
    expect(() => parseSandboxArgs(['--turbo'], {})).toThrow(/--help/);
    expect(() => parseSandboxArgs(['--sku-readiness', 'maybe'], {})).toThrow(/--sku-readiness/);
    expect(() => parseSandboxArgs(['--catalog-check', 'sometimes'], {})).toThrow(/--catalog-check: use on or off/);
    expect(() => parseSandboxArgs([], { SANDBOX_SEED: '-1' })).toThrow(/SANDBOX_SEED/);
  });

  it('summarises faults for the banner', () => {
    expect(describeFaults(NO_FAULTS)).toBe('none');
    expect(describeFaults({ ...NO_FAULTS, latencyMs: 100, rate503: 0.1, abortShare: 0.5, routes: ['create'] })).toBe(
      'latency 100 ms, 503 10%, ABORTED (NO_PEOPLE_DETECTED) 50% on create',
    );
    expect(describeFaults({ ...NO_FAULTS, skuReadiness: 'failed' })).toBe('new SKU items end failed');
    expect(describeFaults({ ...NO_FAULTS, rate500: 0.5, skuReadiness: 'rejected' })).toBe('500 50%; new SKU items end rejected');
  });
});

describe('startSandbox', () => {
  it('says which port is taken and how to ask npm for any free one, and leaves nothing listening', async () => {
    const first = await startSandbox();
    const apiPort = Number(new URL(first.apiUrl).port);
    try {
      await expect(startSandbox({ apiPort })).rejects.toThrow(/in use.*npm start -- --api-port 0.*npm run sandbox -- --api-port 0/);
      const tokenPort = Number(new URL(first.tokenUrl).port);
      await expect(startSandbox({ tokenPort })).rejects.toThrow(/token server .* in use.*npm start -- --token-port 0/);
    } finally {
      await first.close();
    }
  });

  it('returns the documented URLs', async () => {
    const sandbox = await startSandbox();
    try {
      expect(sandbox.apiUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/digital-try-on\/v1$/);
      expect(sandbox.unifiedApiUrl).toBe(sandbox.apiUrl.replace('/digital-try-on/v1', '/v1'));
      expect(sandbox.tokenUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/aiuta_jwt$/);
      expect(sandbox.storeUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(sandbox.onboardingStoreUrl).toBe(sandbox.storeUrl.replace('127.0.0.1', 'localhost'));
      expect(sandbox.onboardHosts).toEqual(['localhost']);
      expect((await fetch(`${sandbox.onboardingStoreUrl}/`)).status).toBe(200);
      expect(sandbox.photoUrl).toBe(`${sandbox.storeUrl}/assets/shopper.jpg`);
      expect((await fetch(sandbox.photoUrl)).headers.get('content-type')).toBe('image/jpeg');
    } finally {
      await sandbox.close();
    }
    await expect(fetch(sandbox.photoUrl)).rejects.toThrow();
  });
});

describe('npm run sandbox', () => {
  it('prints one "sandbox ready" line with the three URLs and the catalog endpoint before it, serves them, and stops on SIGTERM', async () => {
    // node with the tsx loader (what `npm run sandbox` runs), so the signal reaches the sandbox itself.
    const args = ['--import', 'tsx', 'server/sandbox/cli.ts', '--api-port', '0', '--token-port', '0', '--store-port', '0', '--seed', '4242'];
    const child = spawn(process.execPath, args, {
      env: { ...process.env, AIUTA_SUBSCRIPTION_ID: 'cli-test-sub' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      let output = '';
      const line = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (chunk: Buffer) => {
          output += chunk.toString();
          const ready = output.split('\n').find((text) => text.includes('sandbox ready'));
          if (ready) resolve(ready);
        });
        child.once('exit', (code) => reject(new Error(`exited ${code} before ready: ${output}`)));
      });
      expect(output).toContain('cli-test-sub');
      expect(output).toMatch(/random seed +4242 /);
      expect(output.split('\n').filter((text) => text.includes('sandbox ready'))).toHaveLength(1);
      const urls = Object.fromEntries([...line.matchAll(/(\w+)=(\S+)/g)].map((match) => [match[1], match[2]]));
      expect(Object.keys(urls)).toEqual(['api', 'token', 'store']);
      const catalogUrl = /catalog endpoint (\S+)/.exec(output)?.[1];
      expect(catalogUrl).toBe(urls.token!.replace('/aiuta_jwt', '/aiuta_sku'));
      const { registeredByGtin: cardigan } = CATALOG_CHECK_PRODUCTS;
      const resolved = await fetch(catalogUrl!, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({
          subscription_id: 'cli-test-sub',
          candidates: [{ id: cardigan.sku }, { id: cardigan.gtin }],
          page: { url: `${urls.store}${cardigan.page.slice(1)}` },
        }),
      });
      expect(await resolved.json()).toEqual({ sku_id: cardigan.gtin, status: 'ready' });
      const models = await fetch(`${urls.api}/predefined_try_on_models`, { headers: { 'x-user-id': 'cli-test-sub' } });
      expect(models.status).toBe(200);
      const token = await fetch(urls.token!, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"operation":"upload_image"}' });
      expect(token.status).toBe(200);
      expect((await fetch(urls.store!)).status).toBe(200);
      const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      await expect(fetch(urls.store!)).rejects.toThrow();
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  }, 30_000);
});
