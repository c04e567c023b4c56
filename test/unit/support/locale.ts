import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fakeBrowser } from 'wxt/testing';

type Messages = Record<string, { message: string; placeholders?: Record<string, { content: string }> }>;

const LOCALES_DIR = resolve(import.meta.dirname, '../../../public/_locales');

/** Every locale folder the extension ships, sorted (en, de, …). */
export function localeNames(): string[] {
  return readdirSync(LOCALES_DIR, { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort();
}

export function localeMessages(lang: string): Messages {
  return JSON.parse(readFileSync(resolve(LOCALES_DIR, lang, 'messages.json'), 'utf8'));
}

/**
 * The fake browser has no i18n: answer getMessage from a real messages.json, placeholders included,
 * and getUILanguage with that language (numbers and times are formatted in it).
 */
export function useLocale(lang = 'en'): void {
  const messages = localeMessages(lang);
  fakeBrowser.i18n.getUILanguage = (() => lang) as typeof fakeBrowser.i18n.getUILanguage;
  fakeBrowser.i18n.getMessage = ((key: string, substitutions?: string | string[]) => {
    const entry = messages[key];
    if (!entry) return '';
    const values = substitutions === undefined ? [] : Array.isArray(substitutions) ? substitutions : [substitutions];
    return entry.message.replace(/\$([A-Za-z0-9_]+)\$/g, (whole, name: string) => {
      const content = entry.placeholders?.[name.toLowerCase()]?.content;
      const index = content ? Number(content.replace('$', '')) - 1 : -1;
      return index >= 0 ? (values[index] ?? '') : whole;
    });
  }) as typeof fakeBrowser.i18n.getMessage;
}
