/**
 * Decoding and encoding sit behind this small interface: the worker uses the browser's decoder and
 * OffscreenCanvas, unit tests and the benchmark in Node inject a pure-JS codec.
 */
export interface DecodedPhoto {
  /** Size after the EXIF orientation has been applied. */
  width: number;
  height: number;
  /** Draws the whole photo scaled to exactly width x height and encodes it as JPEG. */
  encodeJpeg(width: number, height: number, quality: number): Promise<Uint8Array>;
  close(): void;
}

export interface PhotoCodec {
  /** Rejects when the bytes cannot be decoded (e.g. HEIC in a browser without a HEIC decoder). */
  decode(bytes: Uint8Array, type: string): Promise<DecodedPhoto>;
}

/** The browser's own codec; works in a service worker (no DOM needed). */
export const canvasCodec: PhotoCodec = {
  async decode(bytes, type) {
    const bitmap = await createImageBitmap(new Blob([bytes as Uint8Array<ArrayBuffer>], { type }), { imageOrientation: 'from-image' });
    return {
      width: bitmap.width,
      height: bitmap.height,
      async encodeJpeg(width, height, quality) {
        const canvas = new OffscreenCanvas(width, height);
        const context = canvas.getContext('2d');
        if (!context) throw new Error('2D canvas is not available');
        // JPEG has no transparency: a transparent PNG would otherwise turn black.
        context.fillStyle = '#fff';
        context.fillRect(0, 0, width, height);
        context.imageSmoothingQuality = 'high';
        context.drawImage(bitmap, 0, 0, width, height);
        const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality });
        return new Uint8Array(await blob.arrayBuffer());
      },
      close: () => bitmap.close(),
    };
  },
};
