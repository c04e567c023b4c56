import { AppError } from '@/utils/errors';
import type { PhotoCodec } from '@/utils/photos/codec';
import { heicPhotoError } from '@/utils/photos/heic';
import { sniffPhotoType } from '@/utils/photos/sniff';

/** The photo as Aiuta's own SDK sends it: JPEG quality 0.92, longest side at most 1500 px. */
export const photoLimits = {
  maxInputBytes: 20 * 1024 * 1024,
  maxSide: 1500,
  quality: 0.92,
  /** Below this the try-on model cannot see enough of the person. */
  minShortSide: 256,
  thumbnailSide: 160,
  thumbnailQuality: 0.7,
};

export interface PreparedPhoto {
  jpeg: Uint8Array;
  width: number;
  height: number;
  /** `data:image/jpeg;base64,...`, small enough to send over messaging. */
  thumbnail: string;
}

/** Validates a picked file (as a data URL) and re-encodes it for upload. */
export async function preparePhoto(dataUrl: string, codec: PhotoCodec): Promise<PreparedPhoto> {
  const bytes = decodeDataUrl(dataUrl);
  const type = sniffPhotoType(bytes);
  if (!type) throw new AppError('photo_not_image', 'This file is not a photo. Choose a JPEG, PNG or WebP image.');
  let decoded;
  try {
    decoded = await codec.decode(bytes, type);
  } catch (error) {
    if (type === 'image/heic') throw heicPhotoError();
    throw new AppError('photo_unreadable', 'This photo could not be opened; the file may be damaged.', { cause: error });
  }
  try {
    const size = fitWithin(decoded.width, decoded.height, photoLimits.maxSide);
    // Judged as uploaded: a long, narrow photo fitted into maxSide can end up below the limit.
    if (Math.min(size.width, size.height) < photoLimits.minShortSide) {
      throw new AppError(
        'photo_too_small',
        `This photo is too small or too narrow (${decoded.width}×${decoded.height}). Once its longest side is at most ${photoLimits.maxSide} pixels, each side must still be at least ${photoLimits.minShortSide}.`,
      );
    }
    const thumb = fitWithin(decoded.width, decoded.height, photoLimits.thumbnailSide);
    const jpeg = await decoded.encodeJpeg(size.width, size.height, photoLimits.quality);
    const thumbnail = await decoded.encodeJpeg(thumb.width, thumb.height, photoLimits.thumbnailQuality);
    return { jpeg, ...size, thumbnail: `data:image/jpeg;base64,${bytesToBase64(thumbnail)}` };
  } finally {
    decoded.close();
  }
}

/** Scales down (never up) so the longest side is at most `maxSide`, keeping the aspect ratio. */
export function fitWithin(width: number, height: number, maxSide: number): { width: number; height: number } {
  const scale = Math.min(1, maxSide / Math.max(width, height));
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

function decodeDataUrl(dataUrl: string): Uint8Array {
  const match = /^data:[^,]*;base64,/i.exec(dataUrl);
  if (!match) throw new AppError('photo_unreadable', 'The photo could not be read. Please choose it again.');
  const base64 = dataUrl.slice(match[0].length);
  // Checked before decoding so an oversized file costs no memory.
  const padding = base64.endsWith('==') ? 2 : base64.endsWith('=') ? 1 : 0;
  if (Math.floor((base64.length * 3) / 4) - padding > photoLimits.maxInputBytes) {
    throw new AppError('photo_too_large', 'This photo is larger than 20 MB. Choose a smaller one.');
  }
  try {
    return base64ToBytes(base64);
  } catch (error) {
    throw new AppError('photo_unreadable', 'The photo could not be read. Please choose it again.', { cause: error });
  }
}

export function base64ToBytes(base64: string): Uint8Array {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

export function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  const chunk = 0x8000;
  for (let i = 0; i < bytes.length; i += chunk) binary += String.fromCharCode(...bytes.subarray(i, i + chunk));
  return btoa(binary);
}
