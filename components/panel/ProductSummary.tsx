import { t } from '@/utils/i18n';
import type { Product } from '@/utils/product';

export interface ProductSummaryProps {
  product: Product;
  /** The SKU a try-on will use (the detected one, or the one the shopper typed). */
  skuId: string;
}

/** Which product the panel is about, as the store page named it. */
export function ProductSummary({ product, skuId }: ProductSummaryProps) {
  return (
    <div class="product">
      {product.image && <img class="product__image" src={product.image} alt="" />}
      <div class="product__text">
        <p class="product__name">{product.name ?? t('panel_product_unnamed')}</p>
        {product.variant && <p class="product__variant">{product.variant}</p>}
        {skuId && <p class="product__sku">{t('panel_product_sku', skuId)}</p>}
      </div>
    </div>
  );
}
