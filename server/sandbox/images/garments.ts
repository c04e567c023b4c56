import type { GarmentKind } from '../catalog';
import { drawText, fitText, measureText } from './font';
import { createRaster, fillEllipse, fillPolygon, fillRect, verticalGradient, type Point, type Raster, type Rgb } from './raster';

/**
 * Flat garment drawings: the product photos of the demo store and the overlays of the emulator's
 * try-on composites. Shapes are written in a unit square (0..1) and scaled to the raster.
 */

export interface GarmentLook {
  garment: GarmentKind;
  color: Rgb;
  accent: Rgb;
  pattern?: 'stripes';
}

type Shape = readonly Point[];

const SHORT_SLEEVE_TOP: Shape = [
  [0.38, 0.08], [0.22, 0.12], [0.04, 0.3], [0.14, 0.4], [0.25, 0.32], [0.25, 0.92],
  [0.75, 0.92], [0.75, 0.32], [0.86, 0.4], [0.96, 0.3], [0.78, 0.12], [0.62, 0.08], [0.5, 0.15],
];

const LONG_SLEEVE_TOP: Shape = [
  [0.38, 0.08], [0.22, 0.12], [0.1, 0.4], [0.05, 0.86], [0.15, 0.88], [0.22, 0.46], [0.25, 0.36],
  [0.25, 0.92], [0.75, 0.92], [0.75, 0.36], [0.78, 0.46], [0.85, 0.88], [0.95, 0.86], [0.9, 0.4],
  [0.78, 0.12], [0.62, 0.08], [0.5, 0.15],
];

const COAT: Shape = [
  [0.4, 0.08], [0.22, 0.12], [0.1, 0.4], [0.06, 0.84], [0.16, 0.86], [0.22, 0.46], [0.25, 0.36],
  [0.2, 0.98], [0.8, 0.98], [0.75, 0.36], [0.78, 0.46], [0.84, 0.86], [0.94, 0.84], [0.9, 0.4],
  [0.78, 0.12], [0.6, 0.08], [0.5, 0.3],
];

const DRESS: Shape = [
  [0.32, 0.06], [0.42, 0.06], [0.5, 0.14], [0.58, 0.06], [0.68, 0.06], [0.7, 0.24], [0.64, 0.42],
  [0.88, 0.96], [0.12, 0.96], [0.36, 0.42], [0.3, 0.24],
];

const SKIRT: Shape = [[0.3, 0.1], [0.7, 0.1], [0.7, 0.18], [0.86, 0.9], [0.14, 0.9], [0.3, 0.18]];

const TROUSERS: Shape = [
  [0.28, 0.04], [0.72, 0.04], [0.72, 0.12], [0.74, 0.96], [0.54, 0.96], [0.5, 0.36], [0.46, 0.96],
  [0.26, 0.96], [0.28, 0.12],
];

const SHAPES: Record<GarmentKind, Shape> = {
  tee: SHORT_SLEEVE_TOP,
  shirt: LONG_SLEEVE_TOP,
  sweater: LONG_SLEEVE_TOP,
  hoodie: LONG_SLEEVE_TOP,
  jacket: LONG_SLEEVE_TOP,
  coat: COAT,
  dress: DRESS,
  skirt: SKIRT,
  trousers: TROUSERS,
};

export function shade(color: Rgb, factor: number): Rgb {
  return [color[0] * factor, color[1] * factor, color[2] * factor].map((c) =>
    Math.max(0, Math.min(255, Math.round(c))),
  ) as unknown as Rgb;
}

/** The garment alone on a transparent background. */
export function renderGarment(look: GarmentLook, width: number, height: number): Raster {
  const raster = createRaster(width, height);
  const scale = (shape: Shape): Point[] => shape.map(([x, y]) => [x * width, y * height]);
  const dark = shade(look.color, 0.78);
  if (look.garment === 'hoodie') fillEllipse(raster, width * 0.5, height * 0.1, width * 0.17, height * 0.09, dark);
  fillPolygon(raster, scale(SHAPES[look.garment]), look.color);
  if (look.pattern === 'stripes') paintStripes(raster, look.accent, Math.max(3, Math.round(height / 28)));
  drawDetails(raster, look, scale);
  return raster;
}

function paintStripes(raster: Raster, color: Rgb, band: number): void {
  const { width, height, data } = raster;
  for (let y = 0; y < height; y++) {
    if (Math.floor(y / band) % 2 === 0) continue;
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4;
      if (data[i + 3]! === 0) continue;
      data[i] = color[0];
      data[i + 1] = color[1];
      data[i + 2] = color[2];
    }
  }
}

function drawDetails(raster: Raster, look: GarmentLook, scale: (shape: Shape) => Point[]): void {
  const { width: w, height: h } = raster;
  const line = Math.max(1, Math.round(w / 120));
  const dark = shade(look.color, 0.7);
  switch (look.garment) {
    case 'tee':
    case 'sweater':
      fillRect(raster, w * 0.25, h * 0.88, w * 0.5, line * 2, dark, 0.6);
      break;
    case 'shirt':
      fillPolygon(raster, scale([[0.38, 0.08], [0.5, 0.17], [0.44, 0.2], [0.34, 0.11]]), look.accent);
      fillPolygon(raster, scale([[0.62, 0.08], [0.5, 0.17], [0.56, 0.2], [0.66, 0.11]]), look.accent);
      for (let y = 0.26; y < 0.9; y += 0.12) fillEllipse(raster, w * 0.5, h * y, line * 1.6, line * 1.6, dark);
      break;
    case 'hoodie':
      fillRect(raster, w * 0.5 - line / 2, h * 0.15, line, h * 0.77, dark);
      fillPolygon(raster, scale([[0.34, 0.6], [0.66, 0.6], [0.7, 0.82], [0.3, 0.82]]), dark, 0.5);
      break;
    case 'jacket':
      fillRect(raster, w * 0.5 - line, h * 0.15, line * 2, h * 0.77, shade(look.color, 0.55));
      fillPolygon(raster, scale([[0.38, 0.08], [0.5, 0.2], [0.42, 0.26], [0.3, 0.12]]), dark);
      fillPolygon(raster, scale([[0.62, 0.08], [0.5, 0.2], [0.58, 0.26], [0.7, 0.12]]), dark);
      fillRect(raster, w * 0.3, h * 0.4, w * 0.14, line, look.accent);
      fillRect(raster, w * 0.56, h * 0.4, w * 0.14, line, look.accent);
      break;
    case 'coat':
      for (let y = 0.38; y < 0.8; y += 0.14) fillEllipse(raster, w * 0.55, h * y, line * 2, line * 2, look.accent);
      fillPolygon(raster, scale([[0.4, 0.08], [0.5, 0.3], [0.44, 0.32], [0.32, 0.12]]), dark);
      fillPolygon(raster, scale([[0.6, 0.08], [0.5, 0.3], [0.56, 0.32], [0.68, 0.12]]), dark);
      break;
    case 'dress':
      fillRect(raster, w * 0.36, h * 0.41, w * 0.28, line * 3, look.accent);
      break;
    case 'skirt':
      fillRect(raster, w * 0.3, h * 0.1, w * 0.4, h * 0.08, dark);
      for (let x = 0.38; x < 0.66; x += 0.08) {
        fillPolygon(raster, scale([[x, 0.18], [x + 0.005, 0.18], [x + (x - 0.5) * 0.7 + 0.005, 0.9], [x + (x - 0.5) * 0.7, 0.9]]), look.accent, 0.7);
      }
      break;
    case 'trousers':
      fillRect(raster, w * 0.28, h * 0.04, w * 0.44, h * 0.06, dark);
      fillRect(raster, w * 0.37, h * 0.2, line, h * 0.74, dark, 0.5);
      fillRect(raster, w * 0.63, h * 0.2, line, h * 0.74, dark, 0.5);
      break;
  }
}

/** A store product photo: the garment on a soft studio background, the SKU printed small. */
export function renderProductPhoto(look: GarmentLook, sku: string, size = 600): Raster {
  const raster = createRaster(size, size, [246, 244, 240]);
  verticalGradient(raster, [248, 246, 242], [228, 224, 218]);
  fillEllipse(raster, size * 0.5, size * 0.93, size * 0.32, size * 0.025, [0, 0, 0], 0.12);
  const garment = renderGarment(look, Math.round(size * 0.8), Math.round(size * 0.8));
  blit(raster, garment, Math.round(size * 0.1), Math.round(size * 0.08));
  const scale = 2;
  const label = fitText(sku, scale, size - 20);
  drawText(raster, label, size - 10 - measureText(label, scale), size - 24, scale, [150, 146, 140]);
  return raster;
}

function blit(target: Raster, source: Raster, left: number, top: number): void {
  for (let y = 0; y < source.height; y++) {
    for (let x = 0; x < source.width; x++) {
      const s = (y * source.width + x) * 4;
      const alpha = source.data[s + 3]!;
      if (alpha === 0) continue;
      const tx = left + x;
      const ty = top + y;
      if (tx < 0 || ty < 0 || tx >= target.width || ty >= target.height) continue;
      const t = (ty * target.width + tx) * 4;
      const a = alpha / 255;
      for (let c = 0; c < 3; c++) target.data[t + c] = Math.round(source.data[s + c]! * a + target.data[t + c]! * (1 - a));
    }
  }
}
