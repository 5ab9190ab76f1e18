/** Kysely queries for workshops and their participants. */
import { sql } from 'kysely';
import type { Workshop } from '@mesa/shared';
import type { Conn } from '../../db/database.ts';
import { reference } from '../proposals/rules.ts';

const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);

export function findWorkshop(db: Conn, id: string) {
  return db.selectFrom('workshops').innerJoin('processes', 'processes.id', 'workshops.process_id')
    .selectAll('workshops').select(['processes.slug'])
    .where('workshops.id', '=', id).executeTakeFirst();
}
export type WorkshopRow = NonNullable<Awaited<ReturnType<typeof findWorkshop>>>;

export async function attendance(db: Conn, workshopId: string) {
  const rows = await db.selectFrom('workshop_participants').select(['sector', 'guest_id', sql<number>`count(*)::int`.as('n')])
    .where('workshop_id', '=', workshopId).where('removed', '=', false).groupBy(['sector', 'guest_id']).execute();
  const bySector: Record<string, number> = {};
  let total = 0;
  let guests = 0;
  for (const r of rows) {
    bySector[r.sector ?? 'resident'] = (bySector[r.sector ?? 'resident'] ?? 0) + Number(r.n);
    total += Number(r.n);
    if (r.guest_id) guests += Number(r.n);
  }
  return { total, bySector, guests };
}

export function findParticipant(db: Conn, workshopId: string, key: string) {
  return db.selectFrom('workshop_participants').select(['participant_key', 'display_name', 'sector', 'removed', 'table_no'])
    .where('workshop_id', '=', workshopId).where('participant_key', '=', key).executeTakeFirst();
}

export async function upsertParticipant(db: Conn, p: { workshopId: string; processId: string; key: string; userId: string | null; guestId: string | null; displayName: string; sector: string | null }) {
  await db.insertInto('workshop_participants').values({
    workshop_id: p.workshopId, process_id: p.processId, participant_key: p.key, user_id: p.userId, guest_id: p.guestId,
    display_name: p.displayName, sector: p.sector,
  }).onConflict((oc) => oc.columns(['workshop_id', 'participant_key']).doUpdateSet({ display_name: p.displayName, sector: p.sector })).execute();
}

export async function workshopView(db: Conn, w: WorkshopRow, viewer: { canFacilitate: boolean; me: { key: string; displayName: string; sector: string | null; table: number | null } | null }, baseUrl: string): Promise<Workshop> {
  const agenda = w.agenda as ({ proposalId: string } | { commitmentId: string } | { title: string })[];
  const ids = agenda.flatMap((a) => ('proposalId' in a ? [a.proposalId] : []));
  const proposals = ids.length ? await db.selectFrom('proposals').select(['id', 'title', 'number']).where('id', 'in', ids).execute() : [];
  const byId = new Map(proposals.map((p) => [p.id, p]));
  const commitmentIds = agenda.flatMap((a) => ('commitmentId' in a ? [a.commitmentId] : []));
  const commitments = new Map((commitmentIds.length
    ? await db.selectFrom('commitments').select(['id', 'title', 'reference']).where('id', 'in', commitmentIds).execute() : []).map((c) => [c.id, c]));
  const rounds = await db.selectFrom('rounds').select(['id', 'title', 'method', 'state', 'closes_at', 'results_visible'])
    .where('workshop_id', '=', w.id).orderBy('created_at').execute();
  const present = await attendance(db, w.id);
  return {
    id: w.id, processSlug: w.slug, title: w.title, currentItem: w.current_item, startsAt: iso(w.starts_at)!, mode: w.mode as Workshop['mode'],
    // The join code lets anyone in as a guest: only those who run the workshop see it (participants already know it).
    videoUrl: w.video_url, code: viewer.canFacilitate ? w.code : null, joinUrl: viewer.canFacilitate ? `${baseUrl}/join/${w.code}` : null, state: w.state as Workshop['state'], locked: w.locked,
    tables: w.tables_count, participants: present.total, participantsBySector: present.bySector, canFacilitate: viewer.canFacilitate, me: viewer.me,
    agenda: agenda.map((a) => ('proposalId' in a
      ? { proposalId: a.proposalId, title: byId.get(a.proposalId)?.title ?? '', reference: byId.has(a.proposalId) ? reference(byId.get(a.proposalId)!.number) : undefined }
      : 'commitmentId' in a
        ? { commitmentId: a.commitmentId, title: commitments.get(a.commitmentId)?.title ?? '', reference: commitments.get(a.commitmentId)?.reference }
        : { title: a.title })),
    rounds: rounds.map((r) => ({ id: r.id, title: r.title, method: r.method, state: r.state, closesAt: iso(r.closes_at), resultsVisible: r.results_visible })),
  };
}

/** A process's workshops by start time, with what the list shows. */
export function listWorkshops(db: Conn, slug: string) {
  return db.selectFrom('workshops').innerJoin('processes', 'processes.id', 'workshops.process_id')
    .select(['workshops.id', 'workshops.title', 'workshops.starts_at', 'workshops.mode', 'workshops.state', 'workshops.outcome'])
    .where('processes.slug', '=', slug).orderBy('workshops.starts_at').execute();
}

export async function setLocked(db: Conn, workshopId: string, locked: boolean) {
  await db.updateTable('workshops').set({ locked }).where('id', '=', workshopId).execute();
}

/** Who is present (not removed), by arrival. */
export function presentParticipants(db: Conn, workshopId: string) {
  return db.selectFrom('workshop_participants').select(['participant_key', 'display_name', 'sector', 'guest_id', 'joined_at'])
    .where('workshop_id', '=', workshopId).where('removed', '=', false).orderBy('joined_at').execute();
}

/** Who sits at a table of the workshop, by name. */
export async function tableMembers(db: Conn, workshopId: string, table: number) {
  const rows = await db.selectFrom('workshop_participants').select(['participant_key', 'display_name', 'sector'])
    .where('workshop_id', '=', workshopId).where('removed', '=', false).where('table_no', '=', table).orderBy('display_name').execute();
  return rows.map((m) => ({ key: m.participant_key, displayName: m.display_name, sector: m.sector }));
}

/** The latest message/timer sent to everyone, read from the workshop room's kept events; null when none. */
export async function lastBroadcast(db: Conn, workshopId: string) {
  const last = await db.selectFrom('room_events').select('data').where('room', '=', `workshop:${workshopId}`).where('event', '=', 'workshop/broadcast')
    .orderBy('seq', 'desc').limit(1).executeTakeFirst();
  return (last?.data ?? null) as { message: string | null; endsAt: string | null } | null;
}
