import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import type { DecodedPhoto, PhotoCodec } from '@/utils/photos/codec';

/**
 * A pure-JavaScript codec for Node (tests and the benchmark), standing in for createImageBitmap +
 * OffscreenCanvas: jpeg-js and pngjs for pixels, an area-averaging resize. It does not apply EXIF
 * orientation and cannot read WebP or HEIC; the browser codec does both.
 */
export const nodeCodec: PhotoCodec = {
  async decode(bytes, type) {
    const raster = decodeRaster(bytes, type);
    return {
      width: raster.width,
      height: raster.height,
      async encodeJpeg(width, height, quality) {
        const resized = resize(raster, width, height);
        return new Uint8Array(jpeg.encode({ ...resized, data: Buffer.from(resized.data) }, Math.round(quality * 100)).data);
      },
      close() {},
    } satisfies DecodedPhoto;
  },
};

export interface Raster {
  width: number;
  height: number;
  data: Uint8Array;
}

function decodeRaster(bytes: Uint8Array, type: string): Raster {
  if (type === 'image/jpeg') {
    const image = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true, maxMemoryUsageInMB: 1024 });
    return { width: image.width, height: image.height, data: image.data };
  }
  if (type === 'image/png') {
    const image = PNG.sync.read(Buffer.from(bytes));
    return { width: image.width, height: image.height, data: new Uint8Array(image.data) };
  }
  throw new Error(`${type} cannot be decoded in Node`);
}

/** Area-averaging downscale (what a browser's high-quality drawImage approximates); RGBA in, RGBA out. */
export function resize(source: Raster, width: number, height: number): Raster {
  if (width === source.width && height === source.height) return source;
  const out = new Uint8Array(width * height * 4);
  const xRatio = source.width / width;
  const yRatio = source.height / height;
  for (let y = 0; y < height; y++) {
    const y0 = Math.floor(y * yRatio);
    const y1 = Math.max(y0 + 1, Math.floor((y + 1) * yRatio));
    for (let x = 0; x < width; x++) {
      const x0 = Math.floor(x * xRatio);
      const x1 = Math.max(x0 + 1, Math.floor((x + 1) * xRatio));
      let r = 0, g = 0, b = 0, a = 0;
      for (let sy = y0; sy < y1; sy++) {
        let offset = (sy * source.width + x0) * 4;
        for (let sx = x0; sx < x1; sx++, offset += 4) {
          r += source.data[offset]!;
          g += source.data[offset + 1]!;
          b += source.data[offset + 2]!;
          a += source.data[offset + 3]!;
        }
      }
      const count = (y1 - y0) * (x1 - x0);
      const target = (y * width + x) * 4;
      out[target] = r / count;
      out[target + 1] = g / count;
      out[target + 2] = b / count;
      out[target + 3] = a / count;
    }
  }
  return { width, height, data: out };
}

/** A photo-like test image (smooth gradients plus fine detail, so JPEG sizes are realistic). */
export function syntheticPhoto(width: number, height: number): Raster {
  const data = new Uint8Array(width * height * 4);
  let seed = 12345;
  const noise = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) % 24) - 12;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4;
      const cx = x / width - 0.5;
      const cy = y / height - 0.4;
      const figure = cx * cx * 6 + cy * cy * 1.2 < 0.08 ? 60 : 0;
      data[i] = clamp(180 - figure + 40 * Math.sin(x / 37) + noise());
      data[i + 1] = clamp(150 - figure + 30 * Math.cos(y / 53) + noise());
      data[i + 2] = clamp(120 + figure + 25 * Math.sin((x + y) / 71) + noise());
      data[i + 3] = 255;
    }
  }
  return { width, height, data };
}

const clamp = (value: number) => Math.max(0, Math.min(255, Math.round(value)));

export const encodeJpeg = (raster: Raster, quality = 90) =>
  new Uint8Array(jpeg.encode({ ...raster, data: Buffer.from(raster.data) }, quality).data);

export const encodePng = (raster: Raster) => {
  const png = new PNG({ width: raster.width, height: raster.height });
  png.data = Buffer.from(raster.data);
  return new Uint8Array(PNG.sync.write(png));
};

export const toDataUrl = (bytes: Uint8Array, type = 'image/jpeg') => `data:${type};base64,${Buffer.from(bytes).toString('base64')}`;

/**
 * An instant codec for tests about storing and uploading, where pixels do not matter: a "photo" is
 * a JPEG signature followed by its size as text (see fakePhoto).
 */
export const fakeCodec: PhotoCodec = {
  async decode(bytes) {
    const match = /FAKE (\d+)x(\d+)/.exec(new TextDecoder().decode(bytes.subarray(3)));
    if (!match) throw new Error('not a fake photo');
    return {
      width: Number(match[1]),
      height: Number(match[2]),
      encodeJpeg: async (width, height) => fakePhoto(width, height),
      close() {},
    };
  },
};

export const fakePhoto = (width: number, height: number) =>
  new Uint8Array([0xff, 0xd8, 0xff, ...new TextEncoder().encode(`FAKE ${width}x${height} ${'.'.repeat(64)}`)]);
