import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Frame, Page } from 'playwright-core';
import type { Sandbox } from '../../server/sandbox/index';
import { sniffImage } from '../../server/sandbox/images/codecs';
import { launchExtension, type LoadedExtension } from './support/extension';
import { shopperPhoto, startSandboxForExtension } from './support/sandbox';
import { acceptedCreates, acceptedUploads, entriesSince, keepOnlyPhoto, lastSeq, photoRecords, savePhotoWithConsent, storedJpeg } from './support/shopper';
import { checkArmed, clickArmed, closePanel, openPanel, reportPanelOnFailure, resultImage, waitForPanelClosed } from './support/try-on';

/**
 * A shopper's saved photos in the panel: added by file, by drag and drop and by paste, chosen for a
 * try-on (only that photo is uploaded), deleted (its uploaded copy too, as the emulator's request log
 * shows), at most five of them, and the models' category tab remembered from one panel to the next.
 */

const productPath = '/woo/product/linen-summer-dress/';

/** Hands the panel an image file the way the browser does for a drop on the picker or a paste (Ctrl+V). */
async function giveFile(panel: Frame, how: 'drop' | 'paste', photo: { buffer: Buffer; mimeType: string }): Promise<void> {
  await panel.evaluate(
    ({ how, base64, type }) => {
      const bytes = Uint8Array.from(atob(base64), (char) => char.charCodeAt(0));
      const data = new DataTransfer();
      data.items.add(new File([bytes], `photo.${type.split('/')[1]}`, { type }));
      if (how === 'paste') {
        document.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
        return;
      }
      const picker = document.querySelector('.photo-picker')!;
      picker.dispatchEvent(new DragEvent('dragover', { dataTransfer: data, bubbles: true, cancelable: true }));
      picker.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
    },
    { how, base64: photo.buffer.toString('base64'), type: photo.mimeType },
  );
}

const savedRadio = (panel: Frame, n: number) => panel.getByRole('radio', { name: `My photo ${n}`, exact: true });
const savedCount = (panel: Frame) => panel.getByRole('radio', { name: /^My photo \d$/ }).count();

describe('saved photos in the panel', () => {
  let extension: LoadedExtension;
  let sandbox: Sandbox;
  let page: Page;
  let photo: { name: string; mimeType: string; buffer: Buffer };

  beforeAll(async () => {
    extension = await launchExtension();
    sandbox = await startSandboxForExtension(extension.worker, { generationMs: 500 });
    extension.context.setDefaultTimeout(20_000);
    page = await extension.context.newPage();
    await page.setViewportSize({ width: 1280, height: 900 });
    photo = await shopperPhoto(sandbox);
  });

  beforeEach(() => {
    reportPanelOnFailure(() => page);
  });

  afterAll(async () => {
    await extension?.close();
    await sandbox?.close();
  });

  it('adds photos by file, drop and paste; a try-on uploads only the chosen one; deleting it deletes its upload', async () => {
    await page.goto(`${sandbox.storeUrl}${productPath}`);
    const panel = await openPanel(page);
    // Without consent a dropped photo is not kept.
    await giveFile(panel, 'drop', photo);
    await panel.locator('[role=alert][data-error-code="consent_required"]').waitFor();
    expect(await savedCount(panel)).toBe(0);

    await checkArmed(panel.getByRole('checkbox', { name: /I agree/ }));
    const file = panel.getByLabel('Your photo');
    await expect.poll(() => file.isDisabled()).toBe(false);
    await file.setInputFiles(photo);
    await expect.poll(() => savedRadio(panel, 1).isChecked(), { timeout: 10_000 }).toBe(true);
    await giveFile(panel, 'drop', photo);
    await expect.poll(() => savedRadio(panel, 2).isChecked(), { timeout: 10_000 }).toBe(true);
    await giveFile(panel, 'paste', photo);
    await expect.poll(() => savedRadio(panel, 3).isChecked(), { timeout: 10_000 }).toBe(true);
    // Saving uploads nothing: a photo goes to the service only for a try-on.
    expect(acceptedUploads(sandbox, 0)).toHaveLength(0);

    const records = (await photoRecords(extension.context)).sort((a, b) => a.savedAt - b.savedAt);
    expect(records).toHaveLength(3);
    const second = records[1]!;

    await checkArmed(savedRadio(panel, 2));
    await expect.poll(() => savedRadio(panel, 2).isChecked()).toBe(true);
    const before = lastSeq(sandbox);
    await clickArmed(panel.getByRole('button', { name: 'Start try-on' }));
    await resultImage(panel).waitFor({ timeout: 30_000 });

    const uploads = acceptedUploads(sandbox, before);
    expect(uploads).toHaveLength(1);
    const uploadId = (uploads[0]!.responseBody as { id: string }).id;
    const after = await photoRecords(extension.context);
    expect(after.filter((record) => record.uploaded).map((record) => [record.id, record.uploaded!.id])).toEqual([[second.id, uploadId]]);
    const created = acceptedCreates(sandbox, before);
    expect(created).toHaveLength(1);
    expect(JSON.stringify(created[0]!.requestBody)).toContain(uploadId);

    await panel.getByRole('button', { name: 'Try again', exact: true }).click();
    const deleteFrom = lastSeq(sandbox);
    await clickArmed(panel.getByRole('button', { name: 'Delete my photo 2', exact: true }));
    await expect.poll(() => savedCount(panel)).toBe(2);
    // Focus, on the Delete button clicked, moves to the one now in its place; the panel's status region says what was deleted.
    await panel.locator('.gate-hint').filter({ hasText: 'My photo 2 deleted.' }).waitFor({ timeout: 5_000 });
    await expect.poll(() => panel.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Delete my photo 2');
    await expect.poll(() => entriesSince(sandbox, deleteFrom, 'delete_uploaded').map((entry) => [entry.path.endsWith(`/uploaded_images/${uploadId}`), entry.status])).toEqual([
      [true, 204],
    ]);
    expect((await photoRecords(extension.context)).map((record) => record.id).sort()).toEqual([records[0]!.id, records[2]!.id].sort());
    await closePanel(page);
  });

  it('keeps at most five photos: the field closes with a sentence, and a sixth pasted photo is refused', async () => {
    await page.goto(`${sandbox.storeUrl}${productPath}`);
    const panel = await openPanel(page);
    await panel.getByRole('radio', { name: /^My photo / }).first().waitFor();
    for (let n = (await savedCount(panel)) + 1; n <= 5; n++) {
      await giveFile(panel, 'paste', photo);
      await expect.poll(() => savedRadio(panel, n).isChecked(), { timeout: 10_000 }).toBe(true);
    }
    const file = panel.getByLabel('Your photo');
    await expect.poll(() => file.isDisabled()).toBe(true);
    await expect(panel.getByText('You have 5 saved photos, as many as can be kept. Delete one to add another.').isVisible()).resolves.toBe(true);

    await giveFile(panel, 'paste', photo);
    const refused = panel.locator('[role=alert][data-error-code="photo_limit"]');
    await refused.waitFor();
    await expect(refused.textContent()).resolves.toContain('You already have 5 saved photos. Delete one of them first, then add the new one.');
    expect(await savedCount(panel)).toBe(5);
    expect(await photoRecords(extension.context)).toHaveLength(5);
    await closePanel(page);
  });

  it('lets go of the photos at once when all data is deleted in the popup while the panel is open', async () => {
    await savePhotoWithConsent(extension, sandbox);
    await page.goto(`${sandbox.storeUrl}${productPath}`);
    const panel = await openPanel(page);
    await expect.poll(() => savedRadio(panel, 1).isChecked()).toBe(true);
    const start = panel.getByRole('button', { name: 'Start try-on' });
    await expect.poll(() => start.isEnabled()).toBe(true);

    const popup = await extension.openPage('popup.html?tab=history');
    await popup.getByRole('button', { name: 'Delete all my data' }).click();
    await popup.getByRole('button', { name: 'Yes, delete everything' }).click();
    await popup.getByText('All your data was deleted.').waitFor({ timeout: 15_000 });
    await popup.close();

    // The panel no longer shows the deleted photos, and offers no Start with one of them.
    await expect.poll(() => savedCount(panel)).toBe(0);
    await expect(panel.getByRole('checkbox', { name: /I agree/ }).isChecked()).resolves.toBe(false);
    await expect.poll(() => start.isEnabled()).toBe(false);
    await panel.getByRole('button', { name: 'Close' }).click();
    await waitForPanelClosed(page);
  });

  it('remembers the models category tab the shopper chose for the next panel', async () => {
    await page.goto(`${sandbox.storeUrl}${productPath}`);
    let panel = await openPanel(page);
    const tabs = panel.getByRole('tab');
    await tabs.first().waitFor();
    expect(await tabs.count()).toBeGreaterThanOrEqual(2);
    await expect(tabs.nth(0).getAttribute('aria-selected')).resolves.toBe('true');
    const other = tabs.nth(1);
    const name = (await other.textContent())!;
    await other.click();
    await expect.poll(() => other.getAttribute('aria-selected')).toBe('true');
    await expect.poll(() => panel.getByRole('radio', { name: new RegExp(`^Model: ${name}`) }).count()).toBeGreaterThan(0);
    await closePanel(page);

    await page.reload();
    panel = await openPanel(page);
    const again = panel.getByRole('tab', { name, exact: true });
    await again.waitFor();
    await expect.poll(() => again.getAttribute('aria-selected')).toBe('true');
    await expect(panel.getByRole('tab', { selected: true }).count()).resolves.toBe(1);
  });

  it.each([
    [2400, 1800, { width: 1500, height: 1125 }],
    [900, 1200, { width: 900, height: 1200 }],
  ])('keeps a %i x %i camera photo as a JPEG of at most 1500 px without its EXIF block (GPS position included)', async (width, height, kept) => {
    // A JPEG drawn by Chromium, with an EXIF block put in after its start marker.
    const options = await extension.openPage('options.html');
    const drawn = Buffer.from(
      await options.evaluate(async ([w, h]) => {
        const canvas = new OffscreenCanvas(w!, h!);
        const context = canvas.getContext('2d')!;
        context.fillStyle = '#c96';
        context.fillRect(0, 0, w!, h!);
        context.fillStyle = '#369';
        context.fillRect(w! / 4, h! / 6, w! / 2, (h! * 5) / 6);
        return Array.from(new Uint8Array(await (await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.9 })).arrayBuffer()));
      }, [width, height]),
    );
    await options.close();
    const camera = Buffer.concat([drawn.subarray(0, 2), exifSegment('GPS 52.5200N 13.4050E HOME'), drawn.subarray(2)]);
    expect(camera.includes('Exif')).toBe(true);
    await keepOnlyPhoto(extension, `data:image/jpeg;base64,${camera.toString('base64')}`);
    const [record] = await photoRecords(extension.context);
    const stored = await storedJpeg(extension.context, record!.id);
    expect(sniffImage(stored)).toMatchObject({ format: 'jpeg', ...kept });
    expect(stored.includes('Exif')).toBe(false);
    expect(stored.includes('52.5200N')).toBe(false);
    expect(jpegMarkers(stored)).not.toContain(0xe1);
  });
});

/** An APP1 EXIF segment (big-endian TIFF) whose IFD0 holds an ImageDescription and a GPSInfo pointer. */
function exifSegment(description: string): Buffer {
  const text = Buffer.from(`${description}\0`, 'latin1');
  const tiff = Buffer.alloc(8 + 2 + 2 * 12 + 4 + 2 + 12 + 4);
  tiff.write('MM', 0, 'latin1');
  tiff.writeUInt16BE(42, 2);
  tiff.writeUInt32BE(8, 4);
  tiff.writeUInt16BE(2, 8);
  const gpsAt = 8 + 2 + 2 * 12 + 4;
  const textAt = tiff.length;
  // ImageDescription (ASCII), its text after the GPS IFD.
  tiff.writeUInt16BE(0x010e, 10);
  tiff.writeUInt16BE(2, 12);
  tiff.writeUInt32BE(text.length, 14);
  tiff.writeUInt32BE(textAt, 18);
  // GPSInfo: where the GPS IFD starts.
  tiff.writeUInt16BE(0x8825, 22);
  tiff.writeUInt16BE(4, 24);
  tiff.writeUInt32BE(1, 26);
  tiff.writeUInt32BE(gpsAt, 30);
  tiff.writeUInt32BE(0, 34);
  // GPS IFD: GPSLatitudeRef "N".
  tiff.writeUInt16BE(1, gpsAt);
  tiff.writeUInt16BE(0x0001, gpsAt + 2);
  tiff.writeUInt16BE(2, gpsAt + 4);
  tiff.writeUInt32BE(2, gpsAt + 6);
  tiff.write('N\0', gpsAt + 10, 'latin1');
  tiff.writeUInt32BE(0, gpsAt + 14);
  const payload = Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff, text]);
  const header = Buffer.alloc(4);
  header.writeUInt16BE(0xffe1, 0);
  header.writeUInt16BE(payload.length + 2, 2);
  return Buffer.concat([header, payload]);
}

/** The markers of a JPEG's segments up to the start of the scan. */
function jpegMarkers(jpeg: Buffer): number[] {
  const markers: number[] = [];
  for (let at = 2; at + 4 <= jpeg.length && jpeg[at] === 0xff; at += 2 + jpeg.readUInt16BE(at + 2)) {
    markers.push(jpeg[at + 1]!);
    if (jpeg[at + 1] === 0xda) break;
  }
  return markers;
}
