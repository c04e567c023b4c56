import { AppError } from '@/utils/errors';
import { heicPhotoError } from '@/utils/photos/heic';
import { isHeicMimeType } from '@/utils/photos/sniff';

/** Larger files are refused before reading them: the background re-encodes to <= 1500 px anyway. */
export const MAX_PHOTO_BYTES = 20 * 1024 * 1024;
const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp'];

/** The file field's `accept`: the photos we take, and HEIC so that it gets its own sentence rather than being hidden. */
export const photoAccept = [...PHOTO_TYPES, 'image/heic', 'image/heif', '.heic', '.heif'].join(',');

/** No type, or a generic one: the background tells the kind of image by its first bytes. */
const UNTYPED = ['', 'application/octet-stream'];

/** Cheap checks before a file is read into memory; the background checks the pixels. */
export function checkPhotoFile(file: { type: string; size: number }): void {
  if (isHeicMimeType(file.type)) throw heicPhotoError();
  if (!PHOTO_TYPES.includes(file.type) && !UNTYPED.includes(file.type)) throw new AppError('photo_not_image', 'This file is not a photo. Choose a JPEG, PNG or WebP image.');
  if (file.size > MAX_PHOTO_BYTES) throw new AppError('photo_too_large', 'This photo file is too large. Choose a smaller one.');
}

export function readAsDataUrl(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(new AppError('photo_unreadable', 'This photo could not be read. Choose another one.', { cause: reader.error }));
    reader.readAsDataURL(file);
  });
}

/**
 * The file a drop or a paste brings: its first image, else its first file of any type, which
 * `checkPhotoFile` then judges like a picked one (a HEIC without a type, a PDF).
 */
export function imageFileOf(data: DataTransfer | null | undefined): File | null {
  const files = [...(data?.files ?? [])];
  return files.find((file) => file.type.startsWith('image/')) ?? files[0] ?? null;
}
