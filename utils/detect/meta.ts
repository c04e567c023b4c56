import type { PageContext } from './page';
import { absoluteUrl, cleanText, normalizeForKind } from './text';
import { emptyFinding, MAX_IMAGES, type Finding } from './types';

const SOURCE = 'meta';
const MAX_METAS = 400;

// Open Graph product tags, Facebook catalog tags and the `<meta name="sku">` stores add for crawlers.
const ID_META: Record<string, string> = {
  'product:retailer_item_id': 'sku',
  'og:retailer_item_id': 'sku',
  'product:sku': 'sku',
  'og:sku': 'sku',
  sku: 'sku',
  'product:retailer_part_no': 'sku',
  'product:mfr_part_no': 'mpn',
  mpn: 'mpn',
  'product:upc': 'gtin',
  'product:ean': 'gtin',
  'product:gtin': 'gtin',
  'product:isbn': 'gtin',
  gtin: 'gtin',
  gtin13: 'gtin',
  ean: 'gtin',
  'product:item_group_id': 'productGroupID',
  'product:id': 'productID',
  'product-id': 'productID',
  product_id: 'productID',
  productid: 'productID',
};

const META_SELECTOR = [
  'meta[property^="og:" i]',
  'meta[property^="product:" i]',
  'meta[name^="og:" i]',
  'meta[name^="product:" i]',
  'meta[itemprop]',
  ...Object.keys(ID_META).filter((key) => !key.includes(':')).map((key) => `meta[name="${key}" i]`),
].join(',');

/** Reads `<meta>` tags in the head: og:type and product:* tags, and the title/image/brand they give. */
export function readMeta(page: PageContext): Finding {
  const finding = emptyFinding(SOURCE);
  const head = page.doc.head;
  if (!head) return finding;
  // Only the tags read below, found natively: pages carry dozens of other meta tags.
  const metas = head.querySelectorAll(META_SELECTOR);
  for (let i = 0; i < metas.length && i < MAX_METAS; i++) {
    const meta = metas[i];
    if (!meta) continue;
    const key = (meta.getAttribute('property') ?? meta.getAttribute('name') ?? meta.getAttribute('itemprop') ?? '').trim().toLowerCase();
    if (!key) continue;
    const content = meta.getAttribute('content') ?? '';
    const kind = ID_META[key];
    if (kind) {
      const value = normalizeForKind(kind, content);
      if (value) finding.ids.push({ kind, value, source: SOURCE });
      continue;
    }
    switch (key) {
      case 'og:type': {
        const type = content.trim().toLowerCase();
        // `product.group` is also what stores put on a category of products: a hint only.
        if (/^(?:og:)?product(?:\.item|\.group)?$|^product\b/.test(type)) {
          finding.signals.push({ verdict: 'product', strength: type.endsWith('.group') ? 1 : 2, reason: `og:type ${type}` });
        } else if (type === 'article' || type === 'blog' || type.startsWith('article')) {
          finding.signals.push({ verdict: 'article', strength: 2, reason: `og:type ${type}` });
        }
        break;
      }
      case 'og:title':
        finding.facts.name ??= cleanText(content) || undefined;
        break;
      case 'og:image':
      case 'og:image:secure_url':
      case 'og:image:url': {
        const image = absoluteUrl(content, page.href);
        finding.facts.image ??= image;
        if (image && !finding.images.includes(image) && finding.images.length < MAX_IMAGES) finding.images.push(image);
        break;
      }
      case 'product:brand':
      case 'og:brand':
        finding.facts.brand ??= cleanText(content, 120) || undefined;
        break;
    }
  }
  return finding;
}
