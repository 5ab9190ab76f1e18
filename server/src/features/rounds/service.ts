/** Round intents: createRound, openRound, closeRound, castBallot, compare, enterPaperBallot, results. */
import { randomBytes, randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { tally, validateBallot, validateComparison, describeMethod, type Ballot, type Comparison, type CreateRoundBody, type PhaseKind, type RoundResults, type RoundSettings, type Sector } from '@mesa/shared';
import type { Db } from '../../db/database.ts';
import type { SessionGuest, SessionUser } from '../../plugins/auth.ts';
import { ProblemError, problem } from '../../plugins/problems.ts';
import { assertPhaseOpen } from '../processes/rules.ts';
import { recordAudit, requireProcess } from '../processes/service.ts';
import { reference } from '../proposals/rules.ts';
import { idsInPlay, idsInProcess, selectForDrafting } from '../proposals/service.ts';
import {
  ballotCount, findRound, insertCombinedRound, insertComparison, memberships, roundIdsOf, roundView, tableRoundsOf, upsertBallot, votesOf, workshopRoundsIn, type RoundRow,
} from './repo.ts';
import { acceptsBallots, canManage, settingsFor, voterSector } from './rules.ts';

const roundClosed = () => new ProblemError(409, 'round-closed', 'round-closed');

async function loadRound(db: Db, id: string) {
  const r = await findRound(db, id);
  if (!r) throw problem.notFound('round');
  return r;
}

async function assertManager(db: Db, processId: string, user: SessionUser) {
  if (!canManage(user.isAdmin, await memberships(db, processId, user.id))) throw problem.notAllowed('facilitator-only');
}

export async function createRound(db: Db, slug: string, body: CreateRoundBody, user: SessionUser) {
  const process = await requireProcess(db, slug, ['id', 'active_phase']);
  await assertManager(db, process.id, user);
  if (body.method === 'poll' && !body.options) throw problem.validation([{ path: 'body.options', message: 'a poll needs options' }]);
  let items = body.proposalIds;
  if (body.tableNo && !body.workshopId) throw problem.validation([{ path: 'body.tableNo', message: 'a table round belongs to a workshop' }]);
  if (body.workshopId) items = await workshopItems(db, process.id, body.workshopId, items, body.tableNo);
  if (items) {
    const unique = [...new Set(items)];
    // A poll on an agenda item without a proposal covers none: `in ()` is not SQL.
    const found = await idsInProcess(db, process.id, unique);
    if (found.length !== unique.length) throw problem.validation([{ path: 'body.proposalIds', message: 'every proposal must belong to this process' }]);
    items = unique;
  } else {
    items = await idsInPlay(db, process.id);
  }
  if (body.method !== 'poll' && items.length === 0) throw problem.validation([{ path: 'body.proposalIds', message: 'no proposals to prioritise' }]);
  const settings = settingsFor(body, items, randomBytes(4).toString('hex'));
  const row = await db.insertInto('rounds').values({
    process_id: process.id, workshop_id: body.workshopId ?? null, table_no: body.tableNo ?? null, title: body.title, method: body.method, settings: JSON.stringify(settings),
    results_visible: body.resultsVisible, eligibility: body.eligibility, duration_sec: body.durationSec ?? null, created_by: user.id, results: null,
  }).returning('id').executeTakeFirstOrThrow();
  return roundView((await findRound(db, row.id))!, 0);
}

export async function openRound(db: Db, id: string, user: SessionUser) {
  const r = await loadRound(db, id);
  await assertManager(db, r.process_id, user);
  assertPhaseOpen({ activePhase: r.active_phase as PhaseKind | null }, 'score-proposals');
  if (r.state !== 'draft') throw roundClosed();
  await db.updateTable('rounds').set({
    state: 'open', opened_at: sql`now()`,
    closes_at: r.duration_sec ? sql`now() + make_interval(secs => ${r.duration_sec})` : null,
  }).where('id', '=', id).where('state', '=', 'draft').execute();
  await recordAudit(db, { processId: r.process_id, actorId: user.id, action: 'round.opened', targetType: 'rounds', targetId: id });
  return roundView((await findRound(db, id))!, 0);
}

/** Closes the round and freezes its results (closed results never change). */
export async function closeRound(db: Db, id: string, actorId: string | null) {
  const closed = await db.transaction().execute(async (trx) => {
    const r = await findRound(trx, id, true);
    if (!r) throw problem.notFound('round');
    if (r.state !== 'open') return null;
    const { votes, paper } = await votesOf(trx, id);
    const results = { ...tally(r.settings as RoundSettings, votes), paperBallots: paper };
    await trx.updateTable('rounds').set({ state: 'closed', closed_at: sql`now()`, results: JSON.stringify(results) }).where('id', '=', id).execute();
    if (actorId) await recordAudit(trx, { processId: r.process_id, actorId, action: 'round.closed', targetType: 'rounds', targetId: id });
    return r;
  });
  return closed;
}

export async function revealRound(db: Db, id: string, revealed: boolean, user: SessionUser) {
  const r = await loadRound(db, id);
  await assertManager(db, r.process_id, user);
  await db.updateTable('rounds').set({ results_visible: revealed }).where('id', '=', id).execute();
  return roundView((await findRound(db, id))!, await ballotCount(db, id));
}

export async function closeRoundAsManager(db: Db, id: string, user: SessionUser) {
  const r = await loadRound(db, id);
  await assertManager(db, r.process_id, user);
  if (r.state !== 'open') throw roundClosed();
  await closeRound(db, id, user.id);
  const after = (await findRound(db, id))!;
  return roundView(after, await ballotCount(db, id));
}

/** Who is asking: an account, a workshop guest, or nobody. */
export interface Caller { user: SessionUser | null; guest: SessionGuest | null }

/** The caller's ballot key in a round: their account, or `guest:<id>` for a workshop guest. */
export function participantKey(r: { workshop_id: string | null }, who: Caller): string | null {
  if (who.user) return who.user.id;
  return who.guest && r.workshop_id === who.guest.workshopId ? `guest:${who.guest.id}` : null;
}

/** Workshop rounds: everyone present (guests included); other rounds: forum members (or residents). */
async function voterFor(db: Db, r: RoundRow, who: Caller): Promise<{ key: string; sector: Sector | null }> {
  if (!who.user && !who.guest) throw problem.unauthorised();
  if (r.workshop_id) {
    const key = participantKey(r, who);
    const present = key && await db.selectFrom('workshop_participants').select(['sector', 'table_no'])
      .where('workshop_id', '=', r.workshop_id).where('participant_key', '=', key).where('removed', '=', false).executeTakeFirst();
    if (!key || !present) throw problem.notAllowed('workshop-participants-only');
    if (r.table_no && present.table_no !== r.table_no) throw problem.notAllowed('other-table');
    return { key, sector: present.sector as Sector | null };
  }
  if (!who.user) throw problem.notAllowed('forum-members-only');
  const sector = voterSector(r.eligibility, await memberships(db, r.process_id, who.user.id));
  if (sector === false) throw problem.notAllowed('forum-members-only');
  return { key: who.user.id, sector };
}

/** The round if it takes ballots now (closing it first if its deadline passed), and the caller as a voter. */
async function forVoting(db: Db, id: string, who: Caller) {
  let r = await loadRound(db, id);
  if (r.state === 'open' && !acceptsBallots({ state: r.state, closesAt: r.closes_at }, new Date())) {
    await closeRound(db, id, null);
    r = (await findRound(db, id))!;
  }
  const voter = await voterFor(db, r, who);
  if (!acceptsBallots({ state: r.state, closesAt: r.closes_at }, new Date())) throw roundClosed();
  assertPhaseOpen({ activePhase: r.active_phase as PhaseKind | null }, 'score-proposals');
  return { r, voter };
}

export async function castBallot(db: Db, id: string, ballot: Ballot, who: Caller) {
  const { r, voter } = await forVoting(db, id, who);
  const errors = validateBallot(r.settings as RoundSettings, ballot);
  if (errors.length) throw problem.validation(errors.map((e) => ({ path: `body.${e.path}`, message: e.message })));
  await upsertBallot(db, { roundId: id, processId: r.process_id, key: voter.key, userId: who.user?.id ?? null, sector: voter.sector, ballot, paper: false });
  return r;
}

export async function compare(db: Db, id: string, c: Comparison, who: Caller) {
  const { r, voter } = await forVoting(db, id, who);
  const errors = validateComparison(r.settings as RoundSettings, c);
  if (errors.length) throw problem.validation(errors.map((e) => ({ path: `body.${e.path}`, message: e.message })));
  await insertComparison(db, { roundId: id, processId: r.process_id, key: voter.key, sector: voter.sector, comparison: c });
  return r;
}

/** A facilitator enters a ballot from an in-person table: for a named forum member, or anonymous. */
export async function enterPaperBallot(db: Db, id: string, p: { ballot: Ballot; memberId?: string; sector?: Sector; label?: string }, user: SessionUser) {
  const r = await loadRound(db, id);
  await assertManager(db, r.process_id, user);
  if (!acceptsBallots({ state: r.state, closesAt: r.closes_at }, new Date())) throw roundClosed();
  const errors = validateBallot(r.settings as RoundSettings, p.ballot);
  if (errors.length) throw problem.validation(errors.map((e) => ({ path: `body.ballot.${e.path}`, message: e.message })));
  let sector: Sector | null = p.sector ?? null;
  if (p.memberId) {
    const m = await memberships(db, r.process_id, p.memberId);
    if (!m.roles.has('forum-member')) throw problem.validation([{ path: 'body.memberId', message: 'not a forum member of this process' }]);
    sector = m.sector;
  }
  const key = p.memberId ?? `paper:${randomUUID()}`;
  await upsertBallot(db, { roundId: id, processId: r.process_id, key, userId: p.memberId ?? null, sector, ballot: p.ballot, paper: true, label: p.label ?? null, enteredBy: user.id });
  await recordAudit(db, { processId: r.process_id, actorId: user.id, action: 'round.paper-ballot', targetType: 'rounds', targetId: id, detail: { participant: key } });
  return { r, key };
}

/** Results: final once closed; running results only when the round shows them, or to its managers. */
export async function roundResults(db: Db, id: string, user: SessionUser | null): Promise<RoundResults> {
  let r: RoundRow = await loadRound(db, id);
  if (r.state === 'open' && r.closes_at && new Date() >= r.closes_at) {
    await closeRound(db, id, null);
    r = (await findRound(db, id))!;
  }
  const settings = r.settings as RoundSettings;
  if (r.state !== 'closed' && !r.results_visible && !(user && canManage(user.isAdmin, await memberships(db, r.process_id, user.id)))) {
    throw problem.notAllowed('results-not-published');
  }
  const computed = r.state === 'closed' && r.results
    ? r.results as ReturnType<typeof tally> & { paperBallots: number }
    : await votesOf(db, id).then(({ votes, paper }) => ({ ...tally(settings, votes), paperBallots: paper }));
  const proposals = settings.method === 'poll' ? [] : await db.selectFrom('proposals').select(['id', 'title', 'number'])
    .where('id', 'in', settings.items.length ? settings.items : ['00000000-0000-0000-0000-000000000000']).execute();
  const byId = new Map(proposals.map((p) => [p.id, p]));
  return {
    roundId: id, method: settings.method, final: r.state === 'closed', description: describeMethod(settings),
    participants: computed.participants, participantsBySector: computed.participantsBySector as Record<string, number>,
    paperBallots: computed.paperBallots, equalSectorWeight: computed.equalSectorWeight, seed: computed.seed,
    items: computed.items.map((i) => ({
      ...i, bySector: i.bySector as Record<string, number>,
      ...(byId.get(i.proposalId) ? { title: byId.get(i.proposalId)!.title, reference: reference(byId.get(i.proposalId)!.number) } : {}),
    })),
  };
}

/** A workshop round covers proposals on the workshop's agenda (by default, the current item). */
async function workshopItems(db: Db, processId: string, workshopId: string, asked: string[] | undefined, tableNo: number | undefined) {
  const w = await db.selectFrom('workshops').select(['agenda', 'current_item', 'state', 'tables_count']).where('id', '=', workshopId).where('process_id', '=', processId).executeTakeFirst();
  if (!w) throw problem.validation([{ path: 'body.workshopId', message: 'not a workshop of this process' }]);
  if (tableNo && tableNo > w.tables_count) throw problem.validation([{ path: 'body.tableNo', message: 'no such table' }]);
  if (w.state === 'closed') throw new ProblemError(409, 'conflict', 'workshop-closed');
  const agenda = (w.agenda as { proposalId?: string }[]).flatMap((a) => (a.proposalId ? [a.proposalId] : []));
  if (!asked) {
    const current = (w.agenda as { proposalId?: string }[])[w.current_item]?.proposalId;
    return current ? [current] : agenda;
  }
  const off = asked.findIndex((id) => !agenda.includes(id));
  if (off >= 0) throw problem.validation([{ path: `body.proposalIds.${off}`, message: 'not on the workshop agenda' }]);
  return asked;
}

/** Marks the proposals selected for drafting (clears the others; admin, audited): how many. */
export async function selectProposals(db: Db, process: { id: string }, ids: string[], admin: SessionUser): Promise<number> {
  return db.transaction().execute(async (trx) => {
    await selectForDrafting(trx, process.id, ids);
    await recordAudit(trx, { processId: process.id, actorId: admin.id, action: 'proposals.selected-for-drafting', targetType: 'processes', targetId: process.id, detail: { proposalIds: ids } });
    return ids.length;
  });
}

/** Rounds of a process, newest first, as the API shows them. */
export async function processRounds(db: Db, processId: string) {
  const ids = await roundIdsOf(db, processId);
  return Promise.all(ids.map(async (id) => roundView((await findRound(db, id))!, await ballotCount(db, id))));
}

/** Reads the workshops feature builds on (breakout tables, the live room). */
export { findRound, latestRoundVoters, memberships, roundView, votesOf } from './repo.ts';

/** A workshop's table rounds with how many ballots are in. */
export function tableRounds(db: Db, workshopId: string) {
  return tableRoundsOf(db, workshopId);
}

/**
 * One closed round over the ballots of a workshop's table rounds `ids` together (each ballot
 * counted once); 400 unless they are table rounds of that workshop sharing method and items.
 */
export async function combineRounds(db: Db, w: { processId: string; workshopId: string }, ids: string[], title: string, actorId: string): Promise<string> {
  const rounds = await workshopRoundsIn(db, w.workshopId, ids);
  if (rounds.length !== ids.length || rounds.some((r) => !r.table_no)) throw problem.validation([{ path: 'body.roundIds', message: 'rounds of this workshop\'s tables' }]);
  const first = rounds[0]!.settings as RoundSettings;
  const same = rounds.every((r) => {
    const s = r.settings as RoundSettings;
    return s.method === first.method && s.items.join() === first.items.join() && JSON.stringify(s.criteria) === JSON.stringify(first.criteria);
  });
  if (!same) throw problem.validation([{ path: 'body.roundIds', message: 'the rounds must share method and items' }]);
  const all = await Promise.all(ids.map((id) => votesOf(db, id)));
  const votes = all.flatMap((v) => v.votes);
  const settings: RoundSettings = { ...first, seed: randomBytes(4).toString('hex') };
  const results = { ...tally(settings, votes), paperBallots: all.reduce((a, v) => a + v.paper, 0) };
  return insertCombinedRound(db, { processId: w.processId, workshopId: w.workshopId, title, settings, results, from: ids, createdBy: actorId });
}
