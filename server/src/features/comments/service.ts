/** Comment intents: list a thread, comment or reply, edit, delete, vote. */
import type { FastifyInstance } from 'fastify';
import type { Comment, CommentTarget } from '@mesa/shared';
import type { Conn, Db } from '../../db/database.ts';
import { renderMarkdown } from '../../shared/markdown.ts';
import { recordAudit } from '../processes/service.ts';
import { assertPhaseOpen } from '../processes/rules.ts';
import { publish } from './live.ts';
import { findComment, insertComment, listForTarget, listRevisions, putVote, reviseBody, softDelete, type StoredComment } from './repo.ts';
import { commentView, mayEdit, mayModify, publicView, replyDepth, showsContent, threadOrder, type CommentSort, type Viewer } from './rules.ts';
import { notifyCommentsChanged, resolveTarget, targetType, type NewAnchor, type ResolvedTarget } from './targets.ts';
import type { FieldError } from '../../plugins/problems.ts';

export type CommentProblem =
  | 'not-found' | 'target-hidden' | 'closed' | 'parent-not-found' | 'too-deep' | 'not-author' | 'not-allowed' | 'deleted' | 'bad-anchor';
export type Failure = { ok: false; problem: CommentProblem; detail?: string; error?: FieldError };
const fail = (problem: CommentProblem, detail?: string): Failure => ({ ok: false, problem, detail });

type SignedIn = NonNullable<Viewer>;
interface TargetKey { targetType: CommentTarget; targetId: string }

/** The target if the viewer may see it (hidden ones: admins only). */
async function visibleTarget(db: Conn, type: string, id: string, viewer: Viewer): Promise<ResolvedTarget | null> {
  const target = await resolveTarget(db, type, id);
  return target && (target.visible || viewer?.isAdmin) ? target : null;
}

/**
 * A comment and its target as the viewer may see them (hidden ones: admins only, and, so that
 * they can still delete it, their author when `authorToo`).
 */
async function loadComment(db: Conn, id: string, viewer: Viewer, opts: { lock?: boolean; authorToo?: boolean } = {}) {
  const comment = await findComment(db, id, viewer?.id ?? null, opts.lock);
  if (!comment) return null;
  const target = await visibleTarget(db, comment.targetType, comment.targetId, viewer);
  if (!target) return null;
  if (comment.hidden && !viewer?.isAdmin && !(opts.authorToo && mayEdit(comment, viewer))) return null;
  return { comment, target };
}

async function afterCountChange(app: FastifyInstance, c: StoredComment) {
  await notifyCommentsChanged(app, c.targetType, c.processId, c.targetId);
}

/** A target's whole thread in thread order, placeholders for deleted and hidden comments. */
export async function listComments(db: Db, key: TargetKey, sort: CommentSort, viewer: Viewer):
  Promise<{ ok: true; items: Comment[]; total: number } | Failure> {
  const target = await visibleTarget(db, key.targetType, key.targetId, viewer);
  if (!target) return fail('not-found');
  const ref = { processId: target.processId, ...key };
  const rows = await listForTarget(db, ref, viewer?.id ?? null);
  const annotate = await targetType(key.targetType)?.annotator?.(db, key.targetId);
  const items = threadOrder(rows, sort).map((c) => ({ ...commentView(c, viewer), ...(annotate && showsContent(c, viewer) ? annotate(c) : {}) }));
  return { ok: true, items, total: rows.filter((c) => c.deletedAt === null && !c.hidden).length };
}

export interface NewComment { body: string; parentId?: string; alignment?: 'for' | 'against' | 'neutral'; anchor?: NewAnchor }

/** Comments on a target (or replies to a comment on it) while its phase allows. */
export async function postComment(app: FastifyInstance, user: SignedIn, key: TargetKey, input: NewComment):
  Promise<{ ok: true; comment: Comment } | Failure> {
  const target = await visibleTarget(app.db, key.targetType, key.targetId, user);
  if (!target) return fail('not-found');
  if (!target.visible) return fail('target-hidden');
  if (target.closed) return fail('closed', target.closed);
  assertPhaseOpen(target, target.action);
  let depth: number | null = 1;
  if (input.parentId) {
    const parent = await findComment(app.db, input.parentId, null);
    const sameTarget = parent && parent.targetType === key.targetType && parent.targetId === key.targetId;
    if (!parent || !sameTarget || !showsContent(parent, user)) return fail('parent-not-found');
    depth = replyDepth(parent.depth);
    if (depth === null) return fail('too-deep');
  }
  // A target may check the anchor (commitments: a section and a passage of its current text).
  const checked = await targetType(key.targetType)?.anchorFor?.(app.db, key.targetId, input.anchor, !!input.parentId);
  if (checked && 'error' in checked) return { ok: false, problem: 'bad-anchor', error: checked.error };
  const bodyHtml = renderMarkdown(input.body);
  // Stored and read back in one transaction: once the comment is saved nothing may fail the
  // request (a database lost in between would answer 503 for a saved comment, and a retry would
  // post it twice). Publishing after it only logs its failures.
  const stored = await app.db.transaction().execute(async (trx) => {
    const id = await insertComment(trx, {
      processId: target.processId, ...key, parentId: input.parentId ?? null, depth, authorId: user.id,
      body: input.body, bodyHtml, alignment: input.alignment ?? null,
      ...(checked ? checked : { anchor: input.anchor }),
    });
    return (await findComment(trx, id, user.id))!;
  });
  await publish(app, { room: target.room, event: 'comments/added', data: publicView(stored), processId: target.processId });
  await afterCountChange(app, stored);
  return { ok: true, comment: commentView(stored, user) };
}

/** The author rewrites their comment; the previous body is kept in its history. */
export async function editComment(app: FastifyInstance, user: SignedIn, id: string, body: string):
  Promise<{ ok: true; comment: Comment } | Failure> {
  const outcome = await app.db.transaction().execute(async (trx) => {
    const found = await loadComment(trx, id, user, { lock: true });
    if (!found) return fail('not-found');
    const { comment, target } = found;
    if (comment.deletedAt) return fail('deleted');
    if (!mayEdit(comment, user)) return fail('not-author');
    if (target.frozen) return fail('closed', target.frozen);
    assertPhaseOpen(target, target.action);
    if (body !== comment.body) await reviseBody(trx, comment, body, renderMarkdown(body), new Date());
    return { ok: true as const, changed: body !== comment.body, target };
  });
  if (!outcome.ok) return outcome;
  const stored = (await findComment(app.db, id, user.id))!;
  if (outcome.changed && !stored.hidden) {
    await publish(app, { room: outcome.target.room, event: 'comments/edited', data: publicView(stored), processId: stored.processId });
  }
  return { ok: true, comment: commentView(stored, user) };
}

/** Every version of a comment, oldest first; the last one is the current body. */
export async function commentHistory(db: Db, viewer: SignedIn, id: string) {
  const found = await loadComment(db, id, viewer);
  if (!found) return fail('not-found');
  const { comment } = found;
  if (!mayModify(comment, viewer)) return fail('not-allowed');
  const revisions = await listRevisions(db, comment);
  const items = [
    ...revisions.map((r) => ({ body: r.body, writtenAt: new Date(r.written_at).toISOString(), replacedAt: new Date(r.edited_at).toISOString() })),
    { body: comment.body, writtenAt: (comment.editedAt ?? comment.createdAt).toISOString(), replacedAt: null },
  ];
  return { ok: true as const, commentId: id, deleted: comment.deletedAt !== null, items };
}

/** Soft delete by the author or an admin (audited): the thread keeps a placeholder. Idempotent. */
export async function deleteComment(app: FastifyInstance, user: SignedIn, id: string): Promise<{ ok: true } | Failure> {
  const outcome = await app.db.transaction().execute(async (trx) => {
    const found = await loadComment(trx, id, user, { lock: true, authorToo: true });
    if (!found) return fail('not-found');
    const { comment, target } = found;
    if (!mayModify(comment, user)) return fail('not-allowed');
    if (comment.deletedAt) return { ok: true as const, deleted: null };
    await softDelete(trx, id, new Date());
    if (!mayEdit(comment, user)) {
      await recordAudit(trx, { processId: comment.processId, actorId: user.id, action: 'comment.deleted', targetType: 'comments', targetId: id });
    }
    return { ok: true as const, deleted: { comment, room: target.room } };
  });
  if (!outcome.ok) return outcome;
  if (outcome.deleted) {
    const { comment, room } = outcome.deleted;
    await publish(app, { room, event: 'comments/hidden', data: { commentId: id, deleted: true }, processId: comment.processId });
    await afterCountChange(app, comment);
  }
  return { ok: true };
}

export interface VoteTotals { upVotes: number; downVotes: number; myVote: number }

/** Sets the user's vote on a comment (0 removes it); one vote per user whatever the concurrency. */
export async function voteOnComment(app: FastifyInstance, user: SignedIn, id: string, value: 1 | -1 | 0):
  Promise<{ ok: true; votes: VoteTotals } | Failure> {
  const found = await loadComment(app.db, id, user);
  if (!found) return fail('not-found');
  const { comment, target } = found;
  if (comment.deletedAt) return fail('deleted');
  if (comment.hidden) return fail('target-hidden');
  if (target.frozen) return fail('closed', target.frozen);
  assertPhaseOpen(target, target.action);
  const changed = await putVote(app.db, { commentId: id, userId: user.id, processId: comment.processId, value });
  const now = (await findComment(app.db, id, user.id))!;
  const votes = { upVotes: now.upVotes, downVotes: now.downVotes, myVote: now.myVote };
  if (changed) {
    await publish(app, { room: target.room, event: 'comments/votes-changed', data: { commentId: id, upVotes: votes.upVotes, downVotes: votes.downVotes }, processId: comment.processId });
  }
  return { ok: true, votes };
}
