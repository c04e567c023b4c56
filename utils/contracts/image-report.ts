import { z } from 'zod';
import { idSchema, installIdSchema, subscriptionIdSchema } from './token-request';

/**
 * Image ownership report, as the extension sends it and the backend answers it (see DESIGN.md):
 * the ids of images an installation got from Aiuta (its upload right after uploading, generated
 * images once an operation succeeded), so the backend issues `delete_image` tokens for them to that
 * installation only. Plain zod, no extension APIs: the extension and the backend import this file.
 */

export const MAX_REPORTED_IMAGES = 20;

/** `POST <images endpoint>` body. */
export const imageReportSchema = z.strictObject({
  subscription_id: subscriptionIdSchema,
  install_id: installIdSchema,
  image_ids: z.array(idSchema).min(1).max(MAX_REPORTED_IMAGES),
});
export type ImageReport = z.infer<typeof imageReportSchema>;

/**
 * `200`: `owned` are now bound to this installation (newly, or already); `not_owned` were reported
 * first by another installation and stay theirs.
 */
export const imageReportAnswerSchema = z.object({ owned: z.array(idSchema), not_owned: z.array(idSchema) });
export type ImageReportAnswer = z.infer<typeof imageReportAnswerSchema>;
