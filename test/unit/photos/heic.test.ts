import { describe, expect, it } from 'vitest';
import { checkPhotoFile, imageFileOf, photoAccept } from '@/components/photo/photo-file';
import { AppError } from '@/utils/errors';
import { preparePhoto } from '@/utils/photos/pipeline';
import { isHeicMimeType, sniffPhotoType } from '@/utils/photos/sniff';
import { nodeCodec } from '../support/node-codec';

const heicBytes = Uint8Array.from('\0\0\0\x18ftypheic\0\0\0\0mif1heic', (c) => c.charCodeAt(0));
const codeOf = (run: () => unknown): string | undefined => {
  try {
    run();
    return undefined;
  } catch (error) {
    return (error as AppError).code;
  }
};

describe('HEIC photos', () => {
  it('are told apart by their MIME type, whatever its case', () => {
    for (const type of ['image/heic', 'image/heif', 'image/HEIC', 'image/heic-sequence']) expect(isHeicMimeType(type)).toBe(true);
    for (const type of ['image/jpeg', '', 'application/octet-stream']) expect(isHeicMimeType(type)).toBe(false);
  });

  it('get the sentence on converting them when picked, before the file is read', () => {
    expect(codeOf(() => checkPhotoFile({ type: 'image/heic', size: 1000 }))).toBe('photo_heic');
    expect(codeOf(() => checkPhotoFile({ type: 'image/heif', size: 1000 }))).toBe('photo_heic');
    expect(codeOf(() => checkPhotoFile({ type: 'application/pdf', size: 1000 }))).toBe('photo_not_image');
    expect(codeOf(() => checkPhotoFile({ type: 'image/jpeg', size: 1000 }))).toBeUndefined();
    // No type (or a generic one): the background reads the first bytes.
    expect(codeOf(() => checkPhotoFile({ type: '', size: 1000 }))).toBeUndefined();
    expect(codeOf(() => checkPhotoFile({ type: 'application/octet-stream', size: 1000 }))).toBeUndefined();
  });

  it('dropped or pasted without a type, reach the same checks as a picked file', () => {
    const untyped = new File([heicBytes], 'IMG_0001.HEIC', { type: '' });
    const jpeg = new File([new Uint8Array([0xff, 0xd8, 0xff])], 'a.jpg', { type: 'image/jpeg' });
    const files = (...list: File[]) => ({ files: list }) as unknown as DataTransfer;
    expect(imageFileOf(files(untyped))).toBe(untyped);
    expect(imageFileOf(files(untyped, jpeg))).toBe(jpeg);
    expect(imageFileOf(files())).toBeNull();
    expect(imageFileOf(null)).toBeNull();
    // The file field offers HEIC too, so that it gets its sentence instead of being hidden.
    expect(photoAccept.split(',')).toEqual(expect.arrayContaining(['image/jpeg', 'image/heic', '.heic']));
  });

  it('are recognised by their bytes when the browser gave no type, and get the same sentence', async () => {
    expect(sniffPhotoType(heicBytes)).toBe('image/heic');
    const dataUrl = `data:application/octet-stream;base64,${Buffer.from(heicBytes).toString('base64')}`;
    const error = await preparePhoto(dataUrl, nodeCodec).then(
      () => undefined,
      (cause: AppError) => cause,
    );
    expect(error?.code).toBe('photo_heic');
    expect(error?.message).toContain('Settings > Camera > Formats > Most Compatible');
  });
});
