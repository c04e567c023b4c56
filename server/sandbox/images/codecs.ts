import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import type { Raster } from './raster';

/**
 * Reading and writing the image formats the emulator meets. Headers are parsed here by hand (cheap,
 * and the only thing possible for WebP without a decoder); pixels go through jpeg-js and pngjs,
 * which are pure JavaScript.
 */

/** Bytes this module produces: backed by a plain ArrayBuffer, so usable as a fetch body. */
export type Bytes = Uint8Array<ArrayBuffer>;

export type ImageFormat = 'jpeg' | 'png' | 'webp';

export interface ImageInfo {
  format: ImageFormat;
  mimeType: string;
  width: number;
  height: number;
}

const MIME_TYPES: Record<ImageFormat, string> = { jpeg: 'image/jpeg', png: 'image/png', webp: 'image/webp' };

/** Format and size from the file header, or null when the bytes are not a JPEG, PNG or WebP image. */
export function sniffImage(bytes: Uint8Array): ImageInfo | null {
  const size = jpegSize(bytes) ?? pngSize(bytes) ?? webpSize(bytes);
  if (!size) return null;
  return { ...size, mimeType: MIME_TYPES[size.format] };
}

type Sized = { format: ImageFormat; width: number; height: number };

function jpegSize(bytes: Uint8Array): Sized | null {
  if (bytes.length < 4 || bytes[0] !== 0xff || bytes[1] !== 0xd8 || bytes[2] !== 0xff) return null;
  let offset = 2;
  while (offset + 9 < bytes.length) {
    if (bytes[offset] !== 0xff) return null;
    const marker = bytes[offset + 1]!;
    if (marker === 0xff) {
      offset += 1; // fill byte
      continue;
    }
    // Markers without a length: TEM and RST0-7 (SOI/EOI cannot appear here in a valid header).
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      offset += 2;
      continue;
    }
    const length = (bytes[offset + 2]! << 8) | bytes[offset + 3]!;
    const isStartOfFrame = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isStartOfFrame) {
      const height = (bytes[offset + 5]! << 8) | bytes[offset + 6]!;
      const width = (bytes[offset + 7]! << 8) | bytes[offset + 8]!;
      return width > 0 && height > 0 ? { format: 'jpeg', width, height } : null;
    }
    if (length < 2) return null;
    offset += 2 + length;
  }
  return null;
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function pngSize(bytes: Uint8Array): Sized | null {
  if (bytes.length < 24 || PNG_SIGNATURE.some((value, i) => bytes[i] !== value)) return null;
  if (ascii(bytes, 12, 4) !== 'IHDR') return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const width = view.getUint32(16);
  const height = view.getUint32(20);
  return width > 0 && height > 0 ? { format: 'png', width, height } : null;
}

function webpSize(bytes: Uint8Array): Sized | null {
  if (bytes.length < 30 || ascii(bytes, 0, 4) !== 'RIFF' || ascii(bytes, 8, 4) !== 'WEBP') return null;
  const chunk = ascii(bytes, 12, 4);
  const data = 20;
  if (chunk === 'VP8 ') {
    // Lossy: 3-byte frame tag, start code 9d 01 2a, then 14-bit width and height.
    if (bytes[data + 3] !== 0x9d || bytes[data + 4] !== 0x01 || bytes[data + 5] !== 0x2a) return null;
    const width = (bytes[data + 6]! | (bytes[data + 7]! << 8)) & 0x3fff;
    const height = (bytes[data + 8]! | (bytes[data + 9]! << 8)) & 0x3fff;
    return width > 0 && height > 0 ? { format: 'webp', width, height } : null;
  }
  if (chunk === 'VP8L') {
    // Lossless: signature 0x2f, then width-1 and height-1 as 14-bit little-endian bit fields.
    if (bytes[data] !== 0x2f) return null;
    const bits = bytes[data + 1]! | (bytes[data + 2]! << 8) | (bytes[data + 3]! << 16) | (bytes[data + 4]! << 24);
    return { format: 'webp', width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
  }
  if (chunk === 'VP8X') {
    const width = 1 + (bytes[data + 4]! | (bytes[data + 5]! << 8) | (bytes[data + 6]! << 16));
    const height = 1 + (bytes[data + 7]! | (bytes[data + 8]! << 8) | (bytes[data + 9]! << 16));
    return { format: 'webp', width, height };
  }
  return null;
}

function ascii(bytes: Uint8Array, offset: number, length: number): string {
  return String.fromCharCode(...bytes.subarray(offset, offset + length));
}

export class ImageDecodeError extends Error {
  override name = 'ImageDecodeError';
}

/** Decodes JPEG or PNG pixels. WebP has no pure-JS decoder here, so it throws `ImageDecodeError`. */
export function decodeImage(bytes: Uint8Array): Raster {
  const info = sniffImage(bytes);
  if (!info) throw new ImageDecodeError('not a JPEG, PNG or WebP image');
  try {
    if (info.format === 'jpeg') {
      const decoded = jpeg.decode(bytes, {
        useTArray: true,
        formatAsRGBA: true,
        maxResolutionInMP: 60,
        maxMemoryUsageInMB: 512,
      });
      return { width: decoded.width, height: decoded.height, data: decoded.data };
    }
    if (info.format === 'png') {
      const decoded = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
      return { width: decoded.width, height: decoded.height, data: new Uint8Array(decoded.data) };
    }
  } catch (error) {
    throw new ImageDecodeError(`the ${info.format.toUpperCase()} data is damaged (${(error as Error).message})`);
  }
  throw new ImageDecodeError('WebP pixels cannot be decoded by the sandbox');
}

export function encodeJpeg(raster: Raster, quality = 85): Bytes {
  return new Uint8Array(jpeg.encode({ width: raster.width, height: raster.height, data: raster.data }, quality).data);
}

export function encodePng(raster: Raster): Bytes {
  const png = new PNG({ width: raster.width, height: raster.height });
  png.data = Buffer.from(raster.data.buffer, raster.data.byteOffset, raster.data.byteLength);
  return new Uint8Array(PNG.sync.write(png));
}
