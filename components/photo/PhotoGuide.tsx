import { useId, useState } from 'preact/hooks';
import { guideTips, type GuideTip } from '@/components/photo/photo-guide';
import './photo-guide.css';
import { t } from '@/utils/i18n';

/** The tips as a list, the one text both the guide and the failure advice show. */
export function GuideTips({ tips = guideTips, id }: { tips?: readonly GuideTip[]; id?: string }) {
  return (
    <ul class="photo-guide__tips" id={id}>
      {tips.map((tip) => (
        <li key={tip} data-tip={tip}>
          {t(`guide_${tip}`)}
        </li>
      ))}
    </ul>
  );
}

/**
 * A drawing of a good photo: one person, head to feet, in front of a plain wall, lit from the front.
 * Decorative: the tips beside it say the same in words.
 */
function GoodPhotoDrawing() {
  return (
    <svg class="photo-guide__drawing" viewBox="0 0 96 128" width="72" height="96" aria-hidden="true" focusable="false">
      <rect x="2" y="2" width="92" height="124" rx="8" fill="var(--guide-wall, #e8ecf2)" stroke="currentColor" stroke-opacity="0.35" stroke-width="2" />
      <rect x="2" y="104" width="92" height="22" rx="0" fill="var(--guide-floor, #d4d9e1)" />
      <circle cx="78" cy="18" r="7" fill="#f5b301" />
      <g stroke="#f5b301" stroke-width="2" stroke-linecap="round">
        <path d="M78 5v-2M78 33v-2M65 18h-2M93 18h-2M69 9l-1.5-1.5M88.5 28.5 87 27M69 27l-1.5 1.5M88.5 7.5 87 9" />
      </g>
      <g fill="none" stroke="currentColor" stroke-width="4" stroke-linecap="round" stroke-linejoin="round">
        <circle cx="48" cy="26" r="8" fill="#f0c9a8" stroke-width="2.5" />
        <path d="M48 35v34M48 42l-14 20M48 42l14 20M48 69l-10 42M48 69l10 42" />
      </g>
      <path d="M10 118l4 4 8-9" fill="none" stroke="#2e7d32" stroke-width="3" stroke-linecap="round" stroke-linejoin="round" />
    </svg>
  );
}

export interface PhotoGuideProps {
  /** Open until the shopper closes it: they have no saved photo yet. */
  firstTime: boolean;
}

/** A guide to a good photo: open for a first photo, behind a "Photo tips" toggle after that. */
export function PhotoGuide({ firstTime }: PhotoGuideProps) {
  const id = useId();
  const [toggled, setToggled] = useState<boolean | null>(null);
  const open = toggled ?? firstTime;
  return (
    <div class="photo-guide" data-open={open ? 'yes' : 'no'}>
      <button type="button" class="link-button photo-guide__toggle" aria-expanded={open} aria-controls={`${id}-guide`} onClick={() => setToggled(!open)}>
        {t('guide_toggle')}
      </button>
      {open && (
        <div id={`${id}-guide`} class="photo-guide__body">
          <GoodPhotoDrawing />
          <div>
            <p class="photo-guide__title">{t('guide_title')}</p>
            <GuideTips />
          </div>
        </div>
      )}
    </div>
  );
}
