import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { createRemoteDeletes, type RemoteDeletesDeps, type RemoteImage } from '@/utils/aiuta/remote-deletes';
import { targetOf, type ApiTarget } from '@/utils/aiuta/target';
import { deleteAllData } from '@/utils/background/delete-all';
import type { Services } from '@/utils/background/services';
import { createHistory } from '@/utils/history/history';
import { operationWatch } from '@/utils/jobs/poll-schedule';
import { createSerialQueue } from '@/utils/serial-queue';
import { getSettings, historyItem, pendingDeletesItem } from '@/utils/storage';

describe('delete all my data', () => {
  beforeEach(() => fakeBrowser.reset());

  it('deletes an image that both the history and the photos name once, at one host', async () => {
    const current = targetOf(await getSettings());
    // The photo's upload recorded the target that stored it; the result that used it comes from a
    // version that noted none, so it is read as the current settings' target.
    const stored: ApiTarget = { apiBaseUrl: 'https://stored.example/v1', subscriptionId: 'sub-stored' };
    await historyItem.setValue([
      { id: 'h-1', jobId: 'h-1', items: [{ skuId: 'SKU-1', name: 'Scarf' }], createdAt: 1, images: [{ id: 'g-1', url: 'https://x/g.jpg' }], uploadedImageId: 'u-1' },
    ]);
    const deleted: string[] = [];
    const client: RemoteDeletesDeps['client'] = {
      deleteUploadedImage: async (id, target) => (deleted.push(`uploaded:${id}@${target.apiBaseUrl}`), 'deleted'),
      deleteGeneratedImage: async (id, target) => (deleted.push(`generated:${id}@${target.apiBaseUrl}`), 'deleted'),
      getOperation: async () => ({ status: 'IN_PROGRESS', images: [] }),
    };
    const write = createSerialQueue();
    const remoteDeletes = createRemoteDeletes({ client, now: () => 1_000, write, getSettings, watch: operationWatch(), sleep: async () => undefined });
    const history = createHistory({ remoteDeletes, write, getSettings });
    const photoUpload: RemoteImage = { kind: 'uploaded', id: 'u-1', target: stored };
    const services = {
      write,
      remoteDeletes,
      history,
      photos: { remoteImages: async () => [photoUpload], clear: async () => undefined },
      store: { all: async () => [], remoteImages: async () => [] },
      jobs: { cancel: async () => undefined },
      tokens: { clear: () => undefined },
    } as unknown as Pick<Services, 'write' | 'store' | 'jobs' | 'history' | 'photos' | 'tokens' | 'remoteDeletes'>;

    await deleteAllData(services);

    expect(deleted.filter((call) => call.startsWith('uploaded:'))).toHaveLength(1);
    // The one kept is the photo's, named after the history's, with the target its upload recorded.
    expect(deleted.sort()).toEqual([`generated:g-1@${current.apiBaseUrl}`, `uploaded:u-1@${stored.apiBaseUrl}`]);
    expect((await pendingDeletesItem.getValue()).filter((record) => record.id === 'u-1')).toMatchObject([{ state: 'deleted' }]);
  });
});
