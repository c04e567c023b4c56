import type { AiutaClient } from '@/utils/aiuta/client';
import type { RemoteDeletes } from '@/utils/aiuta/remote-deletes';
import type { TokenBroker } from '@/utils/auth/token-broker';
import type { CatalogResolver } from '@/utils/catalog/resolver';
import type { ActionState } from '@/utils/background/action-state';
import type { Confirmations } from '@/utils/background/confirmations';
import type { PanelSessions } from '@/utils/background/panel-sessions';
import type { History } from '@/utils/history/history';
import type { JobEngine } from '@/utils/jobs/engine';
import type { JobStore } from '@/utils/jobs/job-store';
import type { OutfitStore } from '@/utils/outfit/store';
import type { PhotoStore } from '@/utils/photos/store';
import type { SerialQueue } from '@/utils/serial-queue';
import type { SettingsStore } from '@/utils/settings/store';

/** The background's services, each owning its part of storage, all writing through one queue. */
export interface Services {
  write: SerialQueue;
  now: () => number;
  tokens: TokenBroker;
  client: AiutaClient;
  remoteDeletes: RemoteDeletes;
  photos: PhotoStore;
  history: History;
  panels: PanelSessions;
  confirmations: Confirmations;
  store: JobStore;
  jobs: JobEngine;
  settings: SettingsStore;
  outfit: OutfitStore;
  catalog: CatalogResolver;
  /** The toolbar icon's badge and tooltip. */
  action: ActionState;
}
