import type { FaultController } from '../faults';
import type { Flavour, LogDraft } from '../request-log';
import type { AuthSettings, Credential } from './auth';
import type { EmulatorState } from './state';

export interface EmulatorSettings extends AuthSettings {
  /** How long an operation takes from CREATED to its end state. */
  generationMs: number;
  /** How long a new SKU item stays `preparing` at least (its pictures may take longer to download). */
  skuPreparationMs: number;
  /** Lifetime of uploaded and generated images. */
  imageTtlSeconds: number;
  /** Uploads whose shorter side is below this are refused. */
  minImageSide: number;
  maxUploadBytes: number;
}

export interface EmulatorContext {
  settings: EmulatorSettings;
  state: EmulatorState;
  faults: FaultController;
  clock: () => number;
  /** The demo store's origin once it listens: seeded SKU items give their page as `store_url`. */
  storeOrigin: () => string | undefined;
}

/** One routed API call. */
export interface RouteCall {
  request: Request;
  /** `http://host:port` the client used; image URLs are built on it. */
  origin: string;
  flavour: Flavour;
  /** The `{image_id}` or `{operation_id}` path parameter. */
  id?: string;
  credential: Credential;
  draft: LogDraft;
}
