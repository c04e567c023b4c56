import { describe, expect, it } from 'vitest';
import { CATALOG } from '../catalog';
import { decodeImage, encodeJpeg, encodePng, ImageDecodeError, sniffImage } from './codecs';
import { composeTryOn } from './composite';
import { renderPersonPhoto, SHOPPER_LOOK } from './figures';
import { drawText, fitText, measureText } from './font';
import { renderGarment } from './garments';
import { createRaster, fillPolygon, scaleToFit } from './raster';

function riff(chunk: string, payload: number[]): Uint8Array {
  const bytes = new Uint8Array(40);
  const put = (offset: number, text: string) => [...text].forEach((c, i) => (bytes[offset + i] = c.charCodeAt(0)));
  put(0, 'RIFF');
  put(8, 'WEBP');
  put(12, chunk);
  payload.forEach((value, i) => (bytes[20 + i] = value));
  return bytes;
}

describe('image headers', () => {
  it('reads JPEG and PNG sizes', () => {
    const raster = createRaster(321, 123, [10, 20, 30]);
    expect(sniffImage(encodeJpeg(raster))).toEqual({ format: 'jpeg', mimeType: 'image/jpeg', width: 321, height: 123 });
    expect(sniffImage(encodePng(raster))).toEqual({ format: 'png', mimeType: 'image/png', width: 321, height: 123 });
  });

  it('reads the three WebP variants (lossy VP8, lossless VP8L, extended VP8X)', () => {
    // VP8: frame tag, start code 9d 01 2a, 14-bit width 640 and height 480 (little-endian).
    expect(sniffImage(riff('VP8 ', [0, 0, 0, 0x9d, 0x01, 0x2a, 0x80, 0x02, 0xe0, 0x01]))).toMatchObject({ width: 640, height: 480 });
    // VP8L: 0x2f, then (w-1) | (h-1) << 14 = 299 | 399 << 14.
    const bits = 299 | (399 << 14);
    expect(sniffImage(riff('VP8L', [0x2f, bits & 255, (bits >> 8) & 255, (bits >> 16) & 255, (bits >> 24) & 255]))).toMatchObject({
      format: 'webp',
      width: 300,
      height: 400,
    });
    // VP8X: flags + reserved, then 24-bit (w-1) and (h-1).
    expect(sniffImage(riff('VP8X', [0, 0, 0, 0, 0xff, 0x03, 0, 0x57, 0x02, 0]))).toMatchObject({ width: 1024, height: 600 });
  });

  it('recognises no image in text, truncated headers or a bad WebP start code', () => {
    expect(sniffImage(new TextEncoder().encode('GIF89a is not supported either'))).toBeNull();
    expect(sniffImage(new Uint8Array([0xff, 0xd8, 0xff]))).toBeNull();
    expect(sniffImage(riff('VP8 ', [0, 0, 0, 0, 0, 0, 1, 1, 1, 1]))).toBeNull();
    expect(sniffImage(new Uint8Array(0))).toBeNull();
  });

  it('decodes JPEG and PNG pixels and refuses WebP and damaged data with ImageDecodeError', () => {
    const raster = createRaster(40, 30, [200, 100, 50]);
    expect([...decodeImage(encodePng(raster)).data.slice(0, 4)]).toEqual([200, 100, 50, 255]);
    const jpeg = decodeImage(encodeJpeg(raster, 95));
    expect(Math.abs(jpeg.data[0]! - 200)).toBeLessThan(6);
    expect(() => decodeImage(riff('VP8L', [0x2f, 0, 0, 0, 0]))).toThrow(ImageDecodeError);
    expect(() => decodeImage(encodePng(raster).slice(0, 40))).toThrow(ImageDecodeError);
  });
});

describe('drawing', () => {
  it('fills concave polygons with the even-odd rule', () => {
    const raster = createRaster(10, 10);
    // A "U": the notch in the middle stays empty.
    fillPolygon(raster, [[0, 0], [3, 0], [3, 6], [7, 6], [7, 0], [10, 0], [10, 10], [0, 10]], [255, 0, 0]);
    const alpha = (x: number, y: number) => raster.data[(y * 10 + x) * 4 + 3];
    expect(alpha(1, 2)).toBe(255);
    expect(alpha(5, 2)).toBe(0);
    expect(alpha(5, 8)).toBe(255);
  });

  it('draws and measures bitmap text', () => {
    expect(measureText('AB', 2)).toBe(22);
    const raster = createRaster(30, 10, [0, 0, 0]);
    drawText(raster, 'i', 0, 0, 1, [255, 255, 255]);
    // Lowercase draws as uppercase: I's top bar covers columns 1..3 of row 0.
    expect([1, 2, 3].map((x) => raster.data[x * 4])).toEqual([255, 255, 255]);
    expect(fitText('SANDBOX TRY-ON', 1, 40)).toMatch(/\.\.\.$/);
  });

  it('draws every catalog garment on a transparent background', () => {
    for (const item of CATALOG) {
      const garment = renderGarment(item, 100, 100);
      let opaque = 0;
      for (let i = 3; i < garment.data.length; i += 4) if (garment.data[i]! > 0) opaque++;
      // A garment covers a good part of its box but not all of it.
      expect(opaque, item.sku).toBeGreaterThan(1500);
      expect(opaque, item.sku).toBeLessThan(9000);
    }
  });

  it('keeps the photo size (up to 1024 px), lays the garment on the torso and frames the result', () => {
    const photo = renderPersonPhoto(SHOPPER_LOOK, 720, 960);
    const navyTee = CATALOG.find((item) => item.sku === 'NWB-TEE-NAVY-M')!;
    const result = composeTryOn(photo, [navyTee]);
    expect([result.width, result.height]).toEqual([720, 960]);
    const at = (raster: typeof photo, x: number, y: number) => [...raster.data.slice((y * raster.width + x) * 4, (y * raster.width + x) * 4 + 3)];
    expect(at(photo, 360, 320)).toEqual([236, 236, 232]); // the white shirt of the photo
    const torso = at(result, 360, 320);
    expect(torso[2]! - torso[0]!).toBeGreaterThan(20); // now navy
    expect(at(result, 1, 500)).toEqual([255, 153, 0]); // orange frame
    expect(scaleToFit(createRaster(3000, 1500), 1024, 1024)).toMatchObject({ width: 1024, height: 512 });
  });
});
