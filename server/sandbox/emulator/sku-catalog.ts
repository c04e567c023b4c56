import { randomUUID } from 'node:crypto';
import { catalogSeed, type CatalogItem } from '../catalog';
import type { SkuReadinessOutcome } from '../faults';
import type { Bytes } from '../images/codecs';
import { findAsset } from '../store/assets';
import { productImagePath } from '../store/layout';
import { outcomeFromTestSku, testSkuItem } from './outcome';
import type { CreateSkuItemRequest } from './sku-item-request';

/**
 * The emulator's SKU catalog (unified v1 `/sku_items`): seeded with the demo store's registered
 * products, ready for try-on; items created through the API prepare for `skuPreparationMs`, download
 * their pictures meanwhile, and then end `ready`, `rejected` or `failed`.
 */

export type PreparationStatus = 'preparing' | 'ready' | 'rejected' | 'failed';

export interface ProductPicture {
  contentType: string;
  bytes(): Bytes;
}

/** Why preparation cannot end `ready` (a picture that could not be fetched, or is not a picture). */
export interface PreparationProblem {
  status: 'rejected' | 'failed';
  message: string;
}

export type Pictures =
  | { state: 'downloading' }
  | { state: 'done'; at: number; pictures: ProductPicture[]; problem: PreparationProblem | null };

export interface SkuItemRecord {
  skuId: string;
  internalId: string;
  createdAt: number;
  /** What the item was created with, defaults filled in. */
  request: CreateSkuItemRequest;
  /** What a try-on composite draws for this item. */
  product: CatalogItem;
  /** Seeded items have a page in the demo store; its URL is their `store_url`. */
  storePath?: string;
  /** Preparation lasts at least until then. */
  readyAt: number;
  /** The `skuReadiness` fault in force when the item was created. */
  forced: SkuReadinessOutcome;
  pictures: Pictures;
}

export interface Preparation {
  status: PreparationStatus;
  updatedAt: number;
  errorMessage: string | null;
}

const FORCED_MESSAGES: Record<Exclude<SkuReadinessOutcome, 'ready'>, string> = {
  rejected: 'The product did not pass the quality checks (rejected by the sandbox on purpose).',
  failed: 'Preparation failed (forced by the sandbox).',
};

/** Where an item's preparation stands at `now`. */
export function preparationOf(record: SkuItemRecord, now: number): Preparation {
  const { pictures } = record;
  if (now < record.readyAt || pictures.state === 'downloading') {
    return { status: 'preparing', updatedAt: record.createdAt, errorMessage: null };
  }
  const updatedAt = Math.max(record.readyAt, pictures.at);
  if (record.forced !== 'ready') return { status: record.forced, updatedAt, errorMessage: FORCED_MESSAGES[record.forced] };
  if (pictures.problem) return { status: pictures.problem.status, updatedAt, errorMessage: pictures.problem.message };
  return { status: 'ready', updatedAt, errorMessage: null };
}

/** The item's try-on readiness: `absent` unless try-on was asked for. */
export function tryOnStatus(record: SkuItemRecord, now: number): PreparationStatus | 'absent' {
  return record.request.capabilities.try_on ? preparationOf(record, now).status : 'absent';
}

export const newSkuItemInternalId = () => `sku_item-${randomUUID()}`;

export class SkuCatalog {
  private readonly items = new Map<string, SkuItemRecord>();
  /** Test SKUs (SANDBOX-FAIL, SANDBOX-ABORT-<reason>) are items too, made when first asked for and not listed. */
  private readonly testItems = new Map<string, SkuItemRecord>();

  constructor(private readonly clock: () => number) {
    this.seed();
  }

  get(skuId: string): SkuItemRecord | undefined {
    const item = this.items.get(skuId) ?? this.testItems.get(skuId);
    if (item || !outcomeFromTestSku(skuId)) return item;
    const record = seededRecord(skuId, testSkuItem(skuId), this.clock());
    this.testItems.set(skuId, record);
    return record;
  }

  findByInternalId(internalId: string): SkuItemRecord | undefined {
    for (const record of [...this.items.values(), ...this.testItems.values()]) if (record.internalId === internalId) return record;
    return undefined;
  }

  /** Oldest first, as a listing pages through them. */
  list(): SkuItemRecord[] {
    return [...this.items.values()];
  }

  add(record: SkuItemRecord): void {
    this.items.set(record.skuId, record);
  }

  /** Back to the seeded catalog: items created since are forgotten. */
  reset(): void {
    this.items.clear();
    this.testItems.clear();
    this.seed();
  }

  private seed(): void {
    const now = this.clock();
    for (const { skuId, product } of catalogSeed()) this.add(seededRecord(skuId, product, now));
  }
}

/** An item registered before the sandbox started: ready for try-on, with the store's picture. */
function seededRecord(skuId: string, product: CatalogItem, now: number): SkuItemRecord {
  return {
    skuId,
    internalId: newSkuItemInternalId(),
    createdAt: now,
    request: {
      sku_id: skuId,
      product_info: {
        title: product.variant ? `${product.name} (${product.variant})` : product.name,
        description: product.description,
        brand: product.brand,
        color: product.colorName,
      },
      capabilities: {
        try_on: true,
        outfit_recommendations: false,
        size_and_fit: false,
        off_figure_product_images: [],
        on_figure_product_images: [],
      },
      merchandising: { availability: 'in_stock' },
      metadata: {},
    },
    product,
    storePath: product.page,
    readyAt: now,
    forced: 'ready',
    pictures: { state: 'done', at: now, pictures: [storePicture(product)], problem: null },
  };
}

/** The store's own picture of a seeded product, drawn when first asked for. */
function storePicture(product: CatalogItem): ProductPicture {
  return { contentType: 'image/png', bytes: () => findAsset(productImagePath(product.sku))!.bytes };
}
