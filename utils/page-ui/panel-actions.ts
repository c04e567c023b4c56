import { browser } from 'wxt/browser';

/** The settings live in the popup (or an options page when there is one); open them in a tab. */
export async function openSettings(): Promise<void> {
  const manifest = browser.runtime.getManifest();
  if (manifest.options_ui || manifest.options_page) await browser.runtime.openOptionsPage();
  else await browser.tabs.create({ url: browser.runtime.getURL('/popup.html') });
}

/**
 * Saves the result as a file. The image is on the try-on service's host; when its CORS rules do not
 * let the panel read it, the image opens in a new tab where the browser's own "Save image" works.
 */
export async function downloadImage(url: string, baseName: string): Promise<void> {
  try {
    const response = await fetch(url, { credentials: 'omit' });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const blob = await response.blob();
    const extension = blob.type === 'image/png' ? 'png' : blob.type === 'image/webp' ? 'webp' : 'jpg';
    const link = document.createElement('a');
    link.href = URL.createObjectURL(blob);
    link.download = `${baseName.replace(/[^\w.-]+/g, '_')}.${extension}`;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
  } catch {
    window.open(url, '_blank', 'noopener');
  }
}
