import { z } from 'zod';
import { apiTargetSchema } from '@/utils/aiuta/target';
import { generatedImageSchema } from '@/utils/jobs/schema';
import { tryOnItemSchema } from '@/utils/product';

export const historyEntrySchema = z.object({
  id: z.string(),
  jobId: z.string(),
  items: z.array(tryOnItemSchema).min(1),
  createdAt: z.number(),
  images: z.array(generatedImageSchema),
  uploadedImageId: z.string().optional(),
  /**
   * The API base and subscription that stored `images` and `uploadedImageId`: deleting them goes
   * there. Entries from versions that did not note it have none and are read as the current
   * settings' target at their first read (and stamped so at start-up), never dropped.
   */
  target: apiTargetSchema.optional(),
});

export type HistoryEntry = z.infer<typeof historyEntrySchema>;
