import { formatDuration, utcDay } from './budget';
import type { Failure } from './http';
import type { KeyValueStore } from './kv-store';

/**
 * Which installation of the extension an Aiuta image belongs to, so a `delete_image` token is
 * issued only to the installation that made the image. An image is bound to the first installation
 * that shows it to the backend: in a `create_try_on` request (its uploaded image) or in a report
 * (`POST /aiuta_images`: an upload right after uploading, generated images once they exist). Image
 * ids are random and only the installation that made an image learns its id, so the first to show
 * it is its maker.
 *
 * Each new binding is kept for a month, so each client may make only so many a day
 * (`AIUTA_IMAGES_PER_CLIENT_PER_DAY`, 200 by default): a shopper makes a few dozen images a day at
 * most, and one client reporting made-up ids could otherwise fill the store.
 */

/** Longer than Aiuta keeps images; every sighting by the owner renews it. */
export const IMAGE_BINDING_MS = 30 * 24 * 60 * 60 * 1000;

export interface Claimed {
  /** Bound to the installation now (newly, or they already were). */
  owned: string[];
  /** Shown first by another installation; they stay theirs. */
  notOwned: string[];
}

export class ImageOwners {
  constructor(
    private readonly store: KeyValueStore,
    private readonly clock: () => number,
    /** New bindings each client (address) may make per UTC day. */
    private readonly newPerClientPerDay: number,
  ) {}

  /**
   * Binds each of `imageIds` to `installId` unless another installation has it; renews the ones it
   * has. A 429 (nothing bound) when the new ones would take `client` past its daily allowance.
   */
  async claim(imageIds: readonly string[], installId: string, client: string): Promise<Claimed | Failure> {
    const held = await Promise.all(imageIds.map((imageId) => this.store.get(`image:${imageId}`)));
    const fresh = imageIds.filter((_, index) => held[index] === undefined);
    if (fresh.length > 0) {
      const { day, resetInMs, ttlMs } = utcDay(this.clock());
      const key = `images:client:${client}:${day}`;
      if ((await this.store.increment(key, fresh.length, ttlMs)) > this.newPerClientPerDay) {
        await this.store.increment(key, -fresh.length, ttlMs);
        const seconds = Math.ceil(resetInMs / 1000);
        return {
          status: 429,
          error: 'too_many_images',
          message: `This address reported more new images today than a shopper makes; try again after midnight UTC (in ${formatDuration(seconds)}).`,
          headers: { 'Retry-After': String(seconds) },
        };
      }
    }
    const owned = await Promise.all(
      imageIds.map(async (imageId, index) => {
        const key = `image:${imageId}`;
        if (held[index] === undefined && (await this.store.setIfAbsent(key, installId, IMAGE_BINDING_MS))) return true;
        // Bound already, or by a request that came in between.
        if ((await this.store.get(key)) !== installId) return false;
        await this.store.set(key, installId, IMAGE_BINDING_MS);
        return true;
      }),
    );
    return {
      owned: imageIds.filter((_, index) => owned[index]),
      notOwned: imageIds.filter((_, index) => !owned[index]),
    };
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
