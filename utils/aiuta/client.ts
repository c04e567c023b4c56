import { z } from 'zod';
import { AppError } from '@/utils/errors';
import { serviceUrl, type HttpDeps } from '@/utils/http';
import { isLocalUrl } from '@/utils/local-address';
import type { TokenBroker, TokenParams } from '@/utils/auth/token-broker';
import { apiResponseError, operationGoneError, type ApiCallKind } from '@/utils/aiuta/errors';
import { targetOf, type ApiTarget } from '@/utils/aiuta/target';
import { maxItemsPerTryOn, type ApiFlavour } from '@/utils/aiuta/flavours';
import { defaultRetryLimits, sendHttp, type HttpReply, type RetryLimits, type RetryPolicy, type SendWatch } from '@/utils/aiuta/http';
import type { ModelCategory } from '@/utils/aiuta/models';
import {
  aiutaImageSchema,
  createOperationResponseSchema,
  operationSchema,
  skuImagesRequestSchema,
  skuImagesResponseSchema,
  skuTryOnRequestSchema,
  tryOnModelCategoriesSchema,
  uploadFieldName,
  type AbortReason,
  type OperationStatus,
} from '@/utils/aiuta/schemas';

/** Everything the engine needs from Aiuta, the same for both API flavours. */
export interface AiutaClient {
  /** Uploads the photo; says which target (API base and subscription) now holds it. */
  uploadImage(jpeg: Blob, signal?: AbortSignal): Promise<UploadedImage & { target: ApiTarget }>;
  /**
   * Starts a generation; says which target runs it (its images will be stored there). `onSend` is
   * waited for just before the request leaves, once its token is in hand and any wait is over, and
   * told when an answer proved it was not processed (see `SendWatch`).
   */
  createTryOn(request: CreateTryOn, options?: { signal?: AbortSignal; onSend?: SendWatch }): Promise<{ operationId: string; target: ApiTarget }>;
  /** An operation's state, asked of the target that runs it (the settings' target when not given). */
  getOperation(operationId: string, signal?: AbortSignal, target?: ApiTarget): Promise<OperationState>;
  listModels(etag?: string): Promise<ModelList>;
  /**
   * Deletes an image at the target that stored it, with a token for that target's subscription.
   * `gone` when that host answered 404 (already deleted or expired); any other failure throws.
   */
  deleteUploadedImage(imageId: string, target: ApiTarget): Promise<DeleteOutcome>;
  deleteGeneratedImage(imageId: string, target: ApiTarget): Promise<DeleteOutcome>;
}

export type DeleteOutcome = 'deleted' | 'gone';

export interface UploadedImage {
  id: string;
  url: string;
  expiresAt?: number;
  owner: 'user' | 'aiuta';
}

export interface CreateTryOn {
  uploadedImageId: string;
  skuIds: string[];
  skuCatalogName?: string;
}

export interface OperationState {
  status: OperationStatus;
  error?: string;
  abortReason?: AbortReason;
  images: UploadedImage[];
}

export type ModelList =
  | { notModified: true }
  | { notModified: false; etag?: string; categories: ModelCategory[] };

export interface ClientSettings {
  subscriptionId: string;
  apiBaseUrl: string;
  apiFlavour: ApiFlavour;
  tokenEndpoint: string;
  developerApiKey: string;
}

export interface AiutaClientDeps {
  getSettings: () => Promise<ClientSettings>;
  tokens: TokenBroker;
  http: HttpDeps;
  timeouts?: Partial<typeof defaultTimeouts>;
  retryLimits?: RetryLimits;
}

/** Per request kind; uploads carry up to a few hundred KB from a phone-grade connection. */
export const defaultTimeouts: Record<ApiCallKind, number> = {
  upload: 60_000,
  create: 30_000,
  status: 10_000,
  models: 15_000,
  delete: 15_000,
};

interface FlavourPaths {
  operations: string;
  catalogName: boolean;
  createBody: z.ZodType;
  createResponse: z.ZodType<{ operation_id: string }>;
}

const flavours: Record<ApiFlavour, FlavourPaths> = {
  'digital-try-on-v1': {
    operations: '/sku_images_operations',
    catalogName: true,
    createBody: skuImagesRequestSchema,
    createResponse: skuImagesResponseSchema,
  },
  'unified-v1': {
    operations: '/sku_try_on_operations',
    catalogName: false,
    createBody: skuTryOnRequestSchema,
    createResponse: createOperationResponseSchema,
  },
};

/** How a request proves who it is for (https://docs.aiuta.com/api/getting-started, "Authentication"). */
type Credentials = { bearer: TokenParams } | { userId: true };

interface ApiCall<S extends z.ZodType | undefined> {
  kind: ApiCallKind;
  method: 'GET' | 'POST' | 'DELETE';
  path: string;
  credentials: Credentials;
  retry: RetryPolicy;
  body?: () => BodyInit;
  headers?: Record<string, string>;
  schema: S;
  signal?: AbortSignal;
  /** Statuses that are answers, not errors (304 for models, 404 for deletes). */
  accept?: number[];
  /** Where to send it instead of the settings' API base and subscription (an image stored there). */
  target?: ApiTarget;
  onSend?: SendWatch;
}

export function createAiutaClient(deps: AiutaClientDeps): AiutaClient {
  const timeouts = { ...defaultTimeouts, ...deps.timeouts };
  const limits = deps.retryLimits ?? defaultRetryLimits;

  /** Developer mode (an API key for a local sandbox) may run without a token endpoint. */
  const usesToken = (settings: ClientSettings, credentials: Credentials): credentials is { bearer: TokenParams } =>
    'bearer' in credentials && (Boolean(settings.tokenEndpoint) || !settings.developerApiKey);

  async function headersFor(settings: ClientSettings, credentials: Credentials, refresh: boolean): Promise<Record<string, string>> {
    const headers: Record<string, string> = { accept: 'application/json' };
    // Developer mode against a sandbox on this computer only, whatever the stored settings say: a
    // static key sent elsewhere would be a secret handed to whoever runs that host.
    if (settings.developerApiKey) {
      if (!isLocalUrl(settings.apiBaseUrl)) {
        throw new AppError('api_key_not_local', 'The developer API key is only sent to a sandbox on this computer; the API base URL is elsewhere.');
      }
      headers['x-api-key'] = settings.developerApiKey;
    }
    if (usesToken(settings, credentials)) {
      const { token } = await deps.tokens.getToken(credentials.bearer, { refresh, subscriptionId: settings.subscriptionId });
      headers.authorization = `Bearer ${token}`;
    } else if ('userId' in credentials) {
      if (!settings.subscriptionId) throw new AppError('not_configured', "The subscription ID is not set. Enter it in the extension's settings.");
      headers['x-user-id'] = settings.subscriptionId;
    }
    return headers;
  }

  async function call<S extends z.ZodType | undefined>(
    spec: ApiCall<S>,
  ): Promise<{ reply: HttpReply; data: S extends z.ZodType ? z.output<S> : undefined; target: ApiTarget }> {
    // A recorded target replaces the settings' base and subscription, for the key's loopback rule too.
    const settings = spec.target ? { ...(await deps.getSettings()), ...targetOf(spec.target) } : await deps.getSettings();
    const base = serviceUrl(settings.apiBaseUrl, 'API base URL');
    const url = `${base.href.replace(/\/+$/, '')}${spec.path}`;
    const send = async (refresh: boolean) =>
      sendHttp(
        {
          method: spec.method,
          url,
          headers: { ...(await headersFor(settings, spec.credentials, refresh)), ...spec.headers },
          body: spec.body,
          timeoutMs: timeouts[spec.kind],
          retry: spec.retry,
          signal: spec.signal,
          onSend: spec.onSend,
        },
        deps.http,
        limits,
      );
    let reply = await send(false);
    // A 401 means the request was rejected before any work began, so one retry with a fresh token is safe.
    if (reply.status === 401 && usesToken(settings, spec.credentials)) {
      await spec.onSend?.(false);
      reply = await send(true);
    }
    const accepted = spec.accept?.includes(reply.status) ?? false;
    if (!accepted && (reply.status < 200 || reply.status > 299)) {
      throw apiResponseError(reply.status, reply.body, spec.kind, reply.retryAfterMs);
    }
    const target = targetOf(settings);
    if (!spec.schema || accepted) return { reply, data: undefined as never, target };
    if (reply.jsonError || reply.body === undefined) {
      throw new AppError('api_bad_response', 'The try-on service sent an answer that is not JSON. Check the API base URL in the settings.');
    }
    const parsed = spec.schema.safeParse(reply.body);
    if (!parsed.success) {
      throw new AppError('api_bad_response', `The try-on service sent an answer this extension does not understand (${z.prettifyError(parsed.error).slice(0, 200)}).`);
    }
    return { reply, data: parsed.data as never, target };
  }

  async function uploadImage(jpeg: Blob, signal?: AbortSignal): Promise<UploadedImage & { target: ApiTarget }> {
    const { data, target } = await call({
      kind: 'upload',
      method: 'POST',
      path: '/uploaded_images',
      credentials: { bearer: { operation: 'upload_image' } },
      retry: 'not-processed-only',
      body: () => {
        const form = new FormData();
        form.append(uploadFieldName, jpeg, 'photo.jpg');
        return form;
      },
      schema: aiutaImageSchema,
      signal,
    });
    return { ...toImage(data), target };
  }

  async function createTryOn(
    request: CreateTryOn,
    { signal, onSend }: { signal?: AbortSignal; onSend?: SendWatch } = {},
  ): Promise<{ operationId: string; target: ApiTarget }> {
    const settings = await deps.getSettings();
    const flavour = flavours[settings.apiFlavour];
    const maxItems = maxItemsPerTryOn[settings.apiFlavour];
    if (request.skuIds.length > maxItems) {
      throw new AppError('too_many_items', `This try-on service can dress at most ${maxItems} items at once.`);
    }
    const skus = request.skuIds.length === 1 ? { sku_id: request.skuIds[0]! } : { sku_ids: request.skuIds };
    const catalog = flavour.catalogName && request.skuCatalogName ? { sku_catalog_name: request.skuCatalogName } : {};
    const body = flavour.createBody.parse({ uploaded_image_id: request.uploadedImageId, ...skus, ...catalog });
    const { data, target } = await call({
      kind: 'create',
      method: 'POST',
      path: flavour.operations,
      // The token carries exactly what the body asks for, so the backend can check cost and ownership.
      credentials: { bearer: { operation: 'create_try_on', uploaded_image_id: request.uploadedImageId, ...skus, ...catalog } },
      retry: 'not-processed-only',
      headers: { 'content-type': 'application/json' },
      body: () => JSON.stringify(body),
      schema: flavour.createResponse,
      signal,
      onSend,
    });
    return { operationId: data.operation_id, target: { ...target, apiFlavour: settings.apiFlavour } };
  }

  async function getOperation(operationId: string, signal?: AbortSignal, target?: ApiTarget): Promise<OperationState> {
    const apiFlavour = target?.apiFlavour ?? (await deps.getSettings()).apiFlavour;
    const { data } = await call({
      kind: 'status',
      method: 'GET',
      path: `${flavours[apiFlavour].operations}/${encodeURIComponent(operationId)}`,
      credentials: { userId: true },
      retry: 'idempotent',
      // Unified v1 documents `null` for an operation it does not know.
      schema: operationSchema.nullable(),
      signal,
      target,
    });
    if (!data) throw operationGoneError();
    return {
      status: data.status,
      error: data.error ?? undefined,
      abortReason: data.abort_reason ?? undefined,
      images: (data.generated_images ?? []).flatMap((image) => (image ? [toImage(image)] : [])),
    };
  }

  async function listModels(etag?: string): Promise<ModelList> {
    const { reply, data } = await call({
      kind: 'models',
      method: 'GET',
      path: '/predefined_try_on_models',
      credentials: { userId: true },
      retry: 'idempotent',
      headers: etag ? { 'if-none-match': etag } : {},
      schema: tryOnModelCategoriesSchema,
      accept: [304],
    });
    if (reply.status === 304) return { notModified: true };
    return {
      notModified: false,
      etag: reply.headers.get('etag') ?? undefined,
      categories: data!.map(({ category, models }) => ({ category, models: models.map(({ id, url }) => ({ id, url })) })),
    };
  }

  async function deleteImage(kind: 'uploaded_images' | 'generated_images', imageId: string, target: ApiTarget): Promise<DeleteOutcome> {
    const { reply } = await call({
      kind: 'delete',
      method: 'DELETE',
      path: `/${kind}/${encodeURIComponent(imageId)}`,
      credentials: { bearer: { operation: 'delete_image', image_id: imageId } },
      retry: 'idempotent',
      schema: undefined,
      accept: [404],
      target,
    });
    if (reply.status !== 404) return 'deleted';
    // The host that stored the image said so (redirects are refused, so no other host answered).
    return 'gone';
  }

  return {
    uploadImage,
    createTryOn,
    getOperation,
    listModels,
    deleteUploadedImage: (id, target) => deleteImage('uploaded_images', id, target),
    deleteGeneratedImage: (id, target) => deleteImage('generated_images', id, target),
  };
}

function toImage(image: { id: string; url: string; owner_type: 'user' | 'aiuta'; expires_at?: string | null }): UploadedImage {
  const expiresAt = image.expires_at ? Date.parse(image.expires_at) : Number.NaN;
  return { id: image.id, url: image.url, owner: image.owner_type, ...(Number.isNaN(expiresAt) ? {} : { expiresAt }) };
}
