import { errors as joseErrors, jwtVerify, type JWTPayload } from 'jose';
import type { RouteName } from '../faults';
import type { AuthKind } from '../request-log';
import { apiError } from './api-errors';
import type { CreateRequest } from './create-request';

/**
 * Credentials as Aiuta's gateway checks them: a Bearer JWT from the integrator's backend (HS256, the
 * subscription's secret and issuer, not expired), a static `x-api-key`, or the public subscription ID
 * in `x-user-id`, which is enough only for trivial calls. A token is good for the one request it was
 * issued for: its operation and parameters must match.
 */

export interface AuthSettings {
  secret: string;
  issuer: string;
  subscriptionId: string;
  apiKey: string;
}

export type Credential =
  | { kind: 'bearer'; claims: JWTPayload & Record<string, unknown> }
  | { kind: 'api-key' }
  | { kind: 'user-id' };

export type Identified = { ok: true; credential: Credential } | { ok: false; response: Response; auth: AuthKind };

export async function identify(request: Request, settings: AuthSettings, now: number): Promise<Identified> {
  const authorization = request.headers.get('authorization');
  if (authorization !== null) return verifyBearer(authorization, settings, now);
  const apiKey = request.headers.get('x-api-key');
  if (apiKey !== null) {
    if (apiKey === settings.apiKey) return { ok: true, credential: { kind: 'api-key' } };
    return refuse(401, 'invalid_api_key', 'The API key is not valid.', 'api-key');
  }
  const userId = request.headers.get('x-user-id');
  if (userId !== null) {
    if (userId === settings.subscriptionId) return { ok: true, credential: { kind: 'user-id' } };
    return refuse(401, 'unknown_subscription', 'The subscription ID in x-user-id is not known.', 'user-id');
  }
  return refuse(401, 'unauthorized', 'Missing credentials: send a Bearer token, an x-api-key or an x-user-id header.', 'none');
}

async function verifyBearer(authorization: string, settings: AuthSettings, now: number): Promise<Identified> {
  const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
  if (!match) return refuse(401, 'invalid_token', 'The Authorization header must be "Bearer <token>".', 'bearer');
  try {
    const { payload } = await jwtVerify(match[1]!, new TextEncoder().encode(settings.secret), {
      algorithms: ['HS256'],
      issuer: settings.issuer,
      requiredClaims: ['exp', 'iat'],
      currentDate: new Date(now),
    });
    if (payload.subscription_id !== undefined && payload.subscription_id !== settings.subscriptionId) {
      return refuse(403, 'forbidden', 'The token was issued for another subscription.', 'bearer');
    }
    return { ok: true, credential: { kind: 'bearer', claims: payload as JWTPayload & Record<string, unknown> } };
  } catch (error) {
    if (error instanceof joseErrors.JWTExpired) {
      return refuse(401, 'token_expired', 'The token has expired; get a new one from the token endpoint.', 'bearer');
    }
    if (error instanceof joseErrors.JWTClaimValidationFailed && error.claim === 'iss') {
      return refuse(401, 'invalid_token', 'The token was issued by an unknown issuer.', 'bearer');
    }
    return refuse(401, 'invalid_token', 'The token is not valid.', 'bearer');
  }
}

function refuse(status: number, code: string, message: string, auth: AuthKind): Identified {
  return { ok: false, response: apiError(status, code, message), auth };
}

/** Routes where the public subscription ID is enough, and any valid token too. */
const TRIVIAL_ROUTES: readonly RouteName[] = ['get_uploaded', 'status', 'models'];

/** The SKU catalog is for the integrator's servers: only the API key opens it. */
const API_KEY_ROUTES: readonly RouteName[] = ['list_sku_items', 'create_sku_item', 'get_sku_item'];

/**
 * Whether this credential may call the route at all (before the body is read). Returns an error
 * response, or null when allowed.
 */
export function checkRoute(credential: Credential, route: RouteName, imageId?: string): Response | null {
  if (credential.kind === 'api-key' || TRIVIAL_ROUTES.includes(route)) return null;
  if (API_KEY_ROUTES.includes(route)) {
    return apiError(403, 'forbidden', 'The SKU catalog needs the API key (x-api-key); tokens and the subscription ID do not open it.');
  }
  if (credential.kind === 'user-id') {
    if (route === 'create') {
      return apiError(401, 'unauthorized', 'Creating a try-on needs a Bearer token from your token endpoint.');
    }
    // The public subscription ID must not be enough to delete someone's image by its id.
    if (route === 'delete_uploaded' || route === 'delete_generated') {
      return apiError(401, 'unauthorized', 'Deleting an image needs a Bearer token (delete_image) from your token endpoint, or the API key.');
    }
    return null;
  }
  const operation = credential.claims.operation;
  const expected = route === 'upload' ? 'upload_image' : route === 'create' ? 'create_try_on' : 'delete_image';
  if (operation !== expected) {
    return apiError(403, 'token_mismatch', `The token was issued for "${String(operation)}", not "${expected}".`);
  }
  if (expected === 'delete_image' && credential.claims.image_id !== imageId) {
    return apiError(403, 'token_mismatch', 'The token was issued for another image.');
  }
  return null;
}

/** For Bearer tokens: the create request must be the one the token was issued for. */
export function checkCreateClaims(credential: Credential, request: CreateRequest, hasCatalogs: boolean): Response | null {
  if (credential.kind !== 'bearer') return null;
  const claims = credential.claims;
  if (claims.uploaded_image_id !== request.uploadedImageId) {
    return apiError(403, 'token_mismatch', 'The token was issued for another uploaded image.');
  }
  const tokenSkus = Array.isArray(claims.sku_ids) ? claims.sku_ids : claims.sku_id !== undefined ? [claims.sku_id] : [];
  if (!sameSet(tokenSkus.map(String), request.skuIds)) {
    return apiError(403, 'token_mismatch', 'The token was issued for other SKUs.');
  }
  if (hasCatalogs && (claims.sku_catalog_name ?? 'main') !== request.catalogName) {
    return apiError(403, 'token_mismatch', 'The token was issued for another SKU catalog.');
  }
  return null;
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  const sortedA = [...a].sort();
  const sortedB = [...b].sort();
  return sortedA.every((value, i) => value === sortedB[i]);
}
