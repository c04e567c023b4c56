import { SignJWT } from 'jose';
import type { TokenParams } from '../token/params';
import { encodeJpeg } from './images/codecs';
import { renderPersonPhoto, SHOPPER_LOOK } from './images/figures';
import { startSandbox, type Sandbox, type SandboxOptions } from './index';

/** Helpers for the sandbox's own tests: a sandbox on port 0 with a clock the test moves. */

export interface TestSandbox extends Sandbox {
  /** Moves the sandbox clock forward. */
  advance(ms: number): void;
  now(): number;
  origin: string;
}

export async function startTestSandbox(options: SandboxOptions = {}): Promise<TestSandbox> {
  let now = Date.parse('2030-01-01T12:00:00Z');
  const sandbox = await startSandbox({ generationMs: 1000, ...options, clock: () => now });
  return Object.assign(sandbox, {
    advance: (ms: number) => {
      now += ms;
    },
    now: () => now,
    origin: new URL(sandbox.apiUrl).origin,
  });
}

/** A small person photo: big enough for the emulator, quick to composite. */
export const SMALL_PHOTO = encodeJpeg(renderPersonPhoto(SHOPPER_LOOK, 300, 400), 85);

export async function tokenFor(sandbox: Sandbox, params: TokenParams): Promise<string> {
  const response = await fetch(sandbox.tokenUrl, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(params),
  });
  if (!response.ok) throw new Error(`token server answered ${response.status}: ${await response.text()}`);
  return ((await response.json()) as { token: string }).token;
}

/** Signs a token by hand, for cases the token server would never produce (other secret, issuer, exp). */
export function forgeToken(
  claims: Record<string, unknown>,
  { secret, issuer, issuedAt, expiresAt }: { secret: string; issuer: string; issuedAt: number; expiresAt: number },
): Promise<string> {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuer(issuer)
    .setIssuedAt(issuedAt)
    .setExpirationTime(expiresAt)
    .sign(new TextEncoder().encode(secret));
}

export function bearer(token: string): Record<string, string> {
  return { Authorization: `Bearer ${token}` };
}

export function uploadForm(bytes: Uint8Array, type = 'image/jpeg', field = 'image_data'): FormData {
  const form = new FormData();
  form.append(field, new Blob([bytes as Uint8Array<ArrayBuffer>], { type }), 'photo');
  return form;
}

export async function upload(
  base: string,
  headers: Record<string, string>,
  bytes: Uint8Array = SMALL_PHOTO,
  type = 'image/jpeg',
): Promise<Response> {
  return fetch(`${base}/uploaded_images`, { method: 'POST', headers, body: uploadForm(bytes, type) });
}

export function postJson(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

export interface ApiFlavourCase {
  name: 'digital-try-on' | 'unified';
  base: (sandbox: Sandbox) => string;
  operations: string;
}

export const FLAVOURS: ApiFlavourCase[] = [
  { name: 'digital-try-on', base: (sandbox) => sandbox.apiUrl, operations: 'sku_images_operations' },
  { name: 'unified', base: (sandbox) => sandbox.unifiedApiUrl, operations: 'sku_try_on_operations' },
];

/** Uploads the small photo with the subscription ID and returns its id. */
export async function uploadedImageId(sandbox: Sandbox, base = sandbox.apiUrl): Promise<string> {
  const response = await upload(base, { 'x-user-id': sandbox.subscriptionId });
  if (!response.ok) throw new Error(`upload failed: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { id: string }).id;
}

/** Creates an operation with a Bearer token issued for exactly this request. */
export async function createOperation(
  sandbox: Sandbox,
  flavour: ApiFlavourCase,
  body: { uploaded_image_id: string; sku_id?: string; sku_ids?: string[] },
  headers: Record<string, string> = {},
): Promise<Response> {
  const token = await tokenFor(sandbox, { operation: 'create_try_on', ...body } as TokenParams);
  return postJson(`${flavour.base(sandbox)}/${flavour.operations}`, body, { ...bearer(token), ...headers });
}

export async function operationStatus(sandbox: Sandbox, flavour: ApiFlavourCase, id: string) {
  const response = await fetch(`${flavour.base(sandbox)}/${flavour.operations}/${id}`, {
    headers: { 'x-user-id': sandbox.subscriptionId },
  });
  return { response, body: (await response.json()) as Record<string, unknown> };
}
