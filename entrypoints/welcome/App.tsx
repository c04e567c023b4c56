import { useEffect } from 'preact/hooks';
import { ConnectionStatusSection } from '@/components/first-run/ConnectionStatusSection';
import { OptionalStep } from '@/components/first-run/OptionalStep';
import { PrivacySection } from '@/components/first-run/PrivacySection';
import { PrivacySummary } from '@/components/first-run/PrivacySummary';
import { PhotoSection } from '@/components/photo/PhotoSection';
import { changedSince, demoStoreUrl } from '@/utils/first-run/demo-store';
import { factsChangedSince, privacyFacts } from '@/utils/first-run/privacy-facts';
import { t } from '@/utils/i18n';

/**
 * Opened once, right after install (utils/first-run/install.ts): what the extension does, what
 * leaves the browser, whether the connection is ready (the same settings form as the popup), then
 * the optional steps. With `?since=N` (an update that changed what leaves the browser) it is the
 * short "what changed" page instead.
 */
export function App() {
  const since = changedSince(location.search);
  useEffect(() => {
    document.title = since === null ? t('welcome_title') : t('welcome_changed_title');
  }, [since]);
  return since === null ? <Welcome /> : <Changed since={since} />;
}

function Welcome() {
  const demoStore = demoStoreUrl(import.meta.env);
  return (
    <main class="options welcome">
      <h1>{t('welcome_title')}</h1>
      <p class="welcome__intro">{t('welcome_intro')}</p>
      <p class="welcome__intro">{t('welcome_intro_how')}</p>

      <section class="card" aria-labelledby="privacy-title">
        <h2 id="privacy-title">{t('welcome_privacy_title')}</h2>
        <PrivacySection />
      </section>

      <section id="connection" class="card" aria-labelledby="connection-title">
        <h2 id="connection-title">{t('welcome_connection_title')}</h2>
        <ConnectionStatusSection />
      </section>

      <section id="photo" class="card" aria-labelledby="photo-step-title">
        <h2 id="photo-step-title">{t('welcome_photo_title')}</h2>
        <p class="muted">{t('welcome_photo_intro')}</p>
        <OptionalStep skippedText={t('welcome_photo_skipped')}>
          <PhotoSection />
        </OptionalStep>
      </section>

      <section class="card" aria-labelledby="pin-title">
        <h2 id="pin-title">{t('welcome_pin_title')}</h2>
        <p>{t('welcome_pin_hint')}</p>
      </section>

      {demoStore && (
        <section class="card" aria-labelledby="demo-title" data-testid="demo-store">
          <h2 id="demo-title">{t('welcome_demo_title')}</h2>
          <p>
            <a href={demoStore} target="_blank" rel="noreferrer">
              {t('welcome_demo_link')}
            </a>
          </p>
        </section>
      )}

      <p class="muted">{t('welcome_done')}</p>
    </main>
  );
}

function Changed({ since }: { since: number }) {
  const changed = factsChangedSince(since);
  return (
    <main class="options welcome">
      <h1>{t('welcome_changed_title')}</h1>
      <p class="welcome__intro">{t('welcome_changed_intro')}</p>
      <section class="card" aria-labelledby="changed-title">
        <h2 id="changed-title">{t('welcome_changed_list_title')}</h2>
        <PrivacySummary facts={changed.length > 0 ? changed : privacyFacts} />
      </section>
      <section class="card" aria-labelledby="privacy-title">
        <h2 id="privacy-title">{t('welcome_privacy_title')}</h2>
        <PrivacySummary facts={privacyFacts} newSince={since} />
      </section>
    </main>
  );
}
