import { describe, expect, it } from 'vitest';
import { launchExtension } from './support/extension';

// README: the language is chosen by the browser's, with English for any other. Chromium takes the
// UI language from --lang; the last one given wins over the harness's en-US.
describe('the language the extension speaks', () => {
  it.each([
    ['de', 'Einstellungen', 'Bereiche'],
    ['fr', 'Paramètres', 'Sections'],
    ['pt-BR', 'Settings', 'Sections'],
    ['ja', 'Settings', 'Sections'],
  ])('in a browser set to %s the popup says %s', async (lang, settings, sections) => {
    const extension = await launchExtension({ args: [`--lang=${lang}`] });
    try {
      const popup = await extension.openPage('popup.html');
      await expect(popup.evaluate(() => chrome.i18n.getMessage('popup_tab_settings'))).resolves.toBe(settings);
      await popup.getByRole('tab', { name: settings }).waitFor();
      await expect(popup.getByRole('tablist').getAttribute('aria-label')).resolves.toBe(sections);
    } finally {
      await extension.close();
    }
  }, 60_000);
});
