import { fetchImage } from '@/utils/download-image';

/** What sharing did: the system's share sheet took it, it went to the clipboard, or the shopper closed the sheet. */
export type ShareOutcome = 'shared' | 'copied' | 'dismissed';

export interface ShareDeps {
  navigator: Pick<Navigator, 'clipboard'> & Partial<Pick<Navigator, 'canShare' | 'share'>>;
  fetchImage(url: string): Promise<Blob>;
  /** Clipboards take PNG images only (Chrome's async clipboard), so other types are re-encoded. */
  toPng(image: Blob): Promise<Blob>;
  makeClipboardItem(items: Record<string, Blob>): ClipboardItem;
}

/** Re-encodes an image as PNG in the page (OffscreenCanvas). */
export async function canvasToPng(image: Blob): Promise<Blob> {
  const bitmap = await createImageBitmap(image);
  try {
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    canvas.getContext('2d')!.drawImage(bitmap, 0, 0);
    return await canvas.convertToBlob({ type: 'image/png' });
  } finally {
    bitmap.close();
  }
}

const browserDeps = (): ShareDeps => ({
  navigator,
  fetchImage,
  toPng: canvasToPng,
  makeClipboardItem: (items) => new ClipboardItem(items),
});

/**
 * Shares the picture file through the Web Share API where the browser can share files (the
 * system's share sheet: messages, mail, social apps); elsewhere puts the picture on the clipboard.
 * Throws when neither works, so the caller can say so.
 */
export async function shareImage(url: string, fileName: (type: string) => string, title: string, deps: ShareDeps = browserDeps()): Promise<ShareOutcome> {
  const image = await deps.fetchImage(url);
  const file = new File([image], fileName(image.type), { type: image.type });
  const { navigator: nav } = deps;
  if (nav.share && nav.canShare?.({ files: [file] })) {
    try {
      await nav.share({ files: [file], title });
      return 'shared';
    } catch (error) {
      if (error instanceof DOMException && error.name === 'AbortError') return 'dismissed';
      throw error;
    }
  }
  const png = image.type === 'image/png' ? image : await deps.toPng(image);
  await nav.clipboard.write([deps.makeClipboardItem({ 'image/png': png })]);
  return 'copied';
}
