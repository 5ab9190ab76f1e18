/** Response shapes of the moderation routes (candidates to move to shared/src/comments.ts). */
import { z } from 'zod';

export const ModeratedType = z.enum(['proposals', 'comments']);
export const ModerationParams = z.strictObject({ targetType: ModeratedType, id: z.uuid() });
export const ReportResult = z.object({ targetType: ModeratedType, targetId: z.string(), alreadyReported: z.boolean() });
export const VisibilityResult = z.object({ targetType: ModeratedType, targetId: z.string(), hidden: z.boolean() });
export const ModerationItem = z.object({
  targetType: ModeratedType,
  targetId: z.string(),
  /** The proposal the content belongs to (a reported comment's proposal), for linking. */
  proposalId: z.string().nullable(),
  excerpt: z.string(),
  reportsCount: z.number().int(),
  reasons: z.record(z.string(), z.number().int()),
  hidden: z.boolean(),
  /** A reported comment its author has since deleted. */
  deleted: z.boolean(),
  lastReportedAt: z.string(),
});
export const ModerationQueue = z.object({ items: z.array(ModerationItem) });
