import { describe, expect, it, vi } from 'vitest';
import { shareImage, type ShareDeps } from '@/utils/share-image';

const jpeg = new Blob([new Uint8Array([0xff, 0xd8, 0xff])], { type: 'image/jpeg' });
const png = new Blob([new Uint8Array([0x89, 0x50, 0x4e, 0x47])], { type: 'image/png' });

function deps(nav: Partial<ShareDeps['navigator']>, image = jpeg) {
  const write = vi.fn(async (_items: ClipboardItem[]) => undefined);
  const made: Record<string, Blob>[] = [];
  const toPng = vi.fn(async () => png);
  const result: ShareDeps = {
    navigator: { clipboard: { write } as unknown as Clipboard, ...nav },
    fetchImage: async () => image,
    toPng,
    makeClipboardItem: (items) => {
      made.push(items);
      return items as unknown as ClipboardItem;
    },
  };
  return { deps: result, write, made, toPng };
}

describe('share a result picture', () => {
  it('hands the picture file to the share sheet where the browser can share files', async () => {
    const share = vi.fn(async (_data: ShareData) => undefined);
    const { deps: d, write } = deps({ canShare: (data?: ShareData) => Boolean(data?.files?.length), share });
    await expect(shareImage('https://x.test/r.jpg', (type) => `try-on-A.${type === 'image/jpeg' ? 'jpg' : 'x'}`, 'Your try-on', d)).resolves.toBe('shared');
    const file = share.mock.calls[0]![0].files![0]!;
    expect(file.name).toBe('try-on-A.jpg');
    expect(file.type).toBe('image/jpeg');
    expect(share.mock.calls[0]![0].title).toBe('Your try-on');
    expect(write).not.toHaveBeenCalled();
  });

  it('counts a closed share sheet as dismissed, not as a failure', async () => {
    const share = vi.fn(async () => {
      throw new DOMException('closed', 'AbortError');
    });
    const { deps: d } = deps({ canShare: () => true, share });
    await expect(shareImage('u', () => 'f.jpg', 't', d)).resolves.toBe('dismissed');
  });

  it('copies the picture to the clipboard as PNG where files cannot be shared', async () => {
    const { deps: d, write, made, toPng } = deps({ canShare: () => false, share: vi.fn() });
    await expect(shareImage('u', () => 'f.jpg', 't', d)).resolves.toBe('copied');
    expect(toPng).toHaveBeenCalledWith(jpeg);
    expect(made).toEqual([{ 'image/png': png }]);
    expect(write).toHaveBeenCalledTimes(1);
  });

  it('copies without re-encoding a PNG, and without Web Share at all', async () => {
    const { deps: d, made, toPng } = deps({}, png);
    await expect(shareImage('u', () => 'f.png', 't', d)).resolves.toBe('copied');
    expect(toPng).not.toHaveBeenCalled();
    expect(made).toEqual([{ 'image/png': png }]);
  });

  it('rejects when the clipboard refuses, so the panel can say so', async () => {
    const { deps: d, write } = deps({});
    write.mockRejectedValueOnce(new DOMException('denied', 'NotAllowedError'));
    await expect(shareImage('u', () => 'f.jpg', 't', d)).rejects.toThrow('denied');
  });
});
