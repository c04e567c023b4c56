import type { CatalogItem } from '../catalog';
import { decodeImage, encodeJpeg, ImageDecodeError, type Bytes } from '../images/codecs';
import { composeTryOn } from '../images/composite';
import { MODEL_LOOKS, renderPersonPhoto } from '../images/figures';
import { drawText, measureText } from '../images/font';
import { createRaster, type Raster } from '../images/raster';

/** Producing the emulator's pictures: predefined model photos and try-on composites. */

const modelPhotos = new Map<string, Bytes>();

export function isModelId(id: string): boolean {
  return id in MODEL_LOOKS;
}

/** The JPEG of a predefined model, drawn once per process. */
export function modelPhoto(id: string): Bytes | undefined {
  const look = MODEL_LOOKS[id];
  if (!look) return undefined;
  let photo = modelPhotos.get(id);
  if (!photo) {
    photo = encodeJpeg(renderPersonPhoto(look), 88);
    modelPhotos.set(id, photo);
  }
  return photo;
}

/**
 * The try-on composite as JPEG. Runs after a macrotask so creating the operation answers at once;
 * WebP photos (no pure-JS decoder) get a plain stand-in of the same shape, still clearly labelled.
 */
export function generateTryOn(photo: Uint8Array, items: readonly CatalogItem[]): Promise<Bytes> {
  return new Promise((resolve, reject) => {
    setImmediate(() => {
      try {
        resolve(encodeJpeg(composeTryOn(decodeOrStandIn(photo), items), 85));
      } catch (error) {
        reject(error);
      }
    });
  });
}

function decodeOrStandIn(photo: Uint8Array): Raster {
  try {
    return decodeImage(photo);
  } catch (error) {
    if (!(error instanceof ImageDecodeError) || !/WebP/.test(error.message)) throw error;
    const standIn = createRaster(720, 960, [200, 204, 210]);
    const label = 'WEBP PHOTO';
    drawText(standIn, label, (720 - measureText(label, 6)) / 2, 440, 6, [90, 94, 100]);
    return standIn;
  }
}
