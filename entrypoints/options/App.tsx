import { useState } from 'preact/hooks';
import { HistorySection } from '@/components/history/HistorySection';
import { PhotoSection } from '@/components/photo/PhotoSection';
import { SettingsSection } from '@/components/settings/SettingsSection';
import { SiteListSection } from '@/components/site/SiteListSection';
import { t } from '@/utils/i18n';

/** The popup's settings in a full tab, with room for the site list; the same components, no second form. */
export function App() {
  // Bumped after "Delete all my data" so the photo section reloads what is left.
  const [dataVersion, setDataVersion] = useState(0);
  return (
    <main class="options">
      <h1>{t('settings_page_title')}</h1>
      <nav class="options__nav" aria-label={t('popup_sections')}>
        <a href="#connection">{t('settings_title')}</a>
        <a href="#photo">{t('popup_tab_photo')}</a>
        <a href="#sites">{t('site_sites_title')}</a>
        <a href="#history">{t('history_title')}</a>
      </nav>
      <section id="connection" class="card" aria-labelledby="connection-title">
        <h2 id="connection-title">{t('settings_title')}</h2>
        <SettingsSection />
      </section>
      <section id="photo" class="card">
        <PhotoSection key={dataVersion} />
      </section>
      <section id="sites" class="card" aria-labelledby="sites-title">
        <h2 id="sites-title">{t('site_sites_title')}</h2>
        <SiteListSection />
      </section>
      <section id="history" class="card" aria-labelledby="history-title">
        <h2 id="history-title">{t('history_title')}</h2>
        <HistorySection onDataDeleted={() => setDataVersion((version) => version + 1)} />
      </section>
    </main>
  );
}
