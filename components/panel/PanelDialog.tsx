import type { ComponentChildren } from 'preact';
import { useRef } from 'preact/hooks';
import { t } from '@/utils/i18n';
import { useFocusTrap } from './use-focus-trap';

export interface PanelDialogProps {
  title: string;
  onClose(): void;
  children: ComponentChildren;
  /** Kept in view under the scrolling body: the view's main action, which content loading above must not push away. */
  footer?: ComponentChildren;
}

/** The modal frame of the panel: a backdrop over the store page and a labelled dialog that holds focus. */
export function PanelDialog({ title, onClose, children, footer }: PanelDialogProps) {
  const dialog = useRef<HTMLDivElement>(null);
  useFocusTrap(dialog);
  return (
    <div class="backdrop" onClick={(event) => event.target === event.currentTarget && onClose()}>
      <div ref={dialog} class="panel" role="dialog" aria-modal="true" aria-labelledby="panel-title" tabIndex={-1}>
        <header class="panel__header">
          <h1 id="panel-title" class="panel__title" data-gate-watch>
            {title}
          </h1>
          <button type="button" class="panel__close icon-button" aria-label={t('panel_close')} title={t('panel_close')} onClick={onClose}>
            <span aria-hidden="true">×</span>
          </button>
        </header>
        <div class="panel__body">{children}</div>
        {footer && <div class="panel__footer">{footer}</div>}
      </div>
    </div>
  );
}
