import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import type { RemoteDeletes, RemoteImage } from '@/utils/aiuta/remote-deletes';
import { createHistory } from '@/utils/history/history';
import { createSerialQueue } from '@/utils/serial-queue';

const target = { apiBaseUrl: 'https://api.example.test/v1', subscriptionId: 'sub-1' };

describe('results history', () => {
  let deleted: RemoteImage[][];
  const history = () =>
    createHistory({
      remoteDeletes: {
        delete: async (images: RemoteImage[]) => {
          deleted.push(images);
          return 0;
        },
      } as unknown as RemoteDeletes,
      write: createSerialQueue(),
      getSettings: async () => target,
    });
  const entry = (n: number) => ({
    id: `job-${n}`,
    jobId: `job-${n}`,
    items: [{ skuId: `SKU-${n}` }],
    createdAt: n,
    images: [{ id: `generated-${n}`, url: `https://cdn.example.test/${n}.jpg`, owner: 'user' as const }],
    target,
  });

  beforeEach(() => {
    fakeBrowser.reset();
    deleted = [];
  });

  it('keeps the 100 newest results; the 101st drops the oldest and deletes its image at Aiuta', async () => {
    const results = history();
    for (let n = 1; n <= 100; n++) await results.add(entry(n));
    expect(await results.list()).toHaveLength(100);
    expect(deleted).toEqual([]);

    await results.add(entry(101));
    const kept = await results.list();
    expect(kept).toHaveLength(100);
    expect(kept[0]!.id).toBe('job-101');
    expect(kept.at(-1)!.id).toBe('job-2');
    expect(deleted).toEqual([[expect.objectContaining({ kind: 'generated', id: 'generated-1', target })]]);
  });

  it("deletes the shopper's own generated images at Aiuta, never Aiuta's own (which cannot be deleted)", async () => {
    const results = history();
    const images = [
      { id: 'generated-mine', url: 'https://cdn.example.test/mine.jpg', owner: 'user' as const },
      { id: 'generated-theirs', url: 'https://cdn.example.test/theirs.jpg', owner: 'aiuta' as const },
    ];
    await results.add({ ...entry(1), images });
    await results.delete('job-1');
    expect(deleted.flat().map((image) => image.id)).toEqual(['generated-mine']);
    expect(await results.list()).toEqual([]);
  });
});
