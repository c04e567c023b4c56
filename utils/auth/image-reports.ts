import { imageReportAnswerSchema, imageReportSchema, MAX_REPORTED_IMAGES } from '@/utils/contracts/image-report';
import { noRedirects, refuseRedirect, serviceUrl } from '@/utils/http';

/**
 * Tells the token backend which images this installation got from Aiuta (its upload right after
 * uploading, generated images once a try-on succeeded), so it later issues `delete_image` tokens for
 * them to this installation only (server/token/README.md, "Image ownership"). The backend's image
 * endpoint sits beside its token endpoint (`…/aiuta_jwt` -> `…/aiuta_images`).
 *
 * Best effort: a backend without image ownership answers 404, and a report that fails only means a
 * later delete of that image may be refused; neither must stop a try-on.
 */
export type ReportImages = (imageIds: string[]) => Promise<void>;

export function imagesEndpointOf(tokenEndpoint: string): URL {
  return new URL('aiuta_images', serviceUrl(tokenEndpoint, 'token endpoint'));
}

export function createImageReports(deps: {
  getSettings: () => Promise<{ tokenEndpoint: string; subscriptionId: string }>;
  installId: () => Promise<string>;
  fetch: typeof fetch;
  timeoutMs?: number;
}): ReportImages {
  return async (imageIds) => {
    try {
      const settings = await deps.getSettings();
      if (!settings.tokenEndpoint || imageIds.length === 0) return;
      const body = imageReportSchema.parse({
        subscription_id: settings.subscriptionId,
        install_id: await deps.installId(),
        image_ids: [...new Set(imageIds)].slice(0, MAX_REPORTED_IMAGES),
      });
      const endpoint = imagesEndpointOf(settings.tokenEndpoint);
      const response = await deps.fetch(endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(deps.timeoutMs ?? 10_000),
        credentials: 'omit',
        ...noRedirects,
      });
      refuseRedirect(response, endpoint, 'token server', 'token_bad_response');
      const answer = imageReportAnswerSchema.safeParse(await response.json().catch(() => undefined));
      if (response.ok && answer.success && answer.data.not_owned.length > 0) {
        console.warn('The token backend says another installation reported these images first:', answer.data.not_owned);
      }
    } catch (error) {
      console.warn('Could not report images to the token backend', error);
    }
  };
}
