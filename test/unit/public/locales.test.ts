import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { localeMessages, localeNames } from '../support/locale';

/** The languages the extension speaks, by folder, as README names them. */
const LANGUAGES: Record<string, string> = { en: 'English', de: 'German', fr: 'French', es: 'Spanish', it: 'Italian' };

type Entry = { message: string; placeholders?: Record<string, { content: string }> } | undefined;

/** Placeholder names with their content ($1, $2…), as a comparable list. */
const placeholders = (entry: Entry) =>
  Object.entries(entry?.placeholders ?? {}).map(([name, { content }]) => `${name}=${content}`).sort();

/** Every $NAME$ the message text refers to, lower-cased like Chrome does. */
const referenced = (entry: Entry) =>
  [...new Set([...(entry?.message ?? '').matchAll(/\$([A-Za-z0-9_@]+)\$/g)].map((match) => match[1]!.toLowerCase()))].sort();

describe('the strings of every language the extension ships', () => {
  const en = localeMessages('en');
  const others = localeNames().filter((lang) => lang !== 'en');

  it('ships English and at least German, French, Spanish and Italian, each one named in README', () => {
    expect(localeNames()).toEqual(expect.arrayContaining(['de', 'en', 'es', 'fr', 'it']));
    const readme = readFileSync(resolve(import.meta.dirname, '../../../README.md'), 'utf8');
    const sentence = readme.split('\n\n').find((paragraph) => paragraph.startsWith('Languages:'))?.replace(/\s+/g, ' ');
    expect(sentence).toBeDefined();
    for (const lang of localeNames()) {
      expect({ lang, name: LANGUAGES[lang] }).toEqual({ lang, name: expect.any(String) });
      expect(sentence).toContain(`${LANGUAGES[lang]} (\`${lang}\`)`);
    }
  });

  it.each(others)('%s has exactly the keys of English, each with a message', (lang) => {
    const messages = localeMessages(lang);
    expect(Object.keys(en).length).toBeGreaterThan(250);
    expect(Object.keys(messages).sort()).toEqual(Object.keys(en).sort());
    const empty = Object.keys(messages).filter((key) => !messages[key]!.message.trim());
    expect(empty).toEqual([]);
  });

  it.each(['en', ...others])('%s has the placeholders of English and uses each one, and no other', (lang) => {
    const messages = localeMessages(lang);
    for (const key of Object.keys(en)) {
      expect({ key, placeholders: placeholders(messages[key]) }).toEqual({ key, placeholders: placeholders(en[key]) });
      const declared = Object.keys(en[key]!.placeholders ?? {}).map((name) => name.toLowerCase()).sort();
      expect({ key, referenced: referenced(messages[key]) }).toEqual({ key, referenced: declared });
    }
  });

  it('keeps the names other code and people rely on', () => {
    expect(en.photo_file_label?.message).toBe('Your photo');
    expect(en.panel_result_alt?.message).toMatch(/^Try-on result/);
  });
});
