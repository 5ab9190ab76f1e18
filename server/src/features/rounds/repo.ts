/** Kysely queries for rounds, ballots and comparisons. */
import { sql } from 'kysely';
import type { Ballot, Comparison, MembershipRole, Round, RoundSettings, Sector, Vote } from '@mesa/shared';
import { describeMethod } from '@mesa/shared';
import type { Conn } from '../../db/database.ts';
import type { Memberships } from './rules.ts';

const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);

export type RoundRow = Awaited<ReturnType<typeof findRound>> & object;

export function findRound(db: Conn, id: string, lock = false) {
  let q = db.selectFrom('rounds').innerJoin('processes', 'processes.id', 'rounds.process_id')
    .select(['rounds.id', 'rounds.process_id', 'rounds.workshop_id', 'rounds.title', 'rounds.method', 'rounds.settings', 'rounds.state',
      'rounds.results_visible', 'rounds.eligibility', 'rounds.duration_sec', 'rounds.created_at', 'rounds.opened_at', 'rounds.closes_at',
      'rounds.closed_at', 'rounds.results', 'rounds.table_no', 'rounds.combined_from', 'processes.slug', 'processes.active_phase'])
    .where('rounds.id', '=', id);
  if (lock) q = q.forUpdate(['rounds']);
  return q.executeTakeFirst();
}

export async function memberships(db: Conn, processId: string, userId: string | undefined): Promise<Memberships> {
  if (!userId) return { roles: new Set(), sector: null };
  const rows = await db.selectFrom('memberships').select(['role', 'sector']).where('process_id', '=', processId).where('user_id', '=', userId).execute();
  return { roles: new Set(rows.map((r) => r.role as MembershipRole)), sector: (rows.find((r) => r.sector)?.sector ?? null) as Sector | null };
}

export async function ballotCount(db: Conn, roundId: string) {
  const [b, c] = await Promise.all([
    db.selectFrom('ballots').select(sql<number>`count(*)::int`.as('n')).where('round_id', '=', roundId).executeTakeFirstOrThrow(),
    db.selectFrom('comparisons').select(sql<number>`count(distinct participant_key)::int`.as('n')).where('round_id', '=', roundId).executeTakeFirstOrThrow(),
  ]);
  return Number(b.n) + Number(c.n);
}

export function roundView(r: RoundRow, ballots: number): Round {
  const s = r.settings as RoundSettings;
  return {
    id: r.id, processSlug: r.slug, workshopId: r.workshop_id, tableNo: r.table_no, combinedFrom: (r.combined_from as string[] | null) ?? null, title: r.title, method: s.method, state: r.state as Round['state'],
    items: s.items, criteria: s.criteria, dotsPerParticipant: s.dotsPerParticipant, maxDotsPerItem: s.maxDotsPerItem, maxRanked: s.maxRanked,
    resultsVisible: r.results_visible, eligibility: r.eligibility as Round['eligibility'], equalSectorWeight: s.equalSectorWeight,
    seed: s.seed, description: describeMethod(s), ballots,
    openedAt: iso(r.opened_at), closesAt: iso(r.closes_at), closedAt: iso(r.closed_at), createdAt: iso(r.created_at)!,
  };
}

/** Stores (or replaces) one participant's ballot. */
export async function upsertBallot(db: Conn, b: { roundId: string; processId: string; key: string; userId: string | null; sector: Sector | null; ballot: Ballot; paper: boolean; label?: string | null; enteredBy?: string | null }) {
  await db.insertInto('ballots').values({
    round_id: b.roundId, process_id: b.processId, participant_key: b.key, user_id: b.userId, sector: b.sector,
    ballot: JSON.stringify(b.ballot), paper: b.paper, label: b.label ?? null, entered_by: b.enteredBy ?? null,
  }).onConflict((oc) => oc.columns(['round_id', 'participant_key']).doUpdateSet({
    ballot: JSON.stringify(b.ballot), sector: b.sector, paper: b.paper, label: b.label ?? null, entered_by: b.enteredBy ?? null,
    updated_at: sql`clock_timestamp()`,
  })).execute();
}

export async function insertComparison(db: Conn, c: { roundId: string; processId: string; key: string; sector: Sector | null; comparison: Comparison }) {
  const [winner, loser, skipped] = 'skip' in c.comparison ? [c.comparison.skip[0], c.comparison.skip[1], true] : [c.comparison.winnerId, c.comparison.loserId, false];
  await db.insertInto('comparisons').values({ round_id: c.roundId, process_id: c.processId, participant_key: c.key, sector: c.sector, winner_id: winner, loser_id: loser, skipped }).execute();
}

/** Everyone's say in a round, as the engine reads it, and how many came on paper. */
export async function votesOf(db: Conn, roundId: string): Promise<{ votes: Vote[]; paper: number }> {
  const ballots = await db.selectFrom('ballots').select(['participant_key', 'sector', 'ballot', 'paper']).where('round_id', '=', roundId).execute();
  const comparisons = await db.selectFrom('comparisons').select(['participant_key', 'sector', 'winner_id', 'loser_id', 'skipped'])
    .where('round_id', '=', roundId).orderBy('created_at').execute();
  const byKey = new Map<string, Vote>();
  for (const b of ballots) byKey.set(b.participant_key, { participant: b.participant_key, sector: b.sector as Sector | null, ballot: b.ballot as Ballot });
  for (const c of comparisons) {
    const v = byKey.get(c.participant_key) ?? { participant: c.participant_key, sector: c.sector as Sector | null, comparisons: [] };
    v.comparisons ??= [];
    v.comparisons.push(c.skipped ? { skip: [c.winner_id, c.loser_id] } : { winnerId: c.winner_id, loserId: c.loser_id });
    byKey.set(c.participant_key, v);
  }
  return { votes: [...byKey.values()], paper: ballots.filter((b) => b.paper).length };
}

/** The ids of a process's rounds, newest first. */
export async function roundIdsOf(db: Conn, processId: string): Promise<string[]> {
  return (await db.selectFrom('rounds').select('id').where('process_id', '=', processId).orderBy('created_at', 'desc').execute()).map((r) => r.id);
}

/** A workshop's table rounds with how many ballots are in, oldest first. */
export function tableRoundsOf(db: Conn, workshopId: string) {
  return db.selectFrom('rounds').select(['id', 'title', 'state', 'table_no', sql<number>`(select count(*)::int from ballots b where b.round_id = rounds.id)`.as('ballots')])
    .where('workshop_id', '=', workshopId).where('table_no', 'is not', null).orderBy('created_at').execute();
}

/** Of `ids`, the rounds of the workshop, with what combining them compares. */
export function workshopRoundsIn(db: Conn, workshopId: string, ids: string[]) {
  return db.selectFrom('rounds').select(['id', 'settings', 'table_no', 'method']).where('id', 'in', ids).where('workshop_id', '=', workshopId).execute();
}

/** A closed plenary round whose results were tallied from other rounds' ballots; its id. */
export async function insertCombinedRound(db: Conn, r: { processId: string; workshopId: string; title: string; settings: RoundSettings; results: unknown; from: string[]; createdBy: string }) {
  const row = await db.insertInto('rounds').values({
    process_id: r.processId, workshop_id: r.workshopId, table_no: null, title: r.title, method: r.settings.method, settings: JSON.stringify(r.settings),
    state: 'closed', results_visible: true, eligibility: 'forum', created_by: r.createdBy, opened_at: sql`now()` as never, closed_at: sql`now()` as never,
    results: JSON.stringify(r.results), combined_from: JSON.stringify(r.from),
  }).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

/** A workshop's latest round and the participant keys with a ballot in it. */
export async function latestRoundVoters(db: Conn, workshopId: string): Promise<{ roundId: string | null; voted: Set<string> }> {
  const round = await db.selectFrom('rounds').select('id').where('workshop_id', '=', workshopId).orderBy('created_at', 'desc').limit(1).executeTakeFirst();
  if (!round) return { roundId: null, voted: new Set() };
  const ballots = await db.selectFrom('ballots').select('participant_key').where('round_id', '=', round.id).execute();
  return { roundId: round.id, voted: new Set(ballots.map((b) => b.participant_key)) };
}

/** A participant's ballot in a round, or undefined. */
export function findBallot(db: Conn, roundId: string, key: string) {
  return db.selectFrom('ballots').select(['ballot', 'updated_at']).where('round_id', '=', roundId).where('participant_key', '=', key).executeTakeFirst();
}
