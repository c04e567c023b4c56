import { describe, expect, it } from 'vitest';
import { localeMessages } from '../support/locale';

const PREFIXES = ['panel_', 'photo_', 'error_', 'button_', 'site_'];

describe('English and German strings of the on-page try-on and the popup\'s page section', () => {
  const en = localeMessages('en');
  const de = localeMessages('de');
  const ours = (messages: Record<string, unknown>) => Object.keys(messages).filter((key) => PREFIXES.some((prefix) => key.startsWith(prefix))).sort();

  it('has every key in both languages', () => {
    expect(ours(en).length).toBeGreaterThan(100);
    expect(ours(de)).toEqual(ours(en));
  });

  it('has the same placeholders in both languages and uses each one', () => {
    for (const key of ours(en)) {
      const names = (entry: { placeholders?: Record<string, unknown> } | undefined) => Object.keys(entry?.placeholders ?? {}).sort();
      expect({ key, names: names(de[key]) }).toEqual({ key, names: names(en[key]) });
      for (const name of names(en[key])) {
        expect(en[key]!.message.toLowerCase()).toContain(`$${name}$`);
        expect(de[key]!.message.toLowerCase()).toContain(`$${name}$`);
      }
    }
  });

  it('keeps the names other code and people rely on', () => {
    expect(en.photo_file_label?.message).toBe('Your photo');
    expect(en.panel_result_alt?.message).toMatch(/^Try-on result/);
  });
});
