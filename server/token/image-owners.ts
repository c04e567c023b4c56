import type { Failure } from './http';
import type { KeyValueStore } from './kv-store';

/**
 * Which installation of the extension an Aiuta image belongs to, so a `delete_image` token is
 * issued only to the installation that made the image. An image is bound to the first installation
 * that shows it to the backend: in a `create_try_on` request (its uploaded image) or in a report
 * (`POST /aiuta_images`: an upload right after uploading, generated images once they exist). Image
 * ids are random and only the installation that made an image learns its id, so the first to show
 * it is its maker.
 */

/** Longer than Aiuta keeps images; every sighting by the owner renews it. */
export const IMAGE_BINDING_MS = 30 * 24 * 60 * 60 * 1000;

export class ImageOwners {
  constructor(private readonly store: KeyValueStore) {}

  /** Binds `imageId` to `installId` unless another installation has it; true when it is (now) theirs. */
  async claim(imageId: string, installId: string): Promise<boolean> {
    const key = `image:${imageId}`;
    if (await this.store.setIfAbsent(key, installId, IMAGE_BINDING_MS)) return true;
    if ((await this.store.get(key)) !== installId) return false;
    await this.store.set(key, installId, IMAGE_BINDING_MS);
    return true;
  }

  /** Null when `installId` may delete `imageId`, else the 403 to answer. */
  async refuseDelete(imageId: string, installId: string | undefined): Promise<Failure | null> {
    if (installId === undefined) {
      return {
        status: 403,
        error: 'image_not_owned',
        message: 'A delete_image token needs the install_id of the installation that made the image.',
      };
    }
    if ((await this.store.get(`image:${imageId}`)) === installId) return null;
    return {
      status: 403,
      error: 'image_not_owned',
      message: 'This image was not made by this installation (or it was never reported), so no delete token is issued for it.',
    };
  }
}
