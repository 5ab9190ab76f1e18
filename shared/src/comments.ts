/** Comments on any target (proposals now, commitments later), their votes and moderation reports. */
import { z } from 'zod';
import { text } from './text.ts';
import { CommentResponse } from './commitments.ts';
import { ALIGNMENTS, COMMENT_SORTS, COMMENT_TARGETS, MAX_COMMENT_DEPTH, REPORT_REASONS } from './values.ts';

export { ALIGNMENTS, COMMENT_SORTS, COMMENT_TARGETS, MAX_COMMENT_DEPTH, REPORT_REASONS };

export const CommentTarget = z.enum(COMMENT_TARGETS);
export type CommentTarget = z.infer<typeof CommentTarget>;
export const Alignment = z.enum(ALIGNMENTS);

export const CreateCommentBody = z.strictObject({
  body: text().trim().min(1).max(5000),
  parentId: z.uuid().optional(),
  alignment: Alignment.optional(),
  /** Consultation comments on a commitment: the section (field) and optionally the quoted passage. */
  anchor: z.strictObject({ field: text().max(60), quote: text().max(500).optional() }).optional(),
});
export const EditCommentBody = z.strictObject({ body: text().trim().min(1).max(5000) });
export const VoteBody = z.strictObject({ value: z.union([z.literal(1), z.literal(-1), z.literal(0)]) });

export const Comment = z.object({
  id: z.string(),
  parentId: z.string().nullable(),
  depth: z.number().int(),
  body: z.string().optional(),
  bodyHtml: z.string().optional(),
  alignment: Alignment.nullable().optional(),
  anchor: z.object({ field: z.string(), quote: z.string().optional() }).nullable().optional(),
  /** Consultation comments: the version it was written on, and whether its quoted passage is gone since. */
  anchorVersionId: z.string().nullable().optional(),
  onEarlierVersion: z.boolean().optional(),
  /** When onEarlierVersion: the field's text as it was when the comment was written. */
  earlierText: z.string().optional(),
  /** The drafting team's reasoned reply (consultation comments). */
  response: CommentResponse.nullable().optional(),
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
export const CommentSort = z.enum(COMMENT_SORTS);

export const ReportBody = z.strictObject({
  targetType: z.enum(['proposals', 'comments', 'questions']),
  targetId: z.uuid(),
  reason: z.enum(REPORT_REASONS),
  details: text().trim().max(1000).optional(),
});

// ---- responses of the comment routes ----
export const TargetParams = z.strictObject({ targetType: CommentTarget, id: z.uuid() });
export const CommentParams = z.strictObject({ id: z.uuid() });
export const CommentListQuery = z.strictObject({ sort: CommentSort.default('oldest'), lang: text().optional() });

export const CommentList = z.object({ items: z.array(Comment), total: z.number().int() });
export const VoteTotals = z.object({ upVotes: z.number().int(), downVotes: z.number().int(), myVote: z.number().int() });
export const CommentHistory = z.object({
  commentId: z.string(),
  deleted: z.boolean(),
  /** Oldest first; the last item is the current body (replacedAt null). */
  items: z.array(z.object({ body: z.string(), writtenAt: z.string(), replacedAt: z.string().nullable() })),
});

// ---- moderation ----
export const ModeratedType = z.enum(['proposals', 'comments', 'questions']);
export const ModerationParams = z.strictObject({ targetType: ModeratedType, id: z.uuid() });
export const ReportResult = z.object({ targetType: ModeratedType, targetId: z.string(), alreadyReported: z.boolean() });
export const VisibilityResult = z.object({ targetType: ModeratedType, targetId: z.string(), hidden: z.boolean() });
export const ModerationItem = z.object({
  targetType: ModeratedType,
  targetId: z.string(),
  /** The proposal the content belongs to (a reported comment's proposal), for linking. */
  proposalId: z.string().nullable(),
  /** The commitment a reported consultation comment belongs to, for linking. */
  commitmentId: z.string().nullable(),
  excerpt: z.string(),
  reportsCount: z.number().int(),
  reasons: z.record(z.string(), z.number().int()),
  hidden: z.boolean(),
  /** A reported comment its author has since deleted. */
  deleted: z.boolean(),
  lastReportedAt: z.string(),
});
export const ModerationQueue = z.object({ items: z.array(ModerationItem) });

// ---- consultation: the drafting team's reply queue ----
export const ReplyQueueQuery = z.strictObject({ commitmentId: z.uuid().optional(), unanswered: z.enum(['true', 'false']).default('false'), lang: text().optional() });
export const ReplyQueue = z.object({
  items: z.array(z.object({ commitmentId: z.string(), reference: z.string(), title: z.string(), comment: Comment })),
  unanswered: z.number().int(),
});
