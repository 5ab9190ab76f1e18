/**
 * Comment intents: list a thread, comment or reply, edit, delete, vote. Like every feature's
 * services they take the database and throw ProblemError; they also take the comments context
 * (the target registry, and the publisher for live events after a commit).
 */
import type { Comment, CommentTarget } from '@mesa/shared';
import { MAX_COMMENT_DEPTH } from '@mesa/shared';
import type { Conn, Db } from '../../db/database.ts';
import { ProblemError, problem } from '../../plugins/problems.ts';
import { renderMarkdown } from '../../lib/markdown.ts';
import { recordAudit } from '../processes/service.ts';
import { assertPhaseOpen } from '../processes/rules.ts';
import type { LiveEvent } from '../../lib/live.ts';
import { findComment, insertComment, listForTarget, listRevisions, putVote, reviseBody, softDelete, type StoredComment } from './repo.ts';
import { commentView, mayEdit, mayModify, publicView, replyDepth, showsContent, threadOrder, type CommentSort, type Viewer } from './rules.ts';
import type { CommentTargets, NewAnchor, ResolvedTarget } from './targets.ts';

/** Reads other features build on (the consultation's reply queue and reasoned replies). */
export { findComment, listForTarget, type StoredComment } from './repo.ts';

/** What comment intents need besides the database: the targets, and a publisher that only logs its failures. */
export interface CommentsContext {
  targets: CommentTargets;
  publish(e: LiveEvent): Promise<void>;
}

type SignedIn = NonNullable<Viewer>;
interface TargetKey { targetType: CommentTarget; targetId: string }

const notFound = () => problem.notFound('comment');
const conflict = (key: string) => new ProblemError(409, 'conflict', key);
/** A target that takes no more comments; a consultation past its closing date is a closed phase for the client. */
const closed = (reason: string | null | undefined) => new ProblemError(409, reason === 'consultation-closed' ? 'phase-closed' : 'conflict', reason ?? 'comments-closed');

/** The target if the viewer may see it (hidden ones: admins only). */
async function visibleTarget(db: Conn, targets: CommentTargets, type: string, id: string, viewer: Viewer): Promise<ResolvedTarget | null> {
  const target = await targets.resolve(db, type, id);
  return target && (target.visible || viewer?.isAdmin) ? target : null;
}

/**
 * A comment and its target as the viewer may see them (hidden ones: admins only, and, so that
 * they can still delete it, their author when `authorToo`); 404 otherwise.
 */
async function loadComment(db: Conn, targets: CommentTargets, id: string, viewer: Viewer, opts: { lock?: boolean; authorToo?: boolean } = {}) {
  const comment = await findComment(db, id, viewer?.id ?? null, opts.lock);
  if (!comment) throw notFound();
  const target = await visibleTarget(db, targets, comment.targetType, comment.targetId, viewer);
  if (!target) throw notFound();
  if (comment.hidden && !viewer?.isAdmin && !(opts.authorToo && mayEdit(comment, viewer))) throw notFound();
  return { comment, target };
}

async function afterCountChange(ctx: CommentsContext, c: StoredComment) {
  await ctx.targets.countsChanged(c.targetType, c.processId, c.targetId);
}

/** A target's whole thread in thread order, placeholders for deleted and hidden comments. */
export async function listComments(db: Db, targets: CommentTargets, key: TargetKey, sort: CommentSort, viewer: Viewer):
  Promise<{ items: Comment[]; total: number }> {
  const target = await visibleTarget(db, targets, key.targetType, key.targetId, viewer);
  if (!target) throw notFound();
  const ref = { processId: target.processId, ...key };
  const rows = await listForTarget(db, ref, viewer?.id ?? null);
  const annotate = await targets.get(key.targetType)?.annotator?.(db, key.targetId);
  const items = threadOrder(rows, sort).map((c) => ({ ...commentView(c, viewer), ...(annotate && showsContent(c, viewer) ? annotate(c) : {}) }));
  return { items, total: rows.filter((c) => c.deletedAt === null && !c.hidden).length };
}

export interface NewComment { body: string; parentId?: string; alignment?: 'for' | 'against' | 'neutral'; anchor?: NewAnchor }

/** Comments on a target (or replies to a comment on it) while its phase allows. */
export async function postComment(db: Db, ctx: CommentsContext, user: SignedIn, key: TargetKey, input: NewComment): Promise<Comment> {
  const target = await visibleTarget(db, ctx.targets, key.targetType, key.targetId, user);
  if (!target) throw notFound();
  if (!target.visible) throw conflict('target-hidden');
  if (target.closed) throw closed(target.closed);
  assertPhaseOpen(target, target.action);
  let depth: number | null = 1;
  if (input.parentId) {
    const parent = await findComment(db, input.parentId, null);
    const sameTarget = parent && parent.targetType === key.targetType && parent.targetId === key.targetId;
    if (!parent || !sameTarget || !showsContent(parent, user)) throw problem.validation([{ path: 'body.parentId', message: 'parent-not-found' }]);
    depth = replyDepth(parent.depth);
    if (depth === null) throw problem.validation([{ path: 'body.parentId', message: 'reply-too-deep', params: { max: MAX_COMMENT_DEPTH } }]);
  }
  // A target may check the anchor (commitments: a section and a passage of its current text).
  const checked = await ctx.targets.get(key.targetType)?.anchorFor?.(db, key.targetId, input.anchor, !!input.parentId);
  if (checked && 'error' in checked) throw problem.validation([checked.error]);
  const bodyHtml = renderMarkdown(input.body);
  // Stored and read back in one transaction: once the comment is saved nothing may fail the
  // request (a database lost in between would answer 503 for a saved comment, and a retry would
  // post it twice). Publishing after it only logs its failures.
  const stored = await db.transaction().execute(async (trx) => {
    const id = await insertComment(trx, {
      processId: target.processId, ...key, parentId: input.parentId ?? null, depth, authorId: user.id,
      body: input.body, bodyHtml, alignment: input.alignment ?? null,
      ...(checked ? checked : { anchor: input.anchor }),
    });
    return (await findComment(trx, id, user.id))!;
  });
  await ctx.publish({ room: target.room, event: 'comments/added', data: publicView(stored), processId: target.processId });
  await afterCountChange(ctx, stored);
  return commentView(stored, user);
}

/** The author rewrites their comment; the previous body is kept in its history. */
export async function editComment(db: Db, ctx: CommentsContext, user: SignedIn, id: string, body: string): Promise<Comment> {
  const outcome = await db.transaction().execute(async (trx) => {
    const { comment, target } = await loadComment(trx, ctx.targets, id, user, { lock: true });
    if (comment.deletedAt) throw conflict('comment-deleted');
    if (!mayEdit(comment, user)) throw problem.notAllowed('comment-author-only');
    if (target.frozen) throw closed(target.frozen);
    assertPhaseOpen(target, target.action);
    if (body !== comment.body) await reviseBody(trx, comment, body, renderMarkdown(body), new Date());
    return { changed: body !== comment.body, target };
  });
  const stored = (await findComment(db, id, user.id))!;
  if (outcome.changed && !stored.hidden) {
    await ctx.publish({ room: outcome.target.room, event: 'comments/edited', data: publicView(stored), processId: stored.processId });
  }
  return commentView(stored, user);
}

/** Every version of a comment, oldest first; the last one is the current body. */
export async function commentHistory(db: Db, targets: CommentTargets, viewer: SignedIn, id: string) {
  const { comment } = await loadComment(db, targets, id, viewer);
  if (!mayModify(comment, viewer)) throw problem.notAllowed('comment-author-or-admin');
  const revisions = await listRevisions(db, comment);
  const items = [
    ...revisions.map((r) => ({ body: r.body, writtenAt: new Date(r.written_at).toISOString(), replacedAt: new Date(r.edited_at).toISOString() })),
    { body: comment.body, writtenAt: (comment.editedAt ?? comment.createdAt).toISOString(), replacedAt: null },
  ];
  return { commentId: id, deleted: comment.deletedAt !== null, items };
}

/** Soft delete by the author or an admin (audited): the thread keeps a placeholder. Idempotent. */
export async function deleteComment(db: Db, ctx: CommentsContext, user: SignedIn, id: string): Promise<void> {
  const deleted = await db.transaction().execute(async (trx) => {
    const { comment, target } = await loadComment(trx, ctx.targets, id, user, { lock: true, authorToo: true });
    if (!mayModify(comment, user)) throw problem.notAllowed('comment-author-or-admin');
    if (comment.deletedAt) return null;
    await softDelete(trx, id, new Date());
    if (!mayEdit(comment, user)) {
      await recordAudit(trx, { processId: comment.processId, actorId: user.id, action: 'comment.deleted', targetType: 'comments', targetId: id });
    }
    return { comment, room: target.room };
  });
  if (deleted) {
    const { comment, room } = deleted;
    await ctx.publish({ room, event: 'comments/hidden', data: { commentId: id, deleted: true }, processId: comment.processId });
    await afterCountChange(ctx, comment);
  }
}

export interface VoteTotals { upVotes: number; downVotes: number; myVote: number }

/** Sets the user's vote on a comment (0 removes it); one vote per user whatever the concurrency. */
export async function voteOnComment(db: Db, ctx: CommentsContext, user: SignedIn, id: string, value: 1 | -1 | 0): Promise<VoteTotals> {
  const { comment, target } = await loadComment(db, ctx.targets, id, user);
  if (comment.deletedAt) throw conflict('comment-deleted');
  if (comment.hidden) throw conflict('target-hidden');
  if (target.frozen) throw closed(target.frozen);
  assertPhaseOpen(target, target.action);
  const changed = await putVote(db, { commentId: id, userId: user.id, processId: comment.processId, value });
  const now = (await findComment(db, id, user.id))!;
  const votes = { upVotes: now.upVotes, downVotes: now.downVotes, myVote: now.myVote };
  if (changed) {
    await ctx.publish({ room: target.room, event: 'comments/votes-changed', data: { commentId: id, upVotes: votes.upVotes, downVotes: votes.downVotes }, processId: comment.processId });
  }
  return votes;
}
