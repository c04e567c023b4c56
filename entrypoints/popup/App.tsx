import { useEffect, useRef, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { PhotoPicker } from '@/components/photo/PhotoPicker';
import { DeleteAllData } from '@/components/history/DeleteAllData';
import { HistoryList } from '@/components/history/HistoryList';
import { JobList } from '@/components/jobs/JobList';
import { SettingsForm } from '@/components/settings/SettingsForm';
import { CurrentSite } from '@/components/site/CurrentSite';
import { t } from '@/utils/i18n';
import { getSettings } from '@/utils/storage';

const tabs = ['try-on', 'photo', 'history', 'settings'] as const;
type Tab = (typeof tabs)[number];

const tabLabels = {
  'try-on': 'popup_tab_try_on',
  photo: 'popup_tab_photo',
  history: 'popup_tab_history',
  settings: 'popup_tab_settings',
} as const satisfies Record<Tab, string>;

const isTab = (value: string | null): value is Tab => tabs.includes(value as Tab);

export function App() {
  const requested = new URLSearchParams(location.search).get('tab');
  const [tab, setTab] = useState<Tab | null>(isTab(requested) ? requested : null);
  // Bumped after "Delete all my data" so every section reloads what is left.
  const [dataVersion, setDataVersion] = useState(0);

  useEffect(() => {
    if (tab) return;
    // Until the connection is set up, nothing else works: open on the settings.
    getSettings().then((settings) => setTab(settings.subscriptionId && settings.tokenEndpoint ? 'try-on' : 'settings'));
  }, []);

  return (
    <main class="popup">
      <header class="popup__header">
        <h1>{t('popupTitle')}</h1>
        <button type="button" class="link" onClick={() => browser.runtime.openOptionsPage()}>
          {t('popup_open_options')}
        </button>
      </header>
      {tab && (
        <>
          <TabList current={tab} onSelect={setTab} />
          <div class="popup__panel" role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`}>
            {tab === 'try-on' && (
              <>
                <CurrentSite />
                <section class="card" aria-labelledby="jobs-title">
                  <h2 id="jobs-title">{t('popup_jobs_title')}</h2>
                  <JobList key={dataVersion} />
                </section>
              </>
            )}
            {tab === 'photo' && <PhotoPicker key={dataVersion} />}
            {tab === 'history' && (
              <>
                <h2>{t('history_title')}</h2>
                <HistoryList key={dataVersion} />
                <DeleteAllData onDeleted={() => setDataVersion((version) => version + 1)} />
              </>
            )}
            {tab === 'settings' && (
              <>
                <h2>{t('settings_title')}</h2>
                <SettingsForm />
              </>
            )}
          </div>
        </>
      )}
    </main>
  );
}

/** WAI-ARIA tabs: arrow keys, Home and End move between them. */
function TabList({ current, onSelect }: { current: Tab; onSelect(tab: Tab): void }) {
  const list = useRef<HTMLDivElement>(null);
  const move = (event: KeyboardEvent) => {
    const index = tabs.indexOf(current);
    const next =
      event.key === 'ArrowRight' ? tabs[(index + 1) % tabs.length]
      : event.key === 'ArrowLeft' ? tabs[(index + tabs.length - 1) % tabs.length]
      : event.key === 'Home' ? tabs[0]
      : event.key === 'End' ? tabs[tabs.length - 1]
      : undefined;
    if (!next) return;
    event.preventDefault();
    onSelect(next);
    list.current?.querySelector<HTMLButtonElement>(`#tab-${next}`)?.focus();
  };
  return (
    <div class="tabs" role="tablist" aria-label={t('popup_sections')} ref={list} onKeyDown={move}>
      {tabs.map((tab) => (
        <button
          key={tab}
          type="button"
          role="tab"
          id={`tab-${tab}`}
          aria-selected={tab === current}
          aria-controls={`panel-${tab}`}
          tabIndex={tab === current ? 0 : -1}
          onClick={() => onSelect(tab)}
        >
          {t(tabLabels[tab])}
        </button>
      ))}
    </div>
  );
}
