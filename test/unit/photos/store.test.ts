import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import jpeg from 'jpeg-js';
import { AppError } from '@/utils/errors';
import { createBackground } from '@/utils/background/wiring';
import { firstRetryAfterMs } from '@/utils/aiuta/remote-deletes';
import type { PhotoCodec } from '@/utils/photos/codec';
import { fitWithin, photoLimits, preparePhoto } from '@/utils/photos/pipeline';
import { sniffPhotoType } from '@/utils/photos/sniff';
import { uploadReuseMarginMs } from '@/utils/photos/store';
import { openPhotoDb } from '@/utils/photos/photo-db';
import { maxSavedPhotos } from '@/utils/photos/schema';
import { chosenPhotoItem, consentItem, legacyPhotoDataItem, legacyPhotoMetaItem, saveSettings, getSettings } from '@/utils/storage';
import { startFakeApi, subscriptionId, type FakeApi } from '../support/fake-api';
import { configure, fastOptions, send, senders } from '../support/background-setup';
import { encodeJpeg, encodePng, fakeCodec, fakePhoto, nodeCodec, syntheticPhoto, toDataUrl } from '../support/node-codec';

const failure = (promise: Promise<unknown>) => promise.then(() => { throw new Error('expected a failure'); }, (e: AppError) => e);

describe('photo pipeline', () => {
  it('recognises photos by their first bytes', () => {
    const ascii = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0));
    expect(sniffPhotoType(new Uint8Array([0xff, 0xd8, 0xff, 0xe1]))).toBe('image/jpeg');
    expect(sniffPhotoType(ascii('\x89PNG\r\n\x1a\n....'))).toBe('image/png');
    expect(sniffPhotoType(ascii('RIFF\0\0\0\0WEBPVP8 '))).toBe('image/webp');
    expect(sniffPhotoType(ascii('\0\0\0\x18ftypheic\0\0\0\0'))).toBe('image/heic');
    expect(sniffPhotoType(ascii('\0\0\0\x18ftypmp42\0\0\0\0'))).toBeNull();
    expect(sniffPhotoType(ascii('%PDF-1.7'))).toBeNull();
    expect(sniffPhotoType(new Uint8Array())).toBeNull();
  });

  it('fits the longest side within the limit without upscaling', () => {
    expect(fitWithin(4000, 3000, 1500)).toEqual({ width: 1500, height: 1125 });
    expect(fitWithin(3000, 4000, 1500)).toEqual({ width: 1125, height: 1500 });
    expect(fitWithin(800, 600, 1500)).toEqual({ width: 800, height: 600 });
  });

  it('re-encodes a large JPEG to at most 1500 px at quality 0.92, with a small thumbnail', async () => {
    const source = encodeJpeg(syntheticPhoto(1600, 640));
    const calls: [number, number, number][] = [];
    const spy: PhotoCodec = {
      async decode(bytes, type) {
        const decoded = await nodeCodec.decode(bytes, type);
        return { ...decoded, encodeJpeg: (w, h, q) => (calls.push([w, h, q]), decoded.encodeJpeg(w, h, q)) };
      },
    };
    const photo = await preparePhoto(toDataUrl(source), spy);
    expect(calls[0]).toEqual([1500, 600, 0.92]);
    expect(photo).toMatchObject({ width: 1500, height: 600 });
    const decoded = jpeg.decode(photo.jpeg);
    expect([decoded.width, decoded.height]).toEqual([1500, 600]);
    expect(photo.thumbnail).toMatch(/^data:image\/jpeg;base64,/);
    expect(photo.thumbnail.length).toBeLessThan(20_000);
  }, 30_000); // pure-JS decoding and encoding is slow on a busy machine

  it('accepts a PNG and keeps a small photo at its size', async () => {
    const photo = await preparePhoto(toDataUrl(encodePng(syntheticPhoto(400, 300)), 'image/png'), nodeCodec);
    expect(photo).toMatchObject({ width: 400, height: 300 });
    expect(sniffPhotoType(photo.jpeg)).toBe('image/jpeg');
  });

  it('trusts the bytes, not the declared type', async () => {
    const png = encodePng(syntheticPhoto(300, 300));
    expect((await preparePhoto(toDataUrl(png, 'image/jpeg'), nodeCodec)).width).toBe(300);
    const text = new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"/>');
    const error = await failure(preparePhoto(toDataUrl(text, 'image/png'), nodeCodec));
    expect(error.code).toBe('photo_not_image');
  });

  it('rejects tiny, oversized, damaged and undecodable photos with clear errors', async () => {
    const tiny = await failure(preparePhoto(toDataUrl(encodeJpeg(syntheticPhoto(600, 200))), nodeCodec));
    expect(tiny.code).toBe('photo_too_small');
    expect(tiny.message).toContain('600×200');

    // Large enough on each side as chosen, but narrower than the limit once fitted into 1500 px for
    // the upload: the service would refuse the upload, and the shopper would learn it only at Start.
    const strip = await failure(preparePhoto(toDataUrl(fakePhoto(300, 9000)), fakeCodec));
    expect(strip.code).toBe('photo_too_small');
    expect(strip.message).toContain('300×9000');
    expect((await preparePhoto(toDataUrl(fakePhoto(1500, 8000)), fakeCodec)).width).toBe(281);

    const huge = `data:image/jpeg;base64,${'A'.repeat(Math.ceil(((photoLimits.maxInputBytes + 3) * 4) / 3))}`;
    expect((await failure(preparePhoto(huge, nodeCodec))).code).toBe('photo_too_large');

    const truncated = encodeJpeg(syntheticPhoto(400, 400)).slice(0, 200);
    expect((await failure(preparePhoto(toDataUrl(truncated), nodeCodec))).code).toBe('photo_unreadable');

    const heic = Uint8Array.from('\0\0\0\x18ftypheic\0\0\0\0mif1heic', (c) => c.charCodeAt(0));
    const unreadable = await failure(preparePhoto(toDataUrl(heic, 'image/heic'), nodeCodec));
    expect(unreadable.code).toBe('photo_heic');
    expect(unreadable.message).toMatch(/Most Compatible/);

    expect((await failure(preparePhoto('data:image/jpeg,rawtext', nodeCodec))).code).toBe('photo_unreadable');
  });

  it('refuses a file above 20 MB before decoding it, and judges one of exactly 20 MB by its bytes', async () => {
    // 20 MB = 20 971 520 bytes: 27 962 028 base64 characters, the last one padding.
    const exactly = `data:image/jpeg;base64,${'A'.repeat(27_962_027)}=`;
    expect((await failure(preparePhoto(exactly, nodeCodec))).code).toBe('photo_not_image');
    const oneByteMore = `data:image/jpeg;base64,${'A'.repeat(27_962_028)}`;
    const refused = await failure(preparePhoto(oneByteMore, nodeCodec));
    expect(refused.code).toBe('photo_too_large');
    expect(refused.message).toContain('20 MB');
  });
});

describe('photo store', () => {
  let api: FakeApi;
  let now = Date.now();
  const engine = () => createBackground(fastOptions({ now: () => now, codec: fakeCodec }));
  const photoUrl = () => toDataUrl(fakePhoto(600, 800));

  beforeEach(async () => {
    fakeBrowser.reset();
    api = await startFakeApi();
    await configure(api);
    now = Date.now();
  });
  afterEach(() => api.close());

  it('saves the re-encoded photo locally and reports it without the bytes', async () => {
    const { photos } = engine();
    const info = await photos.save(photoUrl());
    expect(info).toMatchObject({ width: 600, height: 800, savedAt: now });
    expect(info.bytes).toBe((await openPhotoDb().jpeg(info.id))!.length);
    expect(await photos.get()).toEqual(info);
    // Nothing of it in storage.local, which content scripts could read.
    expect(await fakeBrowser.storage.local.get(null)).not.toHaveProperty('photoData');
    expect(JSON.stringify(await fakeBrowser.storage.local.get(null))).not.toContain(info.thumbnail.slice(30, 80));
    expect(JSON.stringify(info).length).toBeLessThan(30_000);
  });

  it('uploads once and reuses the upload until it nears expiry', async () => {
    api.options.uploadExpiresInMs = uploadReuseMarginMs + 30_000;
    const { photos } = engine();
    await photos.save(photoUrl());
    const first = await photos.ensureUploaded();
    expect(await photos.ensureUploaded()).toBe(first);
    expect(api.count('/uploaded_images', 'POST')).toBe(1);
    expect((await photos.get())!.uploaded?.id).toBe(first);

    const expiresAt = (await photos.get())!.uploaded!.expiresAt!;
    now = expiresAt - uploadReuseMarginMs + 1;
    const second = await photos.ensureUploaded();
    expect(second).not.toBe(first);
    expect(api.count('/uploaded_images', 'POST')).toBe(2);
  });

  it('uploads again for another API or subscription', async () => {
    const { photos } = engine();
    await photos.save(photoUrl());
    await photos.ensureUploaded();
    await saveSettings({ ...(await getSettings()), apiBaseUrl: api.unifiedBase, apiFlavour: 'unified-v1' });
    await photos.ensureUploaded();
    expect(api.count('/uploaded_images', 'POST')).toBe(2);
  });

  it('shares one upload between two try-ons started together', async () => {
    const { photos } = engine();
    await photos.save(photoUrl());
    const [a, b] = await Promise.all([photos.ensureUploaded(), photos.ensureUploaded()]);
    expect(a).toBe(b);
    expect(api.count('/uploaded_images', 'POST')).toBe(1);
  });

  it('does not upload without the shopper\'s consent, nor without a photo', async () => {
    const { photos } = engine();
    expect((await failure(photos.ensureUploaded())).code).toBe('photo_missing');
    await photos.save(photoUrl());
    await consentItem.removeValue();
    expect((await failure(photos.ensureUploaded())).code).toBe('consent_required');
    expect(api.count('/uploaded_images')).toBe(0);
  });

  it('deletes the chosen photo here and its upload there; the newest photo left is chosen next', async () => {
    const { photos } = engine();
    const older = await photos.save(photoUrl());
    const first = await photos.ensureUploaded();
    now += 1;
    const newer = await photos.save(photoUrl());
    // Adding a photo keeps the others and their uploads.
    expect(api.deleted).toEqual([]);
    expect((await photos.list()).photos.map((photo) => photo.id)).toEqual([older.id, newer.id]);
    const second = await photos.ensureUploaded();
    expect(second).not.toBe(first);
    await photos.delete();
    expect(api.deleted).toEqual([`uploaded_images/${second}`]);
    expect(await photos.get()).toMatchObject({ id: older.id, uploaded: { id: first } });
    await photos.delete(older.id);
    expect(api.deleted).toEqual([`uploaded_images/${second}`, `uploaded_images/${first}`]);
    expect(await photos.get()).toBeNull();
    expect(await photos.list()).toEqual({ photos: [], chosenId: null });
    expect(await openPhotoDb().list()).toEqual([]);
  });

  it('keeps up to five photos, chooses the newest, and refuses a sixth without losing any', async () => {
    const { photos } = engine();
    const saved = [];
    for (let i = 0; i < maxSavedPhotos; i++) {
      now += 1;
      saved.push(await photos.save(photoUrl()));
    }
    expect(maxSavedPhotos).toBe(5);
    expect(await photos.list()).toEqual({ photos: saved, chosenId: saved[4]!.id });
    const error = await failure(photos.save(photoUrl()));
    expect(error.code).toBe('photo_limit');
    expect(error.message).toMatch(/Delete one/);
    expect(await photos.list()).toEqual({ photos: saved, chosenId: saved[4]!.id });
    // Once one is deleted, a new one fits.
    await photos.delete(saved[1]!.id);
    expect(await photos.list()).toMatchObject({ chosenId: saved[4]!.id });
    now += 1;
    const added = await photos.save(photoUrl());
    expect((await photos.list()).photos.map((photo) => photo.id)).toEqual([saved[0]!.id, saved[2]!.id, saved[3]!.id, saved[4]!.id, added.id]);
  });

  it('uploads the photo a try-on names, each photo once per API target, without touching the chosen one', async () => {
    const { photos } = engine();
    const first = await photos.save(photoUrl());
    now += 1;
    const second = await photos.save(photoUrl());
    expect((await photos.choose(first.id)).chosenId).toBe(first.id);
    expect(await photos.get()).toMatchObject({ id: first.id });
    const secondUpload = await photos.ensureUploaded({ photoId: second.id });
    expect(await photos.ensureUploaded({ photoId: second.id })).toBe(secondUpload);
    expect(api.count('/uploaded_images', 'POST')).toBe(1);
    // The chosen photo has no upload yet: without an id, that one is uploaded.
    const firstUpload = await photos.ensureUploaded();
    expect(firstUpload).not.toBe(secondUpload);
    expect(api.count('/uploaded_images', 'POST')).toBe(2);
    const list = await photos.list();
    expect(list.photos.map((photo) => photo.uploaded?.id)).toEqual([firstUpload, secondUpload]);
    // Another API: each photo is uploaded anew when used, not before.
    await saveSettings({ ...(await getSettings()), apiBaseUrl: api.unifiedBase, apiFlavour: 'unified-v1' });
    expect(api.count('/uploaded_images', 'POST')).toBe(2);
    expect(await photos.ensureUploaded({ photoId: second.id })).not.toBe(secondUpload);
    expect(api.count('/uploaded_images', 'POST')).toBe(3);
    // A photo deleted since the try-on chose it is not replaced by another one.
    await photos.delete(first.id);
    expect((await failure(photos.ensureUploaded({ photoId: first.id }))).code).toBe('photo_missing');
    expect((await failure(photos.choose(first.id))).code).toBe('photo_missing');
  });

  it('deletes on the service an upload whose photo was deleted here while it was uploading', async () => {
    const { photos } = engine();
    await photos.save(photoUrl());
    api.fault({
      method: 'POST',
      path: /uploaded_images/,
      times: 1,
      respond: async () => {
        await new Promise((resolve) => setTimeout(resolve, 300));
        return 'pass' as const;
      },
    });
    const uploading = failure(photos.ensureUploaded());
    await new Promise((resolve) => setTimeout(resolve, 100));
    await photos.delete();
    expect((await uploading).code).toBe('photo_missing');
    expect(api.count('/uploaded_images', 'POST')).toBe(1);
    expect(api.deleted).toHaveLength(1);
    expect(api.deleted[0]).toMatch(/^uploaded_images\//);
    expect(await photos.get()).toBeNull();
  });

  it('still removes the photo locally when the service cannot delete its copy, and retries later', async () => {
    const { photos, remoteDeletes } = engine();
    await photos.save(photoUrl());
    const id = await photos.ensureUploaded();
    api.fault({ method: 'DELETE', path: /uploaded_images/, respond: (_req, res) => void res.writeHead(500).end() });
    const error = await failure(photos.delete());
    expect(error.code).toBe('remote_delete_failed');
    expect(await photos.get()).toBeNull();
    api.faults.length = 0;
    // Tried again by itself once its turn has come.
    now += firstRetryAfterMs;
    expect(await remoteDeletes.retryPending()).toBe(0);
    expect(api.deleted).toEqual([`uploaded_images/${id}`]);
  });

  it('moves a photo kept by the previous version in storage.local into the database, upload and all', async () => {
    const jpegBytes = fakePhoto(600, 800);
    const legacy = { width: 600, height: 800, bytes: jpegBytes.length, savedAt: 5, thumbnail: 'data:image/jpeg;base64,AAAA', uploaded: { id: 'old-upload', expiresAt: now + 3_600_000, target: `${api.dtoBase}|${subscriptionId}` } };
    await legacyPhotoMetaItem.setValue(legacy);
    await legacyPhotoDataItem.setValue(Buffer.from(jpegBytes).toString('base64'));
    const { photos, wakeUp } = engine();
    await wakeUp();
    const info = await photos.get();
    expect(info).toMatchObject({ width: 600, height: 800, savedAt: 5, thumbnail: legacy.thumbnail, uploaded: { id: 'old-upload' } });
    expect(await openPhotoDb().jpeg(info!.id)).toEqual(jpegBytes);
    const local = await fakeBrowser.storage.local.get(null);
    expect(local).not.toHaveProperty('photoMeta');
    expect(local).not.toHaveProperty('photoData');
    // A second start finds nothing to move and keeps the photo.
    await engine().wakeUp();
    expect((await engine().photos.get())?.id).toBe(info!.id);
    // The one photo of that version is the chosen one.
    expect(await chosenPhotoItem.getValue()).toBe(info!.id);
    expect(await photos.list()).toEqual({ photos: [info], chosenId: info!.id });
    // Its upload is still its upload: deleting the photo deletes that copy too.
    await photos.delete();
    expect(api.deleted).toEqual(['uploaded_images/old-upload']);
  });

  it('records the one photo a database of the single-photo version holds as the chosen one', async () => {
    const jpegBytes = fakePhoto(600, 800);
    const record = { id: 'kept-before', width: 600, height: 800, bytes: jpegBytes.length, savedAt: 5, thumbnail: 'data:image/jpeg;base64,AAAA' };
    await openPhotoDb().put(record, jpegBytes);
    expect(await chosenPhotoItem.getValue()).toBeNull();
    const { photos, wakeUp } = engine();
    await wakeUp();
    expect(await chosenPhotoItem.getValue()).toBe('kept-before');
    expect(await photos.list()).toEqual({ photos: [record], chosenId: 'kept-before' });
    // A choice naming a photo that is gone falls back to the newest one.
    await chosenPhotoItem.setValue('gone');
    expect(await engine().photos.list()).toMatchObject({ chosenId: 'kept-before' });
    expect(await chosenPhotoItem.getValue()).toBe('kept-before');
  });

  it('drops a damaged leftover of the previous version instead of failing', async () => {
    await legacyPhotoMetaItem.setValue({ width: 'wide' });
    await legacyPhotoDataItem.setValue('AAAA');
    const { photos } = engine();
    expect(await photos.get()).toBeNull();
    expect(await fakeBrowser.storage.local.get(null)).not.toHaveProperty('photoMeta');
    await photos.save(photoUrl());
    expect(await photos.get()).not.toBeNull();
  });

  it('"Delete all my data" removes the photo from the database', async () => {
    const background = engine();
    const { photos } = background;
    await photos.save(photoUrl());
    const uploaded = await photos.ensureUploaded();
    expect(await send(background, 'data.deleteAll', {}, senders.popup())).toEqual({ ok: true, data: { ok: true } });
    expect(api.deleted).toEqual([`uploaded_images/${uploaded}`]);
    expect(await openPhotoDb().list()).toEqual([]);
    expect(await photos.get()).toBeNull();
  });
});
