import { ID_PATTERN } from '../../token/params';
import { findStoreProduct } from '../catalog';
import { testSkuItem } from '../emulator/outcome';
import { encodeJpeg, encodePng, type Bytes } from '../images/codecs';
import { renderPersonPhoto, SHOPPER_LOOK } from '../images/figures';
import { renderProductPhoto } from '../images/garments';

/**
 * Pictures the store serves, drawn locally on first request and cached: product photos, the sample
 * shopper photo, and two uploads the emulator must refuse (too small, not an image).
 */

export interface Asset {
  bytes: Bytes;
  contentType: string;
}

const cache = new Map<string, Asset>();
const MAX_CACHED = 200;

function cached(key: string, make: () => Asset): Asset {
  let asset = cache.get(key);
  if (!asset) {
    asset = make();
    if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value!);
    cache.set(key, asset);
  }
  return asset;
}

/** Paths of the sample shopper photo; tests upload it as the shopper's picture. */
export const SHOPPER_PHOTO_PATH = '/assets/shopper.jpg';

export function findAsset(path: string): Asset | null {
  switch (path) {
    case SHOPPER_PHOTO_PATH:
      return cached(path, () => ({ bytes: encodeJpeg(renderPersonPhoto(SHOPPER_LOOK), 88), contentType: 'image/jpeg' }));
    case '/assets/shopper.png':
      return cached(path, () => ({ bytes: encodePng(renderPersonPhoto(SHOPPER_LOOK)), contentType: 'image/png' }));
    case '/assets/too-small.jpg':
      return cached(path, () => ({ bytes: encodeJpeg(renderPersonPhoto(SHOPPER_LOOK, 120, 160), 85), contentType: 'image/jpeg' }));
    case '/assets/not-a-photo.jpg':
      return { bytes: new TextEncoder().encode('This is text, not a photo.\n'), contentType: 'image/jpeg' };
  }
  const product = /^\/assets\/products\/([^/]+)\.png$/.exec(path);
  if (product) {
    const sku = decodeURIComponent(product[1]!);
    if (!ID_PATTERN.test(sku)) return null;
    const item = findStoreProduct(sku) ?? testSkuItem(sku);
    return cached(path, () => ({ bytes: encodePng(renderProductPhoto(item, sku)), contentType: 'image/png' }));
  }
  return null;
}
