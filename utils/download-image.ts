/** File extension for an image's MIME type (JPEG when unknown). */
export function imageExtension(type: string): string {
  return type.includes('png') ? 'png' : type.includes('webp') ? 'webp' : 'jpg';
}

/** The image's bytes (without cookies); throws on an HTTP error. */
export async function fetchImage(url: string): Promise<Blob> {
  const response = await fetch(url, { credentials: 'omit' });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return response.blob();
}

/**
 * Saves an image under a readable name. `<a download>` ignores the name for other origins, so the
 * bytes are fetched first; when that is not allowed (CORS) the image opens in a tab instead, where
 * the browser's own "Save image" works.
 */
export async function downloadImage(url: string, name: (type: string) => string, doc: Document = document): Promise<'saved' | 'opened'> {
  try {
    const blob = await fetchImage(url);
    const objectUrl = URL.createObjectURL(blob);
    const link = doc.createElement('a');
    link.href = objectUrl;
    link.download = name(blob.type);
    doc.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(objectUrl), 60_000);
    return 'saved';
  } catch {
    window.open(url, '_blank', 'noopener');
    return 'opened';
  }
}
