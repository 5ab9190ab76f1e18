/** Kysely queries gathering the records the evidence report is computed from (every query filtered by process). */
import { sql } from 'kysely';
import type { Meeting, MeetingBody } from '@mesa/shared';
import type { Conn } from '../../db/database.ts';

const iso = (d: Date | string) => new Date(d).toISOString();
/**
 * Proposals made by merging others are not inputs: their sources are. (A hashed anti-join:
 * merged_into has no index, and a correlated `not exists` would scan the proposals once per row.)
 */
const notAMergeResult = (processId: string) =>
  sql<boolean>`p.id not in (select s.merged_into from proposals s where s.process_id = ${processId} and s.merged_into is not null)`;

/** Proposals received, by sector of their source, and how many of those still due an answer have one (their own, or that of the proposal they were merged into). */
export async function proposalInputs(db: Conn, processId: string) {
  const { rows } = await sql<{ sector: string; received: number; due: number; answered: number }>`
    select p.sector,
      count(*)::int as received,
      (count(*) filter (where p.state <> 'withdrawn'))::int as due,
      (count(*) filter (where p.state <> 'withdrawn' and (p.answer_published_at is not null or m.answer_published_at is not null)))::int as answered
    from proposals p left join proposals m on m.id = p.merged_into
    where p.process_id = ${processId} and p.hidden = false and ${notAMergeResult(processId)}
    group by p.sector`.execute(db);
  return rows.map((r) => ({ sector: r.sector, received: Number(r.received), due: Number(r.due), answered: Number(r.answered) }));
}

/** Consultation comments (top-level comments on the process's commitments, neither deleted nor hidden) and how many have a reasoned response. */
export async function consultationInputs(db: Conn, processId: string) {
  const { rows } = await sql<{ comments: number; answered: number }>`
    select count(*)::int as comments, (count(*) filter (where c.response is not null))::int as answered from comments c
    where c.process_id = ${processId} and c.target_type = 'commitments' and c.parent_id is null and c.deleted_at is null and c.hidden = false`.execute(db);
  return { comments: Number(rows[0]?.comments ?? 0), answered: Number(rows[0]?.answered ?? 0) };
}

/**
 * Everyone who took part, once each, with the sector they took part as: their forum membership's
 * sector first, then the one they gave in a workshop or round, then their proposals'; and their
 * self-described profile, if any. Admins are not counted.
 */
export async function participants(db: Conn, processId: string) {
  const { rows } = await sql<{ sector: string | null; gender: string | null; disability: string | null; n: number }>`
    with acts as (
      select user_id::text as who, user_id as uid, sector, 1 as pri from memberships where process_id = ${processId} and role <> 'monitor'
      union all
      select coalesce(user_id::text, participant_key), user_id, sector, 2 from workshop_participants where process_id = ${processId} and removed = false
      union all
      select coalesce(user_id::text, participant_key), user_id, sector, 2 from ballots where process_id = ${processId}
      union all
      select p.author_id::text, p.author_id, p.sector, 3 from proposals p where p.process_id = ${processId} and p.author_id is not null and ${notAMergeResult(processId)}
      union all
      select user_id::text, user_id, null, 4 from proposal_supports where process_id = ${processId}
      union all
      select author_id::text, author_id, null, 4 from comments where process_id = ${processId} and author_id is not null and deleted_at is null
    ), people as (
      select who, (array_agg(uid) filter (where uid is not null))[1] as uid, (array_agg(sector order by pri) filter (where sector is not null))[1] as sector
      from acts group by who
    )
    select people.sector, pp.gender, pp.disability, count(*)::int as n
    from people left join participant_profiles pp on pp.user_id = people.uid
    -- admins run the process (and are the recorded authors of imported proposals): they are not counted as participants
    where people.uid is null or people.uid not in (select id from users where is_admin)
    group by people.sector, pp.gender, pp.disability`.execute(db);
  return rows.map((r) => ({ ...r, n: Number(r.n) }));
}

/** Organisations named by those taking part (proposals and memberships), case and spacing ignored. */
export async function organisations(db: Conn, processId: string) {
  const { rows } = await sql<{ name: string }>`
    select min(name) as name from (
      select trim(p.organisation) as name from proposals p where p.process_id = ${processId} and p.hidden = false and p.organisation is not null and ${notAMergeResult(processId)}
      union all
      select trim(organisation) from memberships where process_id = ${processId} and organisation is not null and role <> 'monitor'
    ) o where name <> '' group by lower(name) order by min(name)`.execute(db);
  return rows.map((r) => r.name);
}

/** Workshops that have started (held or under way) with their attendance. */
export async function heldWorkshops(db: Conn, processId: string, now: Date) {
  const { rows } = await sql<{ id: string; title: string; starts_at: Date; state: string; sector: string | null; n: number }>`
    select w.id, w.title, w.starts_at, w.state, wp.sector, count(wp.participant_key)::int as n
    from workshops w left join workshop_participants wp on wp.workshop_id = w.id and wp.removed = false
    where w.process_id = ${processId} and (w.starts_at <= ${now} or w.state = 'closed')
    group by w.id, w.title, w.starts_at, w.state, wp.sector order by w.starts_at, w.id`.execute(db);
  const byId = new Map<string, { id: string; title: string; startsAt: string; state: string; attendance: number; bySector: Record<string, number> }>();
  for (const r of rows) {
    const w = byId.get(r.id) ?? { id: r.id, title: r.title, startsAt: iso(r.starts_at), state: r.state, attendance: 0, bySector: {} };
    byId.set(r.id, w);
    const n = Number(r.n);
    if (n === 0) continue;
    w.attendance += n;
    const key = r.sector ?? 'resident';
    w.bySector[key] = (w.bySector[key] ?? 0) + n;
  }
  return [...byId.values()];
}

const meetingView = (m: { id: string; held_on: string | Date; title: string; kind: string; attendance: Record<string, number>; minutes_url: string | null }): Meeting => ({
  id: m.id, heldOn: typeof m.held_on === 'string' ? m.held_on.slice(0, 10) : iso(m.held_on).slice(0, 10), title: m.title, kind: m.kind as Meeting['kind'],
  attendance: m.attendance, attendanceTotal: Object.values(m.attendance).reduce((a, b) => a + b, 0), minutesUrl: m.minutes_url,
});

export async function listMeetings(db: Conn, processId: string): Promise<Meeting[]> {
  const rows = await db.selectFrom('public_meetings').select(['id', 'held_on', 'title', 'kind', 'attendance', 'minutes_url'])
    .where('process_id', '=', processId).orderBy('held_on').orderBy('created_at').execute();
  return rows.map(meetingView);
}

export async function insertMeeting(db: Conn, processId: string, m: MeetingBody, actorId: string): Promise<Meeting> {
  const row = await db.insertInto('public_meetings').values({
    process_id: processId, held_on: m.heldOn, title: m.title, kind: m.kind, attendance: JSON.stringify(m.attendance), minutes_url: m.minutesUrl ?? null, created_by: actorId,
  }).returning(['id', 'held_on', 'title', 'kind', 'attendance', 'minutes_url']).executeTakeFirstOrThrow();
  return meetingView(row);
}

export async function deleteMeeting(db: Conn, processId: string, id: string) {
  const r = await db.deleteFrom('public_meetings').where('id', '=', id).where('process_id', '=', processId).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

export async function forumMembers(db: Conn, processId: string) {
  return db.selectFrom('memberships').select(['sector']).where('process_id', '=', processId).where('role', '=', 'forum-member').execute();
}

export async function commitmentRefs(db: Conn, processId: string) {
  const rows = await db.selectFrom('commitments').select('reference').where('process_id', '=', processId).orderBy('reference').execute();
  return rows.map((r) => r.reference);
}

export async function planFacts(db: Conn, processId: string) {
  return db.selectFrom('plans').select(['ogp_page_url', 'adopted_at', 'forum']).where('process_id', '=', processId).executeTakeFirst();
}

export async function updateDates(db: Conn, processId: string) {
  const rows = await db.selectFrom('milestone_updates').select('created_at').where('process_id', '=', processId).orderBy('created_at').execute();
  return rows.map((r) => new Date(r.created_at));
}

export async function reportedFigures(db: Conn, processId: string) {
  return db.selectFrom('reported_figures').select(['inputs_reported', 'note']).where('process_id', '=', processId).executeTakeFirst();
}

export async function saveReportedFigures(db: Conn, processId: string, f: { inputsReported: number | null; note: string }, actorId: string) {
  await db.insertInto('reported_figures').values({ process_id: processId, inputs_reported: f.inputsReported, note: f.note, updated_by: actorId })
    .onConflict((oc) => oc.column('process_id').doUpdateSet({ inputs_reported: f.inputsReported, note: f.note, updated_by: actorId, updated_at: new Date() }))
    .execute();
}

export async function findProfile(db: Conn, userId: string) {
  return db.selectFrom('participant_profiles').select(['gender', 'disability']).where('user_id', '=', userId).executeTakeFirst();
}

export async function saveProfile(db: Conn, userId: string, p: { gender: string | null; disability: string | null }) {
  await db.insertInto('participant_profiles').values({ user_id: userId, gender: p.gender, disability: p.disability })
    .onConflict((oc) => oc.column('user_id').doUpdateSet({ gender: p.gender, disability: p.disability, updated_at: new Date() }))
    .execute();
}
