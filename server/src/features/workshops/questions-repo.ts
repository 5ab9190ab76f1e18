/** Questions from the floor: asked by participants (guests too), upvoted once each, marked answered by the facilitator. */
import { sql } from 'kysely';
import type { Conn, Db } from '../../db/database.ts';
import { problem } from '../../plugins/problems.ts';
import type { WorkshopRow } from './repo.ts';

/** Questions in the order a facilitator takes them: unanswered first, most upvoted, then oldest. Hidden ones only for facilitators. */
export async function questionList(db: Conn, workshopId: string, viewerKey: string | null, facilitator: boolean) {
  let q = db.selectFrom('workshop_questions as q')
    .select(['q.id', 'q.author_name', 'q.author_key', 'q.body', 'q.hidden', 'q.answered_at', 'q.created_at',
      sql<number>`(select count(*)::int from question_votes v where v.question_id = q.id)`.as('votes'),
      sql<boolean>`exists (select 1 from question_votes v where v.question_id = q.id and v.voter_key = ${viewerKey ?? ''})`.as('voted')])
    .where('q.workshop_id', '=', workshopId);
  if (!facilitator) q = q.where('q.hidden', '=', false);
  const rows = await q.orderBy(sql`q.answered_at is not null`).orderBy('votes', 'desc').orderBy('q.created_at').execute();
  return rows.map((r) => ({
    id: r.id, body: r.body, authorName: r.author_name, mine: r.author_key === viewerKey, hidden: r.hidden,
    answered: r.answered_at !== null, votes: Number(r.votes), votedByMe: Boolean(r.voted), createdAt: new Date(r.created_at).toISOString(),
  }));
}

export async function askQuestion(db: Db, w: WorkshopRow, me: { key: string; displayName: string }, body: string) {
  const row = await db.insertInto('workshop_questions').values({ workshop_id: w.id, process_id: w.process_id, author_key: me.key, author_name: me.displayName, body })
    .returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function findQuestion(db: Db, id: string) {
  const q = await db.selectFrom('workshop_questions').select(['id', 'workshop_id', 'process_id', 'hidden']).where('id', '=', id).executeTakeFirst();
  if (!q) throw problem.notFound('question');
  return q;
}

/** One upvote per participant (value 1), or none (value 0); idempotent under parallel requests. */
export async function voteQuestion(db: Db, q: { id: string; process_id: string }, voterKey: string, value: 0 | 1) {
  if (value === 1) {
    await db.insertInto('question_votes').values({ question_id: q.id, voter_key: voterKey, process_id: q.process_id })
      .onConflict((oc) => oc.columns(['question_id', 'voter_key']).doNothing()).execute();
  } else {
    await db.deleteFrom('question_votes').where('question_id', '=', q.id).where('voter_key', '=', voterKey).execute();
  }
}

/** A question's workshop, process and hidden flag, its row locked (serialises reports and hide/unhide). */
export function lockForModeration(trx: Conn, id: string) {
  return trx.selectFrom('workshop_questions').select(['id', 'process_id', 'workshop_id', 'hidden']).where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function setQuestionHidden(trx: Conn, id: string, hidden: boolean) {
  await trx.updateTable('workshop_questions').set({ hidden }).where('id', '=', id).execute();
}

/** What the moderation queue shows of reported questions of a process. */
export function describeForModeration(db: Conn, processId: string, ids: string[]) {
  return db.selectFrom('workshop_questions').select(['id', 'body', 'hidden', 'workshop_id']).where('process_id', '=', processId).where('id', 'in', ids).execute();
}

export async function setAnswered(db: Conn, id: string, answered: boolean) {
  await db.updateTable('workshop_questions').set({ answered_at: answered ? new Date() : null }).where('id', '=', id).execute();
}
