import { randomUUID } from 'node:crypto';
import type { CatalogItem } from '../catalog';
import type { AbortReason } from '../faults';
import type { Bytes, ImageInfo } from '../images/codecs';
import { SkuCatalog } from './sku-catalog';

/** The emulator's memory: uploaded photos, operations and generated images, each with its expiry; the SKU catalog. */

export interface UploadedImage {
  id: string;
  bytes: Bytes;
  info: ImageInfo;
  createdAt: number;
  expiresAt: number;
}

export type Outcome =
  | { status: 'SUCCESS' }
  | { status: 'FAILED'; error: string }
  | { status: 'ABORTED'; reason: AbortReason };

export interface Operation {
  id: string;
  uploadedImageId: string;
  items: CatalogItem[];
  skuIds: string[];
  createdAt: number;
  /** When the operation reaches its end state. */
  finishesAt: number;
  outcome: Outcome;
  generatedImageIds: string[];
}

export interface GeneratedImage {
  id: string;
  operationId: string;
  expiresAt: number;
  /** The composite JPEG, produced in the background while the operation "runs". */
  jpeg: Promise<Bytes>;
}

export const newUploadedImageId = () => `user_image-${randomUUID()}`;
export const newOperationId = () => `sku_try_on_op-${randomUUID()}`;
export const newGeneratedImageId = () => `generated_image-${randomUUID()}`;

export class EmulatorState {
  readonly uploaded = new Map<string, UploadedImage>();
  readonly operations = new Map<string, Operation>();
  readonly generated = new Map<string, GeneratedImage>();
  readonly skuItems: SkuCatalog;
  /** While true, every generation past its CREATED phase stays IN_PROGRESS (a test's hold, see control.ts). */
  generationsHeld = false;

  constructor(private readonly clock: () => number) {
    this.skuItems = new SkuCatalog(clock);
  }

  /** A live uploaded image; expired ones are forgotten on the way. */
  findUploaded(id: string): UploadedImage | undefined {
    const image = this.uploaded.get(id);
    if (image && image.expiresAt <= this.clock()) {
      this.uploaded.delete(id);
      return undefined;
    }
    return image;
  }

  findGenerated(id: string): GeneratedImage | undefined {
    const image = this.generated.get(id);
    if (image && image.expiresAt <= this.clock()) {
      this.generated.delete(id);
      return undefined;
    }
    return image;
  }

  /** Drops everything past its expiry, so a long `npm start` session does not keep every photo. */
  sweep(): void {
    const now = this.clock();
    for (const [id, image] of this.uploaded) if (image.expiresAt <= now) this.uploaded.delete(id);
    for (const [id, image] of this.generated) if (image.expiresAt <= now) this.generated.delete(id);
  }

  clear(): void {
    this.uploaded.clear();
    this.operations.clear();
    this.generated.clear();
    this.skuItems.reset();
    this.generationsHeld = false;
  }
}
