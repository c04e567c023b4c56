import { useId } from 'preact/hooks';
import { t } from '@/utils/i18n';

export interface ConsentNoticeProps {
  consent: { acceptedAt: number } | null;
  /** Host of the try-on service the photo goes to, from the settings. */
  apiHost: string;
  onChange(accepted: boolean): void;
}

/**
 * Says what is uploaded, where and for how long before the shopper's own photo leaves the browser;
 * the checkbox is the consent, and unticking it withdraws it.
 */
export function ConsentNotice({ consent, apiHost, onChange }: ConsentNoticeProps) {
  const id = useId();
  return (
    <div class="consent" data-consented={consent ? 'yes' : 'no'}>
      {!consent && (
        <div id={`${id}-text`} class="consent__text">
          <p>{t('photo_consent_what')}</p>
          <p>{apiHost ? t('photo_consent_where', apiHost) : t('photo_consent_where_unset')}</p>
          <p>{t('photo_consent_how_long')}</p>
        </div>
      )}
      <label class="consent__check" data-gated="consent">
        <input
          type="checkbox"
          checked={Boolean(consent)}
          aria-describedby={consent ? undefined : `${id}-text`}
          onChange={(event) => onChange(event.currentTarget.checked)}
        />
        <span>{t('photo_consent_label')}</span>
      </label>
    </div>
  );
}
