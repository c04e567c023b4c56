import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing';

// Two projects: `unit` (fast, WXT fake browser, no network but loopback servers a test starts itself)
// and `e2e` (the built extension in Debian Chromium through playwright-core; needs `wxt build` first).
export default defineConfig({
  plugins: [WxtVitest()],
  test: {
    // The default output, plus a list of the tests that needed a retry.
    reporters: ['default', './test/e2e/support/retry-report.ts'],
    // A failed test prints the seed of the sandbox's random faults, to replay them.
    setupFiles: ['server/sandbox/seed-on-failure.ts'],
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.{ts,tsx}', 'server/**/*.test.ts'],
          setupFiles: ['server/sandbox/seed-on-failure.ts', 'test/unit/support/indexeddb.ts'],
          environment: 'node',
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          // Builds the extension first when .output is missing or older than its sources.
          globalSetup: ['test/e2e/support/fresh-build.ts'],
          // Benchmarks run once, in the unit project.
          benchmark: { include: [] },
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
          // A guard on a shared 2-core CI machine: a test that fails twice in a row fails the run, and
          // the run lists every retry it used (test/e2e/support/retry-report.ts). Resilience tests never retry.
          retry: process.env.CI ? 1 : 0,
        },
      },
    ],
  },
});
