import type { ErrorAction } from '@/components/error-action';
import { ErrorNotice } from '@/components/ErrorNotice';
import type { CatalogCheck } from '@/components/panel/panel-flow';
import { t } from '@/utils/i18n';

export interface CatalogNoticeProps {
  catalog: CatalogCheck;
  now: number;
  /** The fix a failed check offers (retry, or the settings). */
  onAction(action: ErrorAction): void;
}

/** What the catalog check says about the item: checking, available, being prepared, or why it failed. */
export function CatalogNotice({ catalog, now, onAction }: CatalogNoticeProps) {
  switch (catalog.status) {
    case 'unchecked':
      return null;
    case 'checking':
      return (
        <p class="catalog catalog--checking" role="status">
          {t('panel_catalog_checking')}
        </p>
      );
    case 'ready':
      return (
        <p class="catalog catalog--ready" role="status">
          {t('panel_catalog_ready')}
        </p>
      );
    case 'preparing':
      return (
        <div class="catalog catalog--preparing" role="status">
          <p>{t('panel_catalog_preparing')}</p>
          <progress aria-label={t('panel_catalog_preparing')} />
          <p class="hint">{t('panel_catalog_preparing_progress', [String(Math.max(0, Math.round((now - catalog.since) / 1000))), String(catalog.checks)])}</p>
        </div>
      );
    case 'failed':
      return (
        <div class="catalog catalog--failed">
          <ErrorNotice error={catalog.error} onAction={onAction} />
        </div>
      );
  }
}
