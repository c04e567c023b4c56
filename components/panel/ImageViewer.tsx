import { useEffect, useRef, useState } from 'preact/hooks';
import { t } from '@/utils/i18n';
import { focusables } from './use-focus-trap';

export interface ImageViewerProps {
  src: string;
  alt: string;
  onClose(): void;
}

/**
 * The result at full size in a modal dialog over the panel: zoom to the picture's own size (and
 * scroll around it), Esc or the close button closes it. The opener gets focus back (the caller's
 * job, see useImageViewer). Keys pressed here stay here: Esc must not close the panel as well.
 */
export function ImageViewer({ src, alt, onClose }: ImageViewerProps) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [zoomed, setZoomed] = useState(false);

  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (!element.open) element.showModal?.();
    element.querySelector<HTMLElement>('.viewer__close')?.focus();
  }, []);

  const onKeyDown = (event: KeyboardEvent) => {
    event.stopPropagation();
    if (event.key === 'Escape') {
      event.preventDefault();
      onClose();
    } else if (event.key === 'Tab') {
      // Tab wraps inside the viewer.
      const items = focusables(event.currentTarget as HTMLElement);
      const first = items[0];
      const last = items[items.length - 1];
      const active = document.activeElement;
      if (event.shiftKey && active === first) {
        event.preventDefault();
        last?.focus();
      } else if (!event.shiftKey && active === last) {
        event.preventDefault();
        first?.focus();
      }
    }
  };

  return (
    <dialog
      ref={dialog}
      class="viewer"
      aria-label={t('panel_viewer_title')}
      onKeyDown={onKeyDown}
      onKeyUp={(event) => event.stopPropagation()}
      onCancel={(event) => event.preventDefault()}
    >
      <div class="viewer__bar">
        <button type="button" aria-pressed={zoomed} onClick={() => setZoomed(!zoomed)}>
          {t(zoomed ? 'panel_zoom_out' : 'panel_zoom_in')}
        </button>
        <button type="button" class="viewer__close" onClick={onClose}>
          {t('panel_viewer_close')}
        </button>
      </div>
      <div class={`viewer__canvas${zoomed ? ' viewer__canvas--zoomed' : ''}`}>
        <img class="viewer__image" src={src} alt={alt} onClick={() => setZoomed(!zoomed)} />
      </div>
    </dialog>
  );
}

/** Opens the viewer and, when it closes, gives focus back to whatever opened it. */
export function useImageViewer() {
  const [open, setOpen] = useState(false);
  const opener = useRef<HTMLElement | null>(null);
  return {
    open,
    show() {
      opener.current = document.activeElement as HTMLElement | null;
      setOpen(true);
    },
    close() {
      setOpen(false);
      // After the dialog has left the DOM, or the browser would move focus again.
      setTimeout(() => opener.current?.focus(), 0);
    },
  };
}
