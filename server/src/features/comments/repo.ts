/** Kysely queries for comments, their revisions and votes; rows mapped to records here. */
import { sql } from 'kysely';
import type { Conn } from '../../db/database.ts';
import type { CommentRecord } from './rules.ts';

export interface TargetRef { processId: string; targetType: string; targetId: string }

const COLUMNS = [
  'c.id', 'c.process_id', 'c.target_type', 'c.target_id', 'c.parent_id', 'c.depth', 'c.author_id', 'u.display_name',
  'c.body', 'c.body_html', 'c.alignment', 'c.created_at', 'c.edited_at', 'c.deleted_at', 'c.hidden',
  'c.anchor', 'c.anchor_text', 'c.anchor_version_id', 'c.response',
] as const;

type Row = {
  id: string; process_id: string; target_type: string; target_id: string; parent_id: string | null; depth: number;
  author_id: string | null; display_name: string | null; body: string; body_html: string; alignment: string | null;
  created_at: Date; edited_at: Date | null; deleted_at: Date | null; hidden: boolean;
  anchor: unknown; anchor_text: string | null; anchor_version_id: string | null; response: unknown;
};

export type StoredComment = CommentRecord & TargetRef;

function toRecord(r: Row, votes: { up: number; down: number; mine: number }): StoredComment {
  return {
    id: r.id, processId: r.process_id, targetType: r.target_type, targetId: r.target_id, parentId: r.parent_id,
    depth: Number(r.depth), authorId: r.author_id, authorName: r.display_name, body: r.body, bodyHtml: r.body_html,
    alignment: r.alignment as CommentRecord['alignment'], createdAt: new Date(r.created_at),
    editedAt: r.edited_at && new Date(r.edited_at), deletedAt: r.deleted_at && new Date(r.deleted_at), hidden: r.hidden,
    upVotes: votes.up, downVotes: votes.down, myVote: votes.mine,
    anchor: (r.anchor ?? null) as CommentRecord['anchor'], anchorText: r.anchor_text, anchorVersionId: r.anchor_version_id,
    response: (r.response ?? null) as CommentRecord['response'],
  };
}

/** Up and down votes per comment of a target, and the viewer's own votes. */
async function votesOf(db: Conn, processId: string, ids: string[], viewerId: string | null) {
  const totals = new Map<string, { up: number; down: number; mine: number }>();
  if (ids.length === 0) return totals;
  const rows = await db.selectFrom('comment_votes')
    .select((eb) => [
      'comment_id',
      eb.fn.countAll<number>().filterWhere('value', '=', 1).as('up'),
      eb.fn.countAll<number>().filterWhere('value', '=', -1).as('down'),
      viewerId === null
        ? sql<number | null>`null`.as('mine')
        : eb.fn.max<number | null>(eb.case().when('user_id', '=', viewerId).then(eb.ref('value')).end()).as('mine'),
    ])
    .where('process_id', '=', processId)
    .where('comment_id', 'in', ids)
    .groupBy('comment_id')
    .execute();
  for (const r of rows) totals.set(r.comment_id, { up: Number(r.up), down: Number(r.down), mine: Number(r.mine ?? 0) });
  return totals;
}

const NO_VOTES = { up: 0, down: 0, mine: 0 };

/** Every comment on a target, in no particular order. */
export async function listForTarget(db: Conn, t: TargetRef, viewerId: string | null): Promise<StoredComment[]> {
  const rows = await db.selectFrom('comments as c').leftJoin('users as u', 'u.id', 'c.author_id').select(COLUMNS)
    .where('c.process_id', '=', t.processId).where('c.target_type', '=', t.targetType).where('c.target_id', '=', t.targetId)
    .execute();
  const votes = await votesOf(db, t.processId, rows.map((r) => r.id), viewerId);
  return rows.map((r) => toRecord(r, votes.get(r.id) ?? NO_VOTES));
}

/** One comment with its votes; `lock` takes its row lock (serialises edits, deletes and hiding). */
export async function findComment(db: Conn, id: string, viewerId: string | null, lock = false): Promise<StoredComment | null> {
  let q = db.selectFrom('comments as c').leftJoin('users as u', 'u.id', 'c.author_id').select(COLUMNS).where('c.id', '=', id);
  if (lock) q = q.forUpdate('c');
  const row = await q.executeTakeFirst();
  if (!row) return null;
  const votes = await votesOf(db, row.process_id, [id], viewerId);
  return toRecord(row, votes.get(id) ?? NO_VOTES);
}

export async function insertComment(trx: Conn, c: TargetRef & {
  parentId: string | null; depth: number; authorId: string; body: string; bodyHtml: string;
  alignment: string | null; anchor: unknown; anchorText?: string | null; anchorVersionId?: string | null;
}): Promise<string> {
  const row = await trx.insertInto('comments').values({
    process_id: c.processId, target_type: c.targetType, target_id: c.targetId, parent_id: c.parentId, depth: c.depth,
    author_id: c.authorId, body: c.body, body_html: c.bodyHtml, alignment: c.alignment,
    anchor: c.anchor === undefined || c.anchor === null ? null : JSON.stringify(c.anchor),
    anchor_text: c.anchorText ?? null, anchor_version_id: c.anchorVersionId ?? null,
  }).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

/** Replaces the body, keeping the previous one in the revisions. */
export async function reviseBody(trx: Conn, c: StoredComment, body: string, bodyHtml: string, now: Date) {
  await trx.insertInto('comment_revisions').values({
    comment_id: c.id, process_id: c.processId, body: c.body, written_at: c.editedAt ?? c.createdAt, edited_at: now,
  }).execute();
  await trx.updateTable('comments').set({ body, body_html: bodyHtml, edited_at: now }).where('id', '=', c.id).execute();
}

/** Earlier bodies, oldest first. */
export function listRevisions(db: Conn, c: TargetRef & { id: string }) {
  return db.selectFrom('comment_revisions').select(['body', 'written_at', 'edited_at'])
    .where('process_id', '=', c.processId).where('comment_id', '=', c.id)
    .orderBy('edited_at').orderBy('id').execute();
}

export async function softDelete(trx: Conn, id: string, now: Date) {
  await trx.updateTable('comments').set({ deleted_at: now }).where('id', '=', id).where('deleted_at', 'is', null).execute();
}

export async function setHidden(trx: Conn, id: string, hidden: boolean) {
  await trx.updateTable('comments').set({ hidden }).where('id', '=', id).execute();
}

/**
 * Sets (or with 0, removes) a user's vote. One statement, so parallel requests cannot double it:
 * the primary key turns a second insert into an update. Returns whether anything changed.
 */
export async function putVote(db: Conn, v: { commentId: string; userId: string; processId: string; value: 1 | -1 | 0 }): Promise<boolean> {
  if (v.value === 0) {
    const gone = await db.deleteFrom('comment_votes').where('comment_id', '=', v.commentId).where('user_id', '=', v.userId)
      .returning('value').executeTakeFirst();
    return gone !== undefined;
  }
  const row = await db.insertInto('comment_votes')
    .values({ comment_id: v.commentId, user_id: v.userId, process_id: v.processId, value: v.value })
    .onConflict((oc) => oc.columns(['comment_id', 'user_id'])
      .doUpdateSet((eb) => ({ value: eb.ref('excluded.value') }))
      .where('comment_votes.value', '<>', v.value))
    .returning('value')
    .executeTakeFirst();
  return row !== undefined;
}

/** Comments on a target that count: neither deleted nor hidden (the proposal's commentsCount). */
export async function countLiveComments(db: Conn, t: TargetRef): Promise<number> {
  const row = await db.selectFrom('comments').select((eb) => eb.fn.countAll<number>().as('n'))
    .where('process_id', '=', t.processId).where('target_type', '=', t.targetType).where('target_id', '=', t.targetId)
    .where('deleted_at', 'is', null).where('hidden', '=', false)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** What the moderation queue shows of reported comments of a process. */
export function describeComments(db: Conn, processId: string, ids: string[]) {
  return db.selectFrom('comments').select(['id', 'body', 'hidden', 'target_type', 'target_id', 'deleted_at'])
    .where('process_id', '=', processId).where('id', 'in', ids).execute();
}
