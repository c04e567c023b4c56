import { browser } from 'wxt/browser';

/** Keys of public/_locales/en/messages.json (WXT generates the types on `wxt prepare`). */
export type MessageKey = Parameters<typeof browser.i18n.getMessage>[0];

/**
 * Every user-facing string goes through here. A key with no translation falls back to English,
 * and an unknown key to `fallback`, so a gap never shows an empty label.
 */
export function t(key: MessageKey, substitutions?: string | string[]): string {
  return browser.i18n.getMessage(key, substitutions) || key;
}

/** For keys built at run time (e.g. `error_<code>`): returns `fallback` when the key does not exist. */
export function tOr(key: string, fallback: string, substitutions?: string | string[]): string {
  return browser.i18n.getMessage(key as MessageKey, substitutions) || fallback;
}
