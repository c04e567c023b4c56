import { t, tOr } from '@/utils/i18n';
import type { Product } from '@/utils/product';
import { skuSource } from '@/components/site/current-tab';

/** "json-ld" -> "structured data (JSON-LD)", "data-layer:ga" -> "the shop's analytics data"; unknown sources as they are. */
export const sourceLabel = (source: string) => tOr(`site_source_${(source.split(':')[0] ?? source).replace(/[^a-z0-9]/gi, '_')}`, source);

/** "gtin" -> "barcode (EAN/UPC)"; a site rule's own kind is shown as it is. */
export const kindLabel = (kind: string) => tOr(`site_kind_${kind.toLowerCase().replace(/[^a-z0-9]/g, '_')}`, kind);

/**
 * What detection found on the page: product name, the SKU sent to the try-on service and its
 * origin, then every code found, best first, each with its kind and where it was found.
 */
export function DetectionSummary({ product }: { product: Product }) {
  const source = skuSource(product);
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
      {product.ids.length > 0 && (
        <details class="candidates" data-testid="candidates">
          <summary>{t('site_candidates', String(product.ids.length))}</summary>
          <ol>
            {product.ids.map((id) => {
              const used = id.value === product.sku;
              return (
                <li key={`${id.kind}:${id.value}:${id.source}`} aria-current={used ? 'true' : undefined}>
                  <span class="mono">{id.value}</span>
                  <span class="candidate__where">
                    {', '}
                    {kindLabel(id.kind)}
                    {', '}
                    {sourceLabel(id.source)}
                  </span>
                  {used && <strong class="candidate__used"> ({t('site_candidate_used')})</strong>}
                </li>
              );
            })}
          </ol>
        </details>
      )}
    </div>
  );
}
