import { readBodyBytes } from '../../token/http';
import { decodeImage, ImageDecodeError, sniffImage } from '../images/codecs';
import { apiError, CORS_HEADERS, jsonResponse, validationError } from './api-errors';
import type { EmulatorContext, RouteCall } from './context';
import { isModelId, modelPhoto } from './generation';
import { modelImageUrl } from './models';
import { newUploadedImageId, type UploadedImage } from './state';

/** Uploaded and generated images: `POST /uploaded_images`, `GET|DELETE /uploaded_images/{id}`, `DELETE /generated_images/{id}`. */

/** Larger sides are refused: no phone camera produces them, decoding them would only burn memory. */
const MAX_IMAGE_SIDE = 10_000;

const field = ['body', 'image_data'];

export function uploadedImageUrl(origin: string, id: string): string {
  return `${origin}/sandbox-images/uploaded/${id}`;
}

function aiutaImage(image: UploadedImage, origin: string) {
  return {
    id: image.id,
    owner_type: 'user',
    url: uploadedImageUrl(origin, image.id),
    expires_at: new Date(image.expiresAt).toISOString(),
  };
}

export async function uploadImage(ctx: EmulatorContext, call: RouteCall): Promise<Response> {
  const contentType = call.request.headers.get('content-type') ?? '';
  if (!/^multipart\/form-data/i.test(contentType)) {
    return validationError([{ loc: field, msg: 'Field required', type: 'missing' }]);
  }
  const body = await readBodyBytes(call.request, ctx.settings.maxUploadBytes);
  if (!body.ok) {
    const megabytes = Math.round(ctx.settings.maxUploadBytes / 1024 / 1024);
    return apiError(413, 'payload_too_large', `The upload is larger than ${megabytes} MB.`);
  }
  let form: FormData;
  try {
    form = await new Response(body.bytes, { headers: { 'content-type': contentType } }).formData();
  } catch {
    return validationError([{ loc: ['body'], msg: 'There was an error parsing the body', type: 'value_error' }]);
  }
  const file = form.get('image_data');
  if (file === null) return validationError([{ loc: field, msg: 'Field required', type: 'missing' }]);
  if (typeof file === 'string') {
    return validationError([{ loc: field, msg: "Expected UploadFile, received: <class 'str'>", type: 'value_error' }]);
  }
  const bytes = new Uint8Array(await file.arrayBuffer());
  call.draft.requestBody = { image_data: { name: file.name, type: file.type, bytes: bytes.byteLength } };
  const problem = checkImage(bytes, ctx.settings.minImageSide);
  if (problem) return validationError([{ loc: field, msg: problem, type: 'value_error' }]);

  ctx.state.sweep();
  const now = ctx.clock();
  const image: UploadedImage = {
    id: newUploadedImageId(),
    bytes,
    info: sniffImage(bytes)!,
    createdAt: now,
    expiresAt: now + ctx.settings.imageTtlSeconds * 1000,
  };
  ctx.state.uploaded.set(image.id, image);
  return jsonResponse(aiutaImage(image, call.origin));
}

/** A sentence saying why these bytes are not a usable photo, or null when they are. */
function checkImage(bytes: Uint8Array, minSide: number): string | null {
  const info = sniffImage(bytes);
  if (!info) return 'Value error, unsupported image format: upload a JPEG, PNG or WebP photo';
  const { width, height } = info;
  if (Math.min(width, height) < minSide) {
    return `Value error, image is too small (${width}x${height} px): the shorter side must be at least ${minSide} px`;
  }
  if (Math.max(width, height) > MAX_IMAGE_SIDE) {
    return `Value error, image is too large (${width}x${height} px): at most ${MAX_IMAGE_SIDE} px per side`;
  }
  if (info.format === 'webp') return null;
  try {
    decodeImage(bytes);
    return null;
  } catch (error) {
    if (error instanceof ImageDecodeError) return `Value error, ${error.message}`;
    throw error;
  }
}

export function getUploadedImage(ctx: EmulatorContext, call: RouteCall): Response {
  const id = call.id!;
  if (isModelId(id)) {
    return jsonResponse({ id, owner_type: 'aiuta', url: modelImageUrl(call.origin, id), expires_at: null });
  }
  const image = ctx.state.findUploaded(id);
  if (!image) return apiError(404, 'image_not_found', `Image ${id} not found.`);
  return jsonResponse(aiutaImage(image, call.origin));
}

export function deleteUploadedImage(ctx: EmulatorContext, call: RouteCall): Response {
  const id = call.id!;
  if (isModelId(id)) return refuseAiutaOwned();
  if (!ctx.state.findUploaded(id)) return apiError(404, 'image_not_found', `Image ${id} not found.`);
  ctx.state.uploaded.delete(id);
  return new Response(null, { status: 204, headers: CORS_HEADERS });
}

export function deleteGeneratedImage(ctx: EmulatorContext, call: RouteCall): Response {
  const id = call.id!;
  if (isModelId(id)) return refuseAiutaOwned();
  if (!ctx.state.findGenerated(id)) return apiError(404, 'image_not_found', `Image ${id} not found.`);
  ctx.state.generated.delete(id);
  return new Response(null, { status: 204, headers: CORS_HEADERS });
}

function refuseAiutaOwned(): Response {
  return apiError(403, 'forbidden', "Images owned by 'aiuta' (such as try-on models) cannot be deleted.");
}

/** `GET /sandbox-images/...`: the bytes behind every `url` the emulator hands out. */
export async function serveImageFile(ctx: EmulatorContext, path: string): Promise<Response> {
  const match = /^\/sandbox-images\/(uploaded|generated|models)\/([^/]+?)(\.jpg)?$/.exec(path);
  if (!match) return apiError(404, 'not_found', 'Not Found');
  const [, kind, id] = match as unknown as [string, string, string];
  const headers = { ...CORS_HEADERS, 'Cache-Control': 'private, max-age=60' };
  if (kind === 'models') {
    const photo = modelPhoto(id);
    if (!photo) return apiError(404, 'image_not_found', 'Image not found.');
    return new Response(photo, { headers: { ...headers, 'Content-Type': 'image/jpeg' } });
  }
  if (kind === 'uploaded') {
    const image = ctx.state.findUploaded(id);
    if (!image) return apiError(404, 'image_not_found', 'Image not found or expired.');
    return new Response(image.bytes, { headers: { ...headers, 'Content-Type': image.info.mimeType } });
  }
  const generated = ctx.state.findGenerated(id);
  if (!generated) return apiError(404, 'image_not_found', 'Image not found or expired.');
  try {
    return new Response(await generated.jpeg, { headers: { ...headers, 'Content-Type': 'image/jpeg' } });
  } catch {
    return apiError(404, 'image_not_found', 'The image could not be generated.');
  }
}
