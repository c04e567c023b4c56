import { t, tOr } from '@/utils/i18n';
import type { Product } from '@/utils/product';
import { skuSource } from '@/components/site/current-tab';

/** "json-ld" -> "structured data (JSON-LD)"; unknown sources are shown as they are. */
export const sourceLabel = (source: string) => tOr(`site_source_${source.replace(/[^a-z0-9]/gi, '_')}`, source);

/** What detection found on the page: product name, the SKU sent to the try-on service and its origin. */
export function DetectionSummary({ product }: { product: Product }) {
  const source = skuSource(product);
  const others = product.ids.filter((id) => id.value !== product.sku);
  return (
    <div class="detection" data-testid="detection">
      <dl class="facts">
        <dt>{t('site_product')}</dt>
        <dd data-testid="detected-name">{product.name || t('site_no_name')}</dd>
        <dt>{t('site_sku')}</dt>
        <dd class="mono" data-testid="detected-sku">
          {product.sku || t('site_no_sku')}
        </dd>
        {source && (
          <>
            <dt>{t('site_found_in')}</dt>
            <dd data-testid="detected-source">{sourceLabel(source)}</dd>
          </>
        )}
        {product.skuCatalogName && (
          <>
            <dt>{t('site_catalog_name')}</dt>
            <dd class="mono">{product.skuCatalogName}</dd>
          </>
        )}
      </dl>
      {others.length > 0 && (
        <details class="other-ids">
          <summary>{t('site_other_ids', String(others.length))}</summary>
          <ul>
            {others.map((id) => (
              <li key={`${id.kind}:${id.value}:${id.source}`}>
                <span class="mono">{id.value}</span> — {id.kind}, {sourceLabel(id.source)}
              </li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}
