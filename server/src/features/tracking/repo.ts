/** Kysely queries for tracking: milestones with their commitment, dated updates, monitor notes. */
import { sql } from 'kysely';
import type { MilestoneUpdate } from '@mesa/shared';
import type { Conn } from '../../db/database.ts';

const iso = (d: Date | string) => new Date(d).toISOString();
const day = (d: string | Date | null) => (d === null ? null : typeof d === 'string' ? d.slice(0, 10) : iso(d).slice(0, 10));

/** A milestone with what deciding about it needs (locked for update when asked). */
export function findMilestone(db: Conn, id: string, lock = false) {
  let q = db.selectFrom('milestones')
    .innerJoin('commitments', 'commitments.id', 'milestones.commitment_id')
    .innerJoin('processes', 'processes.id', 'milestones.process_id')
    .select(['milestones.id', 'milestones.commitment_id', 'milestones.process_id', 'milestones.title', 'milestones.status', 'milestones.progress',
      'commitments.reference', 'commitments.state as commitment_state', 'processes.slug', 'processes.active_phase'])
    .where('milestones.id', '=', id);
  if (lock) q = q.forUpdate(['milestones']);
  return q.executeTakeFirst();
}
export type MilestoneRow = NonNullable<Awaited<ReturnType<typeof findMilestone>>>;

/** The commitment's leads: the drafters who carry it (commitment_drafters). */
export async function leadsOf(db: Conn, commitmentIds: string[], userId: string) {
  if (commitmentIds.length === 0) return new Set<string>();
  const rows = await db.selectFrom('commitment_drafters').select('commitment_id').where('user_id', '=', userId).where('commitment_id', 'in', commitmentIds).execute();
  return new Set(rows.map((r) => r.commitment_id));
}

export async function hasRole(db: Conn, processId: string, userId: string, role: string) {
  return (await db.selectFrom('memberships').select('role').where('process_id', '=', processId).where('user_id', '=', userId).where('role', '=', role).executeTakeFirst()) !== undefined;
}

/** Records one dated update and makes it the milestone's current state. */
export async function recordUpdate(trx: Conn, m: MilestoneRow, u: { status: string; progress: number; note: string; evidenceUrl: string | null; authorId: string; source: 'form' | 'import' }) {
  const row = await trx.insertInto('milestone_updates').values({
    milestone_id: m.id, commitment_id: m.commitment_id, process_id: m.process_id, status: u.status, progress: u.progress,
    note: u.note, evidence_url: u.evidenceUrl, author_id: u.authorId, source: u.source,
  }).returning('id').executeTakeFirstOrThrow();
  await trx.updateTable('milestones').set({ status: u.status, progress: u.progress }).where('id', '=', m.id).execute();
  return row.id;
}

/** Commitments the public can follow: out of drafting, or every one once the plan is adopted. */
export async function trackedCommitments(db: Conn, processId: string, adopted: boolean, everything: boolean) {
  let q = db.selectFrom('commitments').select(['id', 'reference', 'title', 'lead_institution', 'state', 'starts_on', 'ends_on']).where('process_id', '=', processId);
  if (!adopted && !everything) q = q.where('state', '<>', 'drafting');
  const commitments = await q.orderBy('reference').execute();
  const ids = commitments.map((c) => c.id);
  const milestones = ids.length ? await db.selectFrom('milestones')
    .select(['id', 'commitment_id', 'title', 'starts_on', 'ends_on', 'responsible', 'status', 'progress',
      (eb) => eb.selectFrom('milestone_updates').select(sql<Date>`max(created_at)`.as('m')).whereRef('milestone_updates.milestone_id', '=', 'milestones.id').as('last_update_at')])
    .where('commitment_id', 'in', ids).orderBy('commitment_id').orderBy('position').execute() : [];
  return commitments.map((c) => ({
    id: c.id, reference: c.reference, title: c.title, leadInstitution: c.lead_institution, state: c.state, startsOn: day(c.starts_on), endsOn: day(c.ends_on),
    milestones: milestones.filter((m) => m.commitment_id === c.id).map((m) => ({
      id: m.id, title: m.title, startsOn: day(m.starts_on), endsOn: day(m.ends_on), responsible: m.responsible, status: m.status, progress: m.progress,
      lastUpdateAt: m.last_update_at ? iso(m.last_update_at) : null,
    })),
  }));
}

/** The latest updates of these commitments, newest first, with the monitor's notes. */
export async function latestUpdates(db: Conn, processId: string, commitmentIds: string[], limit: number): Promise<MilestoneUpdate[]> {
  if (commitmentIds.length === 0) return [];
  const rows = await db.selectFrom('milestone_updates as u')
    .innerJoin('milestones as m', 'm.id', 'u.milestone_id')
    .innerJoin('commitments as c', 'c.id', 'u.commitment_id')
    .leftJoin('users as a', 'a.id', 'u.author_id')
    .select(['u.id', 'u.milestone_id', 'm.title as milestone_title', 'u.commitment_id', 'c.reference', 'u.status', 'u.progress', 'u.note', 'u.evidence_url', 'u.source', 'u.created_at', 'a.display_name'])
    .where('u.process_id', '=', processId).where('u.commitment_id', 'in', commitmentIds)
    .orderBy('u.created_at', 'desc').orderBy('u.id', 'desc').limit(limit).execute();
  const notes = rows.length ? await db.selectFrom('monitor_notes as n').leftJoin('users as a', 'a.id', 'n.author_id')
    .select(['n.id', 'n.update_id', 'n.body', 'n.created_at', 'a.display_name'])
    .where('n.process_id', '=', processId).where('n.update_id', 'in', rows.map((r) => r.id)).orderBy('n.created_at').execute() : [];
  return rows.map((r) => ({
    id: r.id, milestoneId: r.milestone_id, milestoneTitle: r.milestone_title, commitmentId: r.commitment_id, commitmentReference: r.reference,
    status: r.status as MilestoneUpdate['status'], progress: r.progress, note: r.note, evidenceUrl: r.evidence_url, authorName: r.display_name,
    source: r.source as MilestoneUpdate['source'], createdAt: iso(r.created_at),
    monitorNotes: notes.filter((n) => n.update_id === r.id).map((n) => ({ id: n.id, body: n.body, authorName: n.display_name, createdAt: iso(n.created_at) })),
  }));
}

/** Milestones of the process keyed for the import: by id, and by "REFERENCE#position" (1-based). */
export async function milestoneIndex(db: Conn, processId: string) {
  const rows = await db.selectFrom('milestones').innerJoin('commitments', 'commitments.id', 'milestones.commitment_id')
    .select(['milestones.id', 'milestones.position', 'commitments.reference'])
    .where('milestones.process_id', '=', processId).orderBy('commitments.reference').orderBy('milestones.position').execute();
  const byRef = new Map<string, string>();
  const positions = new Map<string, number>();
  for (const r of rows) {
    const n = (positions.get(r.reference) ?? 0) + 1; // positions may have gaps: count them in order
    positions.set(r.reference, n);
    byRef.set(`${r.reference.toUpperCase()}#${n}`, r.id);
  }
  return { ids: new Set(rows.map((r) => r.id)), byRef };
}

export function findUpdate(db: Conn, id: string) {
  return db.selectFrom('milestone_updates').innerJoin('processes', 'processes.id', 'milestone_updates.process_id')
    .select(['milestone_updates.id', 'milestone_updates.process_id', 'processes.slug']).where('milestone_updates.id', '=', id).executeTakeFirst();
}

export async function insertNote(db: Conn, n: { updateId: string; processId: string; authorId: string; body: string }) {
  return db.insertInto('monitor_notes').values({ update_id: n.updateId, process_id: n.processId, author_id: n.authorId, body: n.body })
    .returning(['id', 'created_at']).executeTakeFirstOrThrow();
}
