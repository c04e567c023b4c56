import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { t } from '@/utils/i18n';

export interface OptionalStepProps {
  /** Said once the step was skipped, with how to come back to it. */
  skippedText: string;
  children: ComponentChildren;
}

/** A step the shopper may skip (and open again); focus stays on the step's own controls. */
export function OptionalStep({ skippedText, children }: OptionalStepProps) {
  const [skipped, setSkipped] = useState(false);
  const moved = useRef(false);
  const said = useRef<HTMLParagraphElement>(null);
  const skip = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (!moved.current) return;
    (skipped ? said.current : skip.current)?.focus();
  }, [skipped]);
  const toggle = (next: boolean) => {
    moved.current = true;
    setSkipped(next);
  };
  if (skipped) {
    return (
      <div class="optional-step optional-step--skipped">
        <p ref={said} tabIndex={-1}>
          {skippedText}
        </p>
        <button type="button" class="link" onClick={() => toggle(false)}>
          {t('welcome_step_undo_skip')}
        </button>
      </div>
    );
  }
  return (
    <div class="optional-step">
      {children}
      <button type="button" ref={skip} onClick={() => toggle(true)}>
        {t('welcome_step_skip')}
      </button>
    </div>
  );
}
