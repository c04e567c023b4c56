import { z } from 'zod';
import { generatedImageSchema } from '@/utils/jobs/schema';
import { tryOnItemSchema } from '@/utils/product';

export const historyEntrySchema = z.object({
  id: z.string(),
  jobId: z.string(),
  items: z.array(tryOnItemSchema).min(1),
  createdAt: z.number(),
  images: z.array(generatedImageSchema),
  uploadedImageId: z.string().optional(),
});

export type HistoryEntry = z.infer<typeof historyEntrySchema>;
