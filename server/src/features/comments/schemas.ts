/**
 * Response shapes of the comment routes that shared/ does not have yet (candidates to move to
 * shared/src/comments.ts so the web client parses them with the same schemas).
 */
import { z } from 'zod';
import { Comment, CommentSort, CommentTarget } from '@mesa/shared';

export const TargetParams = z.strictObject({ targetType: CommentTarget, id: z.uuid() });
export const CommentParams = z.strictObject({ id: z.uuid() });
export const CommentListQuery = z.strictObject({ sort: CommentSort.default('oldest'), lang: z.string().optional() });

export const CommentList = z.object({ items: z.array(Comment), total: z.number().int() });
export const VoteTotals = z.object({ upVotes: z.number().int(), downVotes: z.number().int(), myVote: z.number().int() });
export const CommentHistory = z.object({
  commentId: z.string(),
  deleted: z.boolean(),
  /** Oldest first; the last item is the current body (replacedAt null). */
  items: z.array(z.object({ body: z.string(), writtenAt: z.string(), replacedAt: z.string().nullable() })),
});
