/** Kysely queries of the consultation: comment counts per section, stances, followers. */
import { sql } from 'kysely';
import type { ConsultationSummary, PhaseKind } from '@mesa/shared';
import type { Conn } from '../../db/database.ts';
import { consultationClosedReason } from './consultation-rules.ts';

/** Consultation comments that count: top-level, on the commitment, neither deleted nor hidden. */
function consultationComments(db: Conn, processId: string, commitmentIds: string[]) {
  return db.selectFrom('comments')
    .where('process_id', '=', processId).where('target_type', '=', 'commitments').where('target_id', 'in', commitmentIds)
    .where('parent_id', 'is', null).where('deleted_at', 'is', null).where('hidden', '=', false);
}

/** Per commitment and section: comments, answered ones, and answers per outcome. */
export async function commentCounts(db: Conn, processId: string, commitmentIds: string[]) {
  if (commitmentIds.length === 0) return [];
  const rows = await consultationComments(db, processId, commitmentIds)
    .select((eb) => [
      'target_id',
      sql<string>`coalesce(anchor->>'field', '')`.as('field'),
      eb.fn.countAll<number>().as('comments'),
      sql<number>`count(*) filter (where response is not null)`.as('answered'),
      sql<number>`count(*) filter (where response->>'outcome' = 'accepted')`.as('accepted'),
      sql<number>`count(*) filter (where response->>'outcome' = 'partially')`.as('partially'),
      sql<number>`count(*) filter (where response->>'outcome' = 'not-accepted')`.as('notAccepted'),
    ])
    .groupBy(['target_id', sql`coalesce(anchor->>'field', '')`])
    .execute();
  return rows.map((r) => ({
    commitmentId: r.target_id, field: r.field, comments: Number(r.comments), answered: Number(r.answered),
    accepted: Number(r.accepted), partially: Number(r.partially), notAccepted: Number(r.notAccepted),
  }));
}

export async function stanceCounts(db: Conn, commitmentIds: string[]) {
  if (commitmentIds.length === 0) return [];
  const rows = await db.selectFrom('section_stances')
    .select((eb) => ['commitment_id', 'field', 'stance', eb.fn.countAll<number>().as('n')])
    .where('commitment_id', 'in', commitmentIds).groupBy(['commitment_id', 'field', 'stance']).execute();
  return rows.map((r) => ({ commitmentId: r.commitment_id, field: r.field, stance: r.stance as 'agree' | 'disagree', n: Number(r.n) }));
}

export async function followerCount(db: Conn, commitmentId: string) {
  const row = await db.selectFrom('commitment_followers').select((eb) => eb.fn.countAll<number>().as('n'))
    .where('commitment_id', '=', commitmentId).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Where one commitment's consultation stands, for the viewer. */
export async function consultationSummary(db: Conn, c: {
  id: string; process_id: string; state: string; active_phase: string | null;
  consultation_closes_at: Date | null; consultation_version_id: string | null;
}, viewerId: string | null): Promise<ConsultationSummary> {
  const [counts, stances, followers, mine, following] = await Promise.all([
    commentCounts(db, c.process_id, [c.id]),
    stanceCounts(db, [c.id]),
    followerCount(db, c.id),
    viewerId ? db.selectFrom('section_stances').select(['field', 'stance']).where('commitment_id', '=', c.id).where('user_id', '=', viewerId).execute() : [],
    viewerId ? db.selectFrom('commitment_followers').select('user_id').where('commitment_id', '=', c.id).where('user_id', '=', viewerId).executeTakeFirst() : undefined,
  ]);
  const byField: ConsultationSummary['stances'] = {};
  for (const s of stances) (byField[s.field] ??= { agree: 0, disagree: 0 })[s.stance] = s.n;
  const comments = counts.reduce((n, r) => n + r.comments, 0);
  const answered = counts.reduce((n, r) => n + r.answered, 0);
  return {
    closesAt: c.consultation_closes_at ? new Date(c.consultation_closes_at).toISOString() : null,
    open: consultationClosedReason({ state: c.state, closesAt: c.consultation_closes_at }, new Date()) === null && (c.active_phase as PhaseKind | null) === 'consultation',
    versionId: c.consultation_version_id,
    comments,
    unanswered: comments - answered,
    stances: byField,
    myStances: Object.fromEntries(mine.map((m) => [m.field, m.stance as 'agree' | 'disagree'])),
    followers,
    following: !!following,
  };
}
