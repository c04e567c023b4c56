import { AppError } from '@/utils/errors';
import type { RemoteImage } from '@/utils/aiuta/remote-deletes';
import { targetOf } from '@/utils/aiuta/target';
import type { Services } from '@/utils/background/services';
import { isFinished } from '@/utils/jobs/schema';
import { getSettings, storedItems } from '@/utils/storage';

/**
 * "Delete all my data": stops running try-ons, then in one step of the write queue notes which of
 * the shopper's images are on the try-on service and clears every storage item whose definition
 * says `clear` (utils/storage.ts); finally deletes those images on the service. Connection settings
 * stay, and so does the list of images still to delete, which the deletion itself needs.
 */
export async function deleteAllData(services: Pick<Services, 'write' | 'store' | 'jobs' | 'history' | 'photos' | 'tokens' | 'remoteDeletes'>): Promise<void> {
  const running = (await services.store.all()).filter((job) => !isFinished(job));
  await Promise.all(running.map((job) => services.jobs.cancel(job.id)));
  const current = targetOf(await getSettings());
  const remote = await services.write(async () => {
    const images: RemoteImage[] = [...(await services.history.remoteImages()), ...(await services.photos.remoteImages()), ...(await services.store.remoteImages(current))];
    await Promise.all(storedItems().filter(({ onDeleteAll }) => onDeleteAll === 'clear').map(({ item }) => item.removeValue()));
    await services.photos.clear();
    // The deletes still to do stay; what the shopper's results were called goes with the rest.
    await services.remoteDeletes.forgetDetails();
    return images;
  });
  services.tokens.clear();
  await services.remoteDeletes.retryPending();
  // An image named twice (a result's upload that is also a photo's) is deleted once: delete() keys them as it stores them.
  const failed = await services.remoteDeletes.delete(remote.map(({ label: _label, ...image }) => image));
  if (failed) {
    throw new AppError('remote_delete_failed', `Everything was removed from this device, but ${failed} image(s) on the try-on service could not be deleted yet. The extension will try again later.`);
  }
}
