import { isLocalUrl } from '@/utils/local-address';

/**
 * The demo store's address, only in a build that `npm start` made beside its running sandbox
 * (`WXT_DEMO_STORE_URL`), never in a store build (`--mode store`), and only on this computer.
 */
export function demoStoreUrl(env: { MODE?: string; WXT_DEMO_STORE_URL?: string }): string | null {
  const url = env.WXT_DEMO_STORE_URL?.trim() ?? '';
  if (env.MODE === 'store' || url === '' || !isLocalUrl(url)) return null;
  return url;
}

/** `welcome.html?since=N`: the "what changed since facts version N" page; null for the welcome page itself. */
export function changedSince(search: string): number | null {
  const value = new URLSearchParams(search).get('since');
  if (value === null || !/^\d{1,4}$/.test(value)) return null;
  return Number(value);
}
