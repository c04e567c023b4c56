import { relative } from 'node:path';
import type { Reporter, TestCase } from 'vitest/node';

/**
 * Says which tests needed a retry (CI retries an e2e test once, as a guard against a loaded
 * machine): a retry that passed is still a flake to look into, so the run names it instead of
 * hiding it. The resilience tests retry never (`retry: 0` on their describe): for them a retry
 * could hide the very double generation they exist to catch.
 */
export default class RetryReport implements Reporter {
  private readonly retried: string[] = [];

  onTestCaseResult(testCase: TestCase): void {
    const retries = testCase.diagnostic()?.retryCount ?? 0;
    if (retries === 0) return;
    const outcome = testCase.result().state === 'passed' ? 'passed on retry' : 'failed every attempt';
    this.retried.push(`${relative(process.cwd(), testCase.module.moduleId)} > ${testCase.fullName}: ${outcome} (${retries} ${retries === 1 ? 'retry' : 'retries'})`);
  }

  onTestRunEnd(): void {
    if (this.retried.length === 0) {
      if (process.env.CI) console.info('Retries used: none.');
      return;
    }
    console.warn(`Retries used: ${this.retried.length}\n${this.retried.map((line) => `  ${line}`).join('\n')}`);
  }
}
