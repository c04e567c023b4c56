import { z } from 'zod';

/**
 * Aiuta's predefined models as the extension passes them on: the category (`woman`, `man`, ...)
 * and each model's image id and URL. The same shape is cached, sent to pages and shown.
 */
export const modelCategorySchema = z.object({
  category: z.string(),
  models: z.array(z.object({ id: z.string(), url: z.string() })),
});
export type ModelCategory = z.infer<typeof modelCategorySchema>;
