/** Comments on any target (proposals now, commitments later), their votes and moderation reports. */
import { z } from 'zod';

export const COMMENT_TARGETS = ['proposals', 'commitments'] as const;
export const CommentTarget = z.enum(COMMENT_TARGETS);
export type CommentTarget = z.infer<typeof CommentTarget>;
export const Alignment = z.enum(['for', 'against', 'neutral']);
export const MAX_COMMENT_DEPTH = 3;

export const CreateCommentBody = z.strictObject({
  body: z.string().trim().min(1).max(5000),
  parentId: z.uuid().optional(),
  alignment: Alignment.optional(),
  /** For consultation comments on a commitment section (later). */
  anchor: z.strictObject({ field: z.string().max(60), quote: z.string().max(500).optional() }).optional(),
});
export const EditCommentBody = z.strictObject({ body: z.string().trim().min(1).max(5000) });
export const VoteBody = z.strictObject({ value: z.union([z.literal(1), z.literal(-1), z.literal(0)]) });

export const Comment = z.object({
  id: z.string(),
  parentId: z.string().nullable(),
  depth: z.number().int(),
  body: z.string().optional(),
  bodyHtml: z.string().optional(),
  alignment: Alignment.nullable().optional(),
  authorName: z.string().nullable().optional(),
  createdAt: z.string(),
  editedAt: z.string().nullable().optional(),
  deleted: z.boolean().optional(),
  hidden: z.boolean(),
  upVotes: z.number().int().optional(),
  downVotes: z.number().int().optional(),
  myVote: z.number().int().optional(),
  mine: z.boolean().optional(),
});
export type Comment = z.infer<typeof Comment>;
export const CommentSort = z.enum(['oldest', 'newest', 'best']);

export const REPORT_REASONS = ['spam', 'offensive', 'off-topic', 'other'] as const;
export const ReportBody = z.strictObject({
  targetType: z.enum(['proposals', 'comments']),
  targetId: z.uuid(),
  reason: z.enum(REPORT_REASONS),
  details: z.string().trim().max(1000).optional(),
});
