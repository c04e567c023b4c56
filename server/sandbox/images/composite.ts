import type { GarmentKind } from '../catalog';
import { decodeImage, encodeJpeg } from './codecs';
import { PERSON_FRAME } from './figures';
import { drawText, fitText, measureText, textHeight } from './font';
import { renderGarment, type GarmentLook } from './garments';
import { createRaster, drawRaster, fillRect, scaleToFit, type Raster, type Rgb } from './raster';

/**
 * The sandbox's "generated" try-on: the uploaded photo with each garment drawing laid over where a
 * front-facing, centred person wears it, framed and labelled SANDBOX so nobody takes it for a real
 * Aiuta result.
 */

export interface TryOnGarment extends GarmentLook {
  sku: string;
}

/** Garment box in units of the person frame: u across (0..1 = frame width), v down (0..1 = frame height). */
const PLACEMENT: Record<GarmentKind, { u0: number; u1: number; v0: number; v1: number }> = {
  tee: { u0: 0, u1: 1, v0: 0.132, v1: 0.532 },
  shirt: { u0: 0, u1: 1, v0: 0.132, v1: 0.532 },
  sweater: { u0: 0, u1: 1, v0: 0.132, v1: 0.532 },
  hoodie: { u0: 0, u1: 1, v0: 0.132, v1: 0.532 },
  jacket: { u0: 0, u1: 1, v0: 0.132, v1: 0.532 },
  coat: { u0: 0, u1: 1, v0: 0.107, v1: 0.712 },
  dress: { u0: -0.15, u1: 1.15, v0: 0.144, v1: 0.744 },
  skirt: { u0: 0, u1: 1, v0: 0.408, v1: 0.733 },
  trousers: { u0: -0.02, u1: 1.02, v0: 0.439, v1: 0.972 },
};

// Bottoms first so a top laid over trousers covers the waistband, as when worn.
const LAYER_ORDER: GarmentKind[] = ['trousers', 'skirt', 'dress', 'tee', 'shirt', 'sweater', 'hoodie', 'jacket', 'coat'];

const MAX_SIDE = 1024;
const MARK: Rgb = [255, 153, 0];

export function composeTryOn(photo: Raster, garments: readonly TryOnGarment[]): Raster {
  const base = scaleToFit(photo, MAX_SIDE, MAX_SIDE);
  const result = createRaster(base.width, base.height);
  result.data.set(base.data);
  const frameHeight = result.height * PERSON_FRAME.height;
  const frameWidth = Math.min(result.width * 0.9, frameHeight * PERSON_FRAME.aspect);
  const frameLeft = (result.width - frameWidth) / 2;
  const frameTop = result.height * PERSON_FRAME.top;
  const ordered = [...garments].sort((a, b) => LAYER_ORDER.indexOf(a.garment) - LAYER_ORDER.indexOf(b.garment));
  for (const garment of ordered) {
    const box = PLACEMENT[garment.garment];
    const width = (box.u1 - box.u0) * frameWidth;
    const height = (box.v1 - box.v0) * frameHeight;
    const drawing = renderGarment(garment, Math.max(1, Math.round(width)), Math.max(1, Math.round(height)));
    drawRaster(result, drawing, frameLeft + box.u0 * frameWidth, frameTop + box.v0 * frameHeight, width, height, 0.9);
  }
  markAsSandbox(result, garments.map((garment) => garment.sku));
  return result;
}

function markAsSandbox(raster: Raster, skus: readonly string[]): void {
  const { width, height } = raster;
  const border = Math.max(3, Math.round(width / 160));
  fillRect(raster, 0, 0, width, border, MARK);
  fillRect(raster, 0, height - border, width, border, MARK);
  fillRect(raster, 0, 0, border, height, MARK);
  fillRect(raster, width - border, 0, border, height, MARK);
  const scale = Math.max(2, Math.round(width / 180));
  const strip = textHeight(scale) + scale * 4;
  fillRect(raster, border, border, width - 2 * border, strip, [20, 20, 20], 0.82);
  const title = fitText('SANDBOX TRY-ON', scale, width - 4 * border);
  drawText(raster, title, (width - measureText(title, scale)) / 2, border + scale * 2, scale, MARK);
  const small = Math.max(1, Math.round(scale / 2));
  const footer = fitText(`NOT A REAL RESULT - SKU ${skus.join(', ')}`, small, width - 4 * border);
  const footerStrip = textHeight(small) + small * 4;
  fillRect(raster, border, height - border - footerStrip, width - 2 * border, footerStrip, [20, 20, 20], 0.82);
  drawText(raster, footer, border * 2, height - border - footerStrip + small * 2, small, [255, 255, 255]);
}

/** Photo bytes (JPEG or PNG) in, JPEG bytes out. Throws `ImageDecodeError` for undecodable photos. */
export function composeTryOnJpeg(photoBytes: Uint8Array, garments: readonly TryOnGarment[]): Uint8Array {
  return encodeJpeg(composeTryOn(decodeImage(photoBytes), garments), 85);
}
