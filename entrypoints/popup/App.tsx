import { useEffect, useRef, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { HistorySection } from '@/components/history/HistorySection';
import { JobsSection } from '@/components/jobs/JobsSection';
import { PhotoSection } from '@/components/photo/PhotoSection';
import { SettingsSection } from '@/components/settings/SettingsSection';
import { useSettings } from '@/components/settings/use-settings';
import { CurrentSiteSection } from '@/components/site/CurrentSiteSection';
import { isConnectionSetUp } from '@/utils/settings/connection-state';
import { t } from '@/utils/i18n';

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
  const settings = useSettings();

  useEffect(() => {
    if (tab || !settings) return;
    // Until the connection is set up, nothing else works: open on the settings.
    setTab(isConnectionSetUp(settings) ? 'try-on' : 'settings');
  }, [settings]);

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
                <CurrentSiteSection />
                <section class="card" aria-labelledby="jobs-title">
                  <h2 id="jobs-title">{t('popup_jobs_title')}</h2>
                  <JobsSection key={dataVersion} />
                </section>
              </>
            )}
            {tab === 'photo' && <PhotoSection key={dataVersion} />}
            {tab === 'history' && (
              <>
                <h2>{t('history_title')}</h2>
                <HistorySection onDataDeleted={() => setDataVersion((version) => version + 1)} />
              </>
            )}
            {tab === 'settings' && (
              <>
                <h2>{t('settings_title')}</h2>
                <SettingsSection />
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
