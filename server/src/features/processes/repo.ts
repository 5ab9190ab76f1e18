/** Kysely queries for processes, their phases, timeline and memberships. */
import type { CreateProcessBody, Locale, Phase, PhaseKind, Process, TimelineEntry } from '@mesa/shared';
import { sql, type Selectable } from 'kysely';
import type { Conn, ProcessesTable } from '../../db/database.ts';
import { problem } from '../../plugins/problems.ts';

const iso = (d: Date | string) => new Date(d).toISOString();

/** Inserts a process with its phases; returns its id, or null when the slug is taken. */
export async function insertProcess(trx: Conn, body: CreateProcessBody, createdBy: string | null): Promise<string | null> {
  const row = await trx.insertInto('processes')
    .values({ slug: body.slug, title: body.title, description: body.description, language: body.language, active_phase: null, created_by: createdBy })
    .onConflict((oc) => oc.column('slug').doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!row) return null;
  await insertPhases(trx, row.id, body.phases);
  return row.id;
}

export async function insertPhases(trx: Conn, processId: string, phases: Phase[]) {
  await trx.insertInto('process_phases')
    .values(phases.map((p, position) => ({ process_id: processId, kind: p.kind, position, starts_at: p.startsAt, ends_at: p.endsAt })))
    .execute();
}

export async function deletePhases(trx: Conn, processId: string) {
  await trx.deleteFrom('process_phases').where('process_id', '=', processId).execute();
}

export async function recordTimeline(trx: Conn, processId: string, action: TimelineEntry['action'], actorId: string | null, detail: TimelineEntry['detail']) {
  await trx.insertInto('process_timeline').values({ process_id: processId, action, actor_id: actorId, detail: JSON.stringify(detail) }).execute();
}

export async function recordAudit(trx: Conn, e: { processId: string | null; actorId: string; action: string; targetType: string; targetId: string; detail?: Record<string, unknown> }) {
  await trx.insertInto('audit_log').values({
    process_id: e.processId, actor_id: e.actorId, action: e.action, target_type: e.targetType, target_id: e.targetId,
    detail: JSON.stringify(e.detail ?? {}),
  }).execute();
}

export type ProcessColumn = keyof ProcessesTable;
export type ProcessRowOf<C extends ProcessColumn> = Pick<Selectable<ProcessesTable>, C>;

/**
 * The process with that slug, only the columns asked for; `lock` holds its row for the rest of
 * the transaction (serialises phase changes and whatever must not race one). Undefined when unknown.
 */
export async function findProcessRow<C extends ProcessColumn>(db: Conn, slug: string, columns: readonly C[], opts: { lock?: boolean } = {}):
  Promise<ProcessRowOf<C> | undefined> {
  let q = db.selectFrom('processes').select(columns as readonly ProcessColumn[]).where('slug', '=', slug);
  if (opts.lock) q = q.forUpdate();
  return (await q.executeTakeFirst()) as ProcessRowOf<C> | undefined;
}

/** `findProcessRow`, or 404 `not-found` (process) when there is no such process. */
export async function requireProcess<C extends ProcessColumn>(db: Conn, slug: string, columns: readonly C[], opts: { lock?: boolean } = {}):
  Promise<ProcessRowOf<C>> {
  const row = await findProcessRow(db, slug, columns, opts);
  if (!row) throw problem.notFound('process');
  return row;
}


/** Whether `kind` was ever opened (the timeline keeps every opening). */
export async function phaseEverOpened(db: Conn, processId: string, kind: PhaseKind) {
  return (await db.selectFrom('process_timeline').select('id')
    .where('process_id', '=', processId).where('action', '=', 'phase-opened').where(sql<string>`detail->>'kind'`, '=', kind)
    .executeTakeFirst()) !== undefined;
}

export async function hasAnyProcess(db: Conn) {
  return (await db.selectFrom('processes').select('id').limit(1).executeTakeFirst()) !== undefined;
}

export async function setActivePhase(trx: Conn, processId: string, kind: PhaseKind) {
  await trx.updateTable('processes').set({ active_phase: kind }).where('id', '=', processId).execute();
}

type ProcessRow = { id: string; slug: string; title: string; description: string; language: string; active_phase: string | null; created_at: Date };

async function hydrate(db: Conn, rows: ProcessRow[]): Promise<Process[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const phases = await db.selectFrom('process_phases').selectAll().where('process_id', 'in', ids).orderBy('position').execute();
  const timeline = await db.selectFrom('process_timeline')
    .leftJoin('users', 'users.id', 'process_timeline.actor_id')
    .select(['process_timeline.id', 'process_timeline.process_id', 'process_timeline.at', 'process_timeline.action', 'process_timeline.detail', 'users.display_name'])
    .where('process_timeline.process_id', 'in', ids)
    .orderBy('process_timeline.at').orderBy('process_timeline.id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    slug: r.slug,
    title: r.title,
    description: r.description,
    language: r.language as Locale,
    activePhase: r.active_phase as PhaseKind | null,
    createdAt: iso(r.created_at),
    phases: phases.filter((p) => p.process_id === r.id)
      .map((p) => ({ kind: p.kind as PhaseKind, startsAt: iso(p.starts_at), endsAt: iso(p.ends_at) })),
    timeline: timeline.filter((t) => t.process_id === r.id).map((t) => ({
      id: t.id, at: iso(t.at), action: t.action as TimelineEntry['action'], actorName: t.display_name ?? null,
      detail: t.detail as TimelineEntry['detail'],
    })),
  }));
}

const PROCESS_COLUMNS = ['id', 'slug', 'title', 'description', 'language', 'active_phase', 'created_at'] as const;

export async function findProcess(db: Conn, slug: string): Promise<Process | null> {
  const row = await db.selectFrom('processes').select(PROCESS_COLUMNS).where('slug', '=', slug).executeTakeFirst();
  return row ? (await hydrate(db, [row]))[0]! : null;
}

/** A page of processes, newest first, after `cursor` ([createdAt, id] of the last item seen). */
export async function listProcesses(db: Conn, limit: number, after: { createdAt: string; id: string } | null) {
  let q = db.selectFrom('processes').select(PROCESS_COLUMNS);
  if (after) {
    q = q.where((eb) => eb.or([
      eb('created_at', '<', new Date(after.createdAt)),
      eb.and([eb('created_at', '=', new Date(after.createdAt)), eb('id', '<', after.id)]),
    ]));
  }
  const rows = await q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit + 1).execute();
  const total = await db.selectFrom('processes').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return { rows: await hydrate(db, rows.slice(0, limit)), more: rows.length > limit, total: Number(total.n) };
}

export async function upsertMembership(trx: Conn, m: { processId: string; userId: string; role: string; sector: string | null; organisation: string | null }) {
  await trx.insertInto('memberships')
    .values({ process_id: m.processId, user_id: m.userId, role: m.role, sector: m.sector, organisation: m.organisation })
    .onConflict((oc) => oc.columns(['process_id', 'user_id', 'role']).doUpdateSet({ sector: m.sector, organisation: m.organisation }))
    .execute();
}

/** Deletes the user's membership in that role (every role when none is given); how many went. */
export async function deleteMembership(trx: Conn, processId: string, userId: string, role: string | undefined) {
  let q = trx.deleteFrom('memberships').where('process_id', '=', processId).where('user_id', '=', userId);
  if (role) q = q.where('role', '=', role);
  return (await q.returning('role').execute()).map((r) => r.role);
}

/** Takes the user off the drafting team of every commitment of the process; how many teams. */
export async function leaveDraftingTeams(trx: Conn, processId: string, userId: string) {
  const r = await trx.deleteFrom('commitment_drafters').where('user_id', '=', userId)
    .where('commitment_id', 'in', (eb) => eb.selectFrom('commitments').select('id').where('process_id', '=', processId))
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}

export function listMembers(db: Conn, processId: string) {
  return db.selectFrom('memberships').innerJoin('users', 'users.id', 'memberships.user_id')
    .select(['memberships.user_id', 'users.display_name', 'memberships.role', 'memberships.sector', 'memberships.organisation'])
    .where('memberships.process_id', '=', processId)
    .orderBy('users.display_name').execute();
}

export async function userExists(db: Conn, userId: string) {
  return (await db.selectFrom('users').select('id').where('id', '=', userId).executeTakeFirst()) !== undefined;
}

/** Sets how commitments are numbered (prefix and next number); false when there is no such process. */
export async function setReferenceNumbering(db: Conn, slug: string, prefix: string, next: number): Promise<boolean> {
  const r = await db.updateTable('processes').set({ reference_prefix: prefix, reference_next: next }).where('slug', '=', slug).executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** Takes the process's next commitment number. */
export async function takeReferenceNumber(trx: Conn, processId: string): Promise<number> {
  const n = await trx.updateTable('processes').set({ reference_next: sql`reference_next + 1` }).where('id', '=', processId).returning('reference_next').executeTakeFirstOrThrow();
  return n.reference_next - 1;
}
