import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Frame, Page } from 'playwright-core';
import type { Sandbox } from '../../server/sandbox/index';
import { launchExtension, type LoadedExtension } from './support/extension';
import { shopperPhoto, startSandboxForExtension } from './support/sandbox';
import { acceptedCreates, acceptedUploads, entriesSince, lastSeq, photoRecords, savePhotoWithConsent } from './support/shopper';
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
});
