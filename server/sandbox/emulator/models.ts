import { createHash } from 'node:crypto';
import type { Flavour } from '../request-log';
import { CORS_HEADERS, jsonResponse } from './api-errors';

/**
 * `GET /predefined_try_on_models` (and the `/try_on_models` alias Aiuta's SDK calls): models by
 * category, with an ETag so clients can revalidate with If-None-Match and get 304.
 * digital-try-on's `TryOnModel` requires `metadata`; unified's requires `tags`.
 */

const MODELS_BY_CATEGORY = [
  { category: 'woman', ids: ['model_woman_00', 'model_woman_01'] },
  { category: 'man', ids: ['model_man_00', 'model_man_01'] },
] as const;

export function modelImageUrl(origin: string, id: string): string {
  return `${origin}/sandbox-images/models/${id}.jpg`;
}

export function modelsBody(flavour: Flavour, origin: string): unknown {
  return MODELS_BY_CATEGORY.map(({ category, ids }) => ({
    category,
    models: ids.map((id) => ({
      id,
      owner_type: 'aiuta',
      url: modelImageUrl(origin, id),
      expires_at: null,
      ...(flavour === 'digital-try-on' ? { metadata: { pose: 'front', source: 'sandbox' } } : { tags: { pose: 'front' } }),
    })),
  }));
}

export function modelsResponse(request: Request, flavour: Flavour, origin: string): Response {
  const text = JSON.stringify(modelsBody(flavour, origin));
  const etag = `"${createHash('sha256').update(text).digest('hex').slice(0, 32)}"`;
  if (matchesETag(request.headers.get('if-none-match'), etag)) {
    return new Response(null, { status: 304, headers: { ETag: etag, ...CORS_HEADERS } });
  }
  return jsonResponse(JSON.parse(text), 200, { ETag: etag, 'Cache-Control': 'no-cache' });
}

/** If-None-Match: a list of (possibly weak) entity tags, or `*`. */
function matchesETag(header: string | null, etag: string): boolean {
  if (!header) return false;
  return header
    .split(',')
    .map((tag) => tag.trim().replace(/^W\//, ''))
    .some((tag) => tag === '*' || tag === etag);
}
