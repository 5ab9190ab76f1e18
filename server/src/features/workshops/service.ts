/** Workshop intents: createWorkshop, joinWorkshop, moveAgenda, lockRoom, removeParticipant, closeWorkshop. */
import { sql } from 'kysely';
import type { CreateWorkshopBody, Sector } from '@mesa/shared';
import type { Db } from '../../db/database.ts';
import type { SessionGuest, SessionUser } from '../../plugins/auth.ts';
import { ProblemError, problem } from '../../plugins/problems.ts';
import { recordAudit, requireProcess } from '../processes/service.ts';
import { closeRound, latestRoundVoters, memberships } from '../rounds/service.ts';
import {
  attendance, findParticipant, findWorkshop, listWorkshops, presentParticipants, setLocked, upsertParticipant, type WorkshopRow,
} from './repo.ts';
import { canFacilitate, joinVerdict, MAX_FAILED_JOINS_PER_MINUTE, newJoinCode } from './rules.ts';

export interface Who { user: SessionUser | null; guest: SessionGuest | null }

export const keyOf = (who: Who) => (who.user ? who.user.id : who.guest ? `guest:${who.guest.id}` : null);

/** What the caller may do with the workshop: run it, and/or take part as `me`. */
export async function access(db: Db, w: WorkshopRow, who: Who) {
  const roles = (await memberships(db, w.process_id, who.user?.id)).roles;
  const facilitates = canFacilitate(who.user, roles, w.created_by);
  const key = who.guest && who.guest.workshopId !== w.id ? null : keyOf(who);
  const row = key ? await findParticipant(db, w.id, key) : undefined;
  const me = row && !row.removed ? { key: row.participant_key, displayName: row.display_name, sector: row.sector, table: row.table_no } : null;
  return { facilitates, me, member: roles.size > 0 };
}

export async function loadWorkshop(db: Db, id: string, who: Who, need: 'view' | 'facilitate') {
  const w = await findWorkshop(db, id);
  if (!w) throw problem.notFound('workshop');
  const a = await access(db, w, who);
  if (need === 'facilitate' && !a.facilitates) throw who.user ? problem.notAllowed('facilitator-only') : problem.unauthorised();
  if (need === 'view' && !a.facilitates && !a.me && !a.member) throw who.user || who.guest ? problem.notAllowed('workshop-participants-only') : problem.unauthorised();
  return { w, ...a };
}

export async function createWorkshop(db: Db, slug: string, body: CreateWorkshopBody, user: SessionUser) {
  const process = await requireProcess(db, slug, ['id']);
  if (!canFacilitate(user, (await memberships(db, process.id, user.id)).roles, null)) throw problem.notAllowed('facilitator-only');
  const ids = body.agenda.flatMap((a) => ('proposalId' in a ? [a.proposalId] : []));
  if (ids.length) {
    const found = await db.selectFrom('proposals').select('id').where('process_id', '=', process.id).where('id', 'in', ids).execute();
    const known = new Set(found.map((f) => f.id));
    const bad = body.agenda.findIndex((a) => 'proposalId' in a && !known.has(a.proposalId));
    if (bad >= 0) throw problem.validation([{ path: `body.agenda.${bad}.proposalId`, message: 'not a proposal of this process' }]);
  }
  const commitmentIds = body.agenda.flatMap((a) => ('commitmentId' in a ? [a.commitmentId] : []));
  if (commitmentIds.length) {
    const found = await db.selectFrom('commitments').select('id').where('process_id', '=', process.id).where('id', 'in', commitmentIds).execute();
    const known = new Set(found.map((f) => f.id));
    const bad = body.agenda.findIndex((a) => 'commitmentId' in a && !known.has(a.commitmentId));
    if (bad >= 0) throw problem.validation([{ path: `body.agenda.${bad}.commitmentId`, message: 'not a commitment of this process' }]);
  }
  for (let attempt = 0; attempt < 5; attempt++) {
    const row = await db.insertInto('workshops').values({
      process_id: process.id, title: body.title, agenda: JSON.stringify(body.agenda), starts_at: body.startsAt, mode: body.mode,
      video_url: body.videoUrl ?? null, code: newJoinCode(), created_by: user.id, outcome: null,
    }).onConflict((oc) => oc.column('code').doNothing()).returning('id').executeTakeFirst();
    if (row) {
      await recordAudit(db, { processId: process.id, actorId: user.id, action: 'workshop.created', targetType: 'workshops', targetId: row.id });
      return row.id;
    }
  }
  throw new Error('no free join code after 5 tries');
}

async function failedJoins(db: Db, key: string) {
  const r = await db.selectFrom('join_attempts').select(sql<number>`count(*)::int`.as('n'))
    .where('key', '=', key).where('at', '>', new Date(Date.now() - 60_000)).executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Joins by code: a signed-in user keeps their account; anyone else becomes a guest of this workshop only. */
export async function joinWorkshop(db: Db, j: { code: string; displayName: string; sector?: Sector }, who: Who, ip: string) {
  const limitKey = `join-ip:${ip}`;
  if ((await failedJoins(db, limitKey)) >= MAX_FAILED_JOINS_PER_MINUTE) {
    throw new ProblemError(429, 'rate-limited', 'rate-limited', {}, undefined, { 'retry-after': '60' });
  }
  const w = await db.selectFrom('workshops').select(['id', 'process_id', 'state', 'locked']).where('code', '=', j.code).executeTakeFirst();
  if (!w || w.state === 'closed') {
    await db.insertInto('join_attempts').values({ key: limitKey }).execute();
    throw problem.notFound('workshop-code');
  }
  return enter(db, w, j, who);
}

/**
 * A signed-in member of the process (or a facilitator) joins by the workshop's id: they may see
 * the workshop already, so they need no code (which only those who run it see).
 */
export async function joinAsMember(db: Db, id: string, j: { displayName: string; sector?: Sector }, user: SessionUser) {
  const w = await findWorkshop(db, id);
  if (!w) throw problem.notFound('workshop');
  const a = await access(db, w, { user, guest: null });
  if (!a.member && !a.facilitates) throw problem.notAllowed('workshop-participants-only');
  if (w.state === 'closed') throw new ProblemError(409, 'conflict', 'workshop-closed');
  return enter(db, w, j, { user, guest: null });
}

async function enter(db: Db, w: { id: string; process_id: string; state: string; locked: boolean }, j: { displayName: string; sector?: Sector }, who: Who) {
  const key = who.guest?.workshopId === w.id ? `guest:${who.guest.id}` : who.user ? who.user.id : null;
  const existing = key ? await findParticipant(db, w.id, key) : undefined;
  if (existing?.removed) throw problem.notAllowed('removed-from-workshop');
  const verdict = joinVerdict(w, !!existing);
  if (verdict === 'locked') throw new ProblemError(409, 'conflict', 'workshop-locked');
  if (who.user) {
    const m = await memberships(db, w.process_id, who.user.id);
    await upsertParticipant(db, { workshopId: w.id, processId: w.process_id, key: who.user.id, userId: who.user.id, guestId: null, displayName: j.displayName, sector: m.sector ?? j.sector ?? null });
    return { workshopId: w.id, newGuestId: null };
  }
  if (key && existing) return { workshopId: w.id, newGuestId: null };
  const guest = await db.insertInto('guests').values({ workshop_id: w.id, display_name: j.displayName, sector: j.sector ?? null }).returning('id').executeTakeFirstOrThrow();
  await upsertParticipant(db, { workshopId: w.id, processId: w.process_id, key: `guest:${guest.id}`, userId: null, guestId: guest.id, displayName: j.displayName, sector: j.sector ?? null });
  return { workshopId: w.id, newGuestId: guest.id };
}

export async function setCurrentItem(db: Db, w: WorkshopRow, index: number) {
  if (index >= (w.agenda as unknown[]).length) throw problem.validation([{ path: 'body.current', message: 'no such agenda item' }]);
  await db.updateTable('workshops').set({ current_item: index }).where('id', '=', w.id).execute();
}

/** Marks a participant removed (a guest's sessions end); returns who it was, so their open sockets can be shut out. */
export async function removeParticipant(db: Db, w: WorkshopRow, key: string, actorId: string): Promise<{ guestId: string | null; userId: string | null }> {
  const r = await db.updateTable('workshop_participants').set({ removed: true }).where('workshop_id', '=', w.id).where('participant_key', '=', key)
    .returning(['guest_id', 'user_id']).executeTakeFirst();
  if (!r) throw problem.notFound('participant');
  if (r.guest_id) await db.deleteFrom('sessions').where('guest_id', '=', r.guest_id).execute();
  await recordAudit(db, { processId: w.process_id, actorId, action: 'workshop.participant-removed', targetType: 'workshops', targetId: w.id, detail: { participant: key } });
  return { guestId: r.guest_id, userId: r.user_id };
}

/** Closes open rounds, records attendance by sector and each round's results as the workshop's outcome. */
export async function closeWorkshop(db: Db, w: WorkshopRow, actorId: string) {
  if (w.state === 'closed') throw new ProblemError(409, 'conflict', 'workshop-closed');
  const open = await db.selectFrom('rounds').select('id').where('workshop_id', '=', w.id).where('state', '=', 'open').execute();
  for (const r of open) await closeRound(db, r.id, actorId);
  const rounds = await db.selectFrom('rounds').select(['id', 'title', 'method', 'results']).where('workshop_id', '=', w.id).where('state', '=', 'closed').orderBy('created_at').execute();
  const outcome = {
    workshopId: w.id,
    closedAt: new Date().toISOString(),
    attendance: await attendance(db, w.id),
    rounds: rounds.map((r) => {
      const res = r.results as { participants: number; items: { proposalId: string; score: number; rank: number }[] } | null;
      return { roundId: r.id, title: r.title, method: r.method, participants: res?.participants ?? 0, top: (res?.items ?? []).slice(0, 5).map((i) => ({ proposalId: i.proposalId, score: i.score, rank: i.rank })) };
    }),
  };
  await db.updateTable('workshops').set({ state: 'closed', closed_at: sql`now()`, outcome: JSON.stringify(outcome) }).where('id', '=', w.id).execute();
  await recordAudit(db, { processId: w.process_id, actorId, action: 'workshop.closed', targetType: 'workshops', targetId: w.id, detail: { attendance: outcome.attendance.total } });
  return { outcome, closedRounds: open.map((r) => r.id) };
}

/** A process's workshops, with their recorded outcome once closed. */
export async function processWorkshops(db: Db, slug: string) {
  const rows = await listWorkshops(db, slug);
  return rows.map((r) => ({ id: r.id, title: r.title, startsAt: new Date(r.starts_at).toISOString(), mode: r.mode, state: r.state, outcome: r.outcome ?? null }));
}

/** Locks the room (no new joins) or opens it again. */
export async function lockWorkshop(db: Db, w: WorkshopRow, locked: boolean) {
  await setLocked(db, w.id, locked);
}

/** Who is present, and who voted in the workshop's current round. */
export async function participantsOf(db: Db, w: WorkshopRow) {
  const { roundId, voted } = await latestRoundVoters(db, w.id);
  const rows = await presentParticipants(db, w.id);
  return { roundId, items: rows.map((r) => ({ key: r.participant_key, displayName: r.display_name, sector: r.sector, guest: r.guest_id !== null, joinedAt: new Date(r.joined_at).toISOString(), voted: voted.has(r.participant_key) })) };
}
