/**
 * The two Aiuta APIs this extension speaks, and what differs between them that the rest of the
 * extension must respect (https://docs.aiuta.com/api/try-on/workflow/).
 */
export const apiFlavours = ['digital-try-on-v1', 'unified-v1'] as const;
export type ApiFlavour = (typeof apiFlavours)[number];

/** Aiuta's production base URL for each API flavour. */
export const officialBaseUrls: Record<ApiFlavour, string> = {
  'digital-try-on-v1': 'https://api.aiuta.com/digital-try-on/v1',
  'unified-v1': 'https://api.aiuta.com/v1',
};

/** Aiuta's own hosts (aiuta.com and its subdomains): where the settings expect the API to be. */
export function isAiutaUrl(value: string): boolean {
  try {
    const host = new URL(value.trim()).hostname.toLowerCase().replace(/\.$/, '');
    return host === 'aiuta.com' || host.endsWith('.aiuta.com');
  } catch {
    return false;
  }
}

/**
 * How many SKUs one try-on may dress: `sku_ids` takes 1..2 in Digital Try-On v1 (`SkuImagesRequest`)
 * and 1..5 in the unified API (`SkuTryOnRequest`).
 */
export const maxItemsPerTryOn: Record<ApiFlavour, number> = {
  'digital-try-on-v1': 2,
  'unified-v1': 5,
};

/** The most any flavour accepts: what a message or stored outfit may hold before the flavour is known. */
export const maxItemsAnyFlavour = Math.max(...Object.values(maxItemsPerTryOn));
