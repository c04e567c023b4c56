import { PrivacyDestinations } from '@/components/first-run/PrivacyDestinations';
import { PrivacySummary } from '@/components/first-run/PrivacySummary';
import { useSettings } from '@/components/settings/use-settings';
import { privacyFacts } from '@/utils/first-run/privacy-facts';

/** Container: what leaves the browser and when (the shared facts), and where, with the current settings. */
export function PrivacySection() {
  const settings = useSettings();
  return (
    <>
      <PrivacySummary facts={privacyFacts} />
      {settings && (
        <PrivacyDestinations tokenHost={hostOf(settings.tokenEndpoint)} apiHost={hostOf(settings.apiBaseUrl)} catalogHost={hostOf(settings.catalogEndpoint)} />
      )}
    </>
  );
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return '';
  }
}
