import { beforeEach, onTestFailed } from 'vitest';
import { seedsInUseFromNow } from './live-seeds';

// A failed test names the seed of every sandbox it used, so SANDBOX_SEED=<seed> replays the same random faults.
beforeEach(() => {
  const seeds = seedsInUseFromNow();
  onTestFailed(() => {
    for (const seed of seeds()) {
      console.error(`Sandbox random seed ${seed}: rerun with SANDBOX_SEED=${seed} to replay its random faults.`);
    }
  });
});
