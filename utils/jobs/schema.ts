import { z } from 'zod';
import { apiTargetSchema } from '@/utils/aiuta/target';
import { AppError, appErrorSchema } from '@/utils/errors';
import { tryOnItemSchema } from '@/utils/product';
import { photoIdSchema } from '@/utils/photos/schema';

export const jobStatuses = ['queued', 'uploading', 'generating', 'done', 'failed', 'cancelled'] as const;
export type JobStatus = (typeof jobStatuses)[number];

/** A job in one of these will never change again. */
const finishedStatuses = new Set<JobStatus>(['done', 'failed', 'cancelled']);
export const isFinished = (job: { status: JobStatus }) => finishedStatuses.has(job.status);

/** A try-on the background no longer has ("Delete all my data" cleared it, or it aged out). */
export const jobNotFoundError = () => new AppError('job_not_found', 'This try-on no longer exists.');

/**
 * Which photo a try-on uses: one of the shopper's saved photos (`photoId`; without it, the chosen
 * one, as try-ons stored by versions with a single photo say) or one of Aiuta's predefined models.
 */
export const photoChoiceSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('saved'), photoId: photoIdSchema.optional() }),
  z.object({ kind: z.literal('model'), imageId: z.string().min(1).max(128), url: z.string().url().optional() }),
]);
export type PhotoChoice = z.infer<typeof photoChoiceSchema>;

export const generatedImageSchema = z.object({
  id: z.string(),
  url: z.string(),
  expiresAt: z.number().optional(),
  /** Aiuta's `owner_type`: only `user` images can (and need to) be deleted. */
  owner: z.enum(['user', 'aiuta']).optional(),
});

export const jobSchema = z.object({
  id: z.string(),
  status: z.enum(jobStatuses),
  items: z.array(tryOnItemSchema).min(1),
  skuCatalogName: z.string().optional(),
  photo: photoChoiceSchema,
  tabId: z.number().optional(),
  createdAt: z.number(),
  updatedAt: z.number(),
  /** When the current stage began, for the elapsed-time display. */
  stageStartedAt: z.number(),
  uploadedImageId: z.string().optional(),
  /**
   * How many times the photo's upload was started for this job. Each start is counted before it
   * begins, so a job whose worker is stopped during every upload (a large photo on a slow line) is
   * failed after a few, not uploaded again at every wake-up.
   */
  uploadStarts: z.number().int().nonnegative().optional(),
  /**
   * Set just before the create request leaves (after its token and any wait for a busy service),
   * cleared when an answer proves it was not processed. A job found after a restart with this but
   * no operationId may have started a paid generation whose id was lost: it is failed, not re-created.
   */
  createSentAt: z.number().optional(),
  operationId: z.string().optional(),
  /** When the operation's id arrived: the status-request budget counts from here. */
  operationCreatedAt: z.number().optional(),
  /** The API base and subscription that run the operation (and will store its images): polled and deleted there. */
  target: apiTargetSchema.optional(),
  /**
   * While the operation is watched: when the service stopped answering status requests (one went
   * unanswered for a while, or failed); cleared by the next answer. The shopper is told it is slow.
   */
  serviceSilentSince: z.number().optional(),
  result: z.array(generatedImageSchema).optional(),
  error: z.optional(appErrorSchema),
});

export type Job = z.infer<typeof jobSchema>;
