import { z } from 'zod';

/** What the UI may know about the shopper's saved photo (never the bytes over messaging). */
export const photoInfoSchema = z.object({
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  bytes: z.number().int().positive(),
  savedAt: z.number(),
  /** Small JPEG data URL for previews in extension pages only. */
  thumbnail: z.string().startsWith('data:image/'),
  /** The uploaded copy on Aiuta's side, reused across products until it expires. */
  uploaded: z.object({ id: z.string(), expiresAt: z.number().optional() }).optional(),
});

export type PhotoInfo = z.infer<typeof photoInfoSchema>;
