import type { Job } from '@/utils/jobs/schema';

/** A stored try-on for tests: one item, the saved photo, all times 1; `over` sets what the test is about. */
export function jobFixture(over: Partial<Job> = {}): Job {
  return {
    id: 'job-1',
    status: 'done',
    items: [{ skuId: 'SKU-1', name: 'Linen shirt' }],
    photo: { kind: 'saved' },
    createdAt: 1,
    updatedAt: 1,
    stageStartedAt: 1,
    ...over,
  };
}

/** A step a test holds until it says so: `held` settles once `release()` is called. */
export function holdUntilReleased(): { held: Promise<void>; release: () => void } {
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  return { held, release };
}
