import { z } from 'zod';
import { AppError } from '@/utils/errors';

/** A saved photo's id (random, chosen when it was saved). */
export const photoIdSchema = z.string().min(1).max(64);

/** What the UI may know about the shopper's saved photo (never the bytes over messaging). */
export const photoInfoSchema = z.object({
  /** Which saved photo this is. */
  id: photoIdSchema,
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

/** How many photos a shopper can keep; the picker and the store both hold to it. */
export const maxSavedPhotos = 5;

export const photoLimitReached = () =>
  new AppError('photo_limit', `You already have ${maxSavedPhotos} saved photos. Delete one of them first, then add the new one.`);

/** The shopper's saved photos, oldest first, and the one a try-on uses unless they pick another. */
export const photoListSchema = z.object({
  photos: z.array(photoInfoSchema).max(maxSavedPhotos),
  /** Null only when there is no photo. */
  chosenId: photoIdSchema.nullable(),
});

export type PhotoList = z.infer<typeof photoListSchema>;

/**
 * What is kept about the saved photo besides its bytes. `uploaded.target` names the API and
 * subscription the id belongs to, so changing either in the settings triggers a fresh upload.
 */
export const storedPhotoSchema = photoInfoSchema.extend({
  uploaded: z.object({ id: z.string(), expiresAt: z.number().optional(), target: z.string() }).optional(),
});

export type StoredPhoto = z.infer<typeof storedPhotoSchema>;

/** A photo's record as versions before the photo database kept it in `local:photoMeta`: the same without an id. */
export const legacyStoredPhotoSchema = storedPhotoSchema.omit({ id: true });
