/**
 * A tiny RGBA canvas: enough to draw garments, a person-like figure and a labelled composite without
 * a native graphics library. Coordinates are pixels; shapes are filled with straight alpha blending.
 */

export interface Raster {
  width: number;
  height: number;
  /** RGBA, 4 bytes per pixel, row by row. */
  data: Uint8Array;
}

export type Rgb = readonly [number, number, number];
export type Point = readonly [number, number];

export function createRaster(width: number, height: number, fill?: Rgb, alpha = 255): Raster {
  const data = new Uint8Array(width * height * 4);
  if (fill) {
    for (let i = 0; i < data.length; i += 4) {
      data[i] = fill[0];
      data[i + 1] = fill[1];
      data[i + 2] = fill[2];
      data[i + 3] = alpha;
    }
  }
  return { width, height, data };
}

/** Blends `color` at `alpha` (0..1) over pixel (x, y); pixels outside the raster are ignored. */
export function blendPixel(raster: Raster, x: number, y: number, color: Rgb, alpha: number): void {
  if (x < 0 || y < 0 || x >= raster.width || y >= raster.height || alpha <= 0) return;
  const i = (y * raster.width + x) * 4;
  const data = raster.data;
  const a = Math.min(1, alpha);
  const under = data[i + 3]! / 255;
  const out = a + under * (1 - a);
  for (let c = 0; c < 3; c++) {
    const blended = (color[c]! * a + data[i + c]! * under * (1 - a)) / (out || 1);
    data[i + c] = Math.round(blended);
  }
  data[i + 3] = Math.round(out * 255);
}

export function fillRect(raster: Raster, x: number, y: number, width: number, height: number, color: Rgb, alpha = 1) {
  const x0 = Math.max(0, Math.round(x));
  const y0 = Math.max(0, Math.round(y));
  const x1 = Math.min(raster.width, Math.round(x + width));
  const y1 = Math.min(raster.height, Math.round(y + height));
  for (let py = y0; py < y1; py++) for (let px = x0; px < x1; px++) blendPixel(raster, px, py, color, alpha);
}

/** Scanline fill with the even-odd rule; concave shapes (sleeves, trouser legs) work. */
export function fillPolygon(raster: Raster, points: readonly Point[], color: Rgb, alpha = 1): void {
  if (points.length < 3) return;
  const ys = points.map((point) => point[1]);
  const top = Math.max(0, Math.floor(Math.min(...ys)));
  const bottom = Math.min(raster.height - 1, Math.ceil(Math.max(...ys)));
  for (let y = top; y <= bottom; y++) {
    const scan = y + 0.5;
    const crossings: number[] = [];
    for (let i = 0; i < points.length; i++) {
      const [ax, ay] = points[i]!;
      const [bx, by] = points[(i + 1) % points.length]!;
      if ((ay <= scan && by > scan) || (by <= scan && ay > scan)) {
        crossings.push(ax + ((scan - ay) / (by - ay)) * (bx - ax));
      }
    }
    crossings.sort((a, b) => a - b);
    for (let k = 0; k + 1 < crossings.length; k += 2) {
      const from = Math.max(0, Math.round(crossings[k]!));
      const to = Math.min(raster.width, Math.round(crossings[k + 1]!));
      for (let x = from; x < to; x++) blendPixel(raster, x, y, color, alpha);
    }
  }
}

export function fillEllipse(
  raster: Raster,
  cx: number,
  cy: number,
  rx: number,
  ry: number,
  color: Rgb,
  alpha = 1,
): void {
  const top = Math.max(0, Math.floor(cy - ry));
  const bottom = Math.min(raster.height - 1, Math.ceil(cy + ry));
  for (let y = top; y <= bottom; y++) {
    const dy = (y + 0.5 - cy) / ry;
    if (Math.abs(dy) > 1) continue;
    const half = rx * Math.sqrt(1 - dy * dy);
    const from = Math.max(0, Math.round(cx - half));
    const to = Math.min(raster.width, Math.round(cx + half));
    for (let x = from; x < to; x++) blendPixel(raster, x, y, color, alpha);
  }
}

export function verticalGradient(raster: Raster, top: Rgb, bottom: Rgb, fromY = 0, toY = raster.height): void {
  const span = Math.max(1, toY - fromY);
  for (let y = Math.max(0, fromY); y < Math.min(raster.height, toY); y++) {
    const t = (y - fromY) / span;
    const color: Rgb = [
      Math.round(top[0] + (bottom[0] - top[0]) * t),
      Math.round(top[1] + (bottom[1] - top[1]) * t),
      Math.round(top[2] + (bottom[2] - top[2]) * t),
    ];
    fillRect(raster, 0, y, raster.width, 1, color);
  }
}

/** Draws `source` scaled into the rectangle (x, y, width, height), bilinear, honouring its alpha. */
export function drawRaster(
  target: Raster,
  source: Raster,
  x: number,
  y: number,
  width: number,
  height: number,
  opacity = 1,
): void {
  const x0 = Math.max(0, Math.floor(x));
  const y0 = Math.max(0, Math.floor(y));
  const x1 = Math.min(target.width, Math.ceil(x + width));
  const y1 = Math.min(target.height, Math.ceil(y + height));
  const pixel: [number, number, number, number] = [0, 0, 0, 0];
  for (let ty = y0; ty < y1; ty++) {
    const sy = ((ty + 0.5 - y) / height) * source.height - 0.5;
    for (let tx = x0; tx < x1; tx++) {
      const sx = ((tx + 0.5 - x) / width) * source.width - 0.5;
      sampleBilinear(source, sx, sy, pixel);
      if (pixel[3] > 0) blendPixel(target, tx, ty, [pixel[0], pixel[1], pixel[2]], (pixel[3] / 255) * opacity);
    }
  }
}

/** A new raster of `source` scaled to fit within maxWidth x maxHeight (never enlarged). */
export function scaleToFit(source: Raster, maxWidth: number, maxHeight: number): Raster {
  const scale = Math.min(1, maxWidth / source.width, maxHeight / source.height);
  const width = Math.max(1, Math.round(source.width * scale));
  const height = Math.max(1, Math.round(source.height * scale));
  if (width === source.width && height === source.height) return source;
  const result = createRaster(width, height);
  drawRaster(result, source, 0, 0, width, height);
  return result;
}

function sampleBilinear(source: Raster, sx: number, sy: number, out: [number, number, number, number]): void {
  const x = Math.min(Math.max(sx, 0), source.width - 1);
  const y = Math.min(Math.max(sy, 0), source.height - 1);
  const xa = Math.floor(x);
  const ya = Math.floor(y);
  const xb = Math.min(xa + 1, source.width - 1);
  const yb = Math.min(ya + 1, source.height - 1);
  const fx = x - xa;
  const fy = y - ya;
  const d = source.data;
  const w = source.width;
  for (let c = 0; c < 4; c++) {
    const top = d[(ya * w + xa) * 4 + c]! * (1 - fx) + d[(ya * w + xb) * 4 + c]! * fx;
    const bottom = d[(yb * w + xa) * 4 + c]! * (1 - fx) + d[(yb * w + xb) * 4 + c]! * fx;
    out[c] = top * (1 - fy) + bottom * fy;
  }
}
