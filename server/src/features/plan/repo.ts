/** Kysely queries for the plan: its row, commitments read page by page, endorsements, evidence counts. */
import { TEXT_FIELDS, type Endorsement, type Plan, type PlanDocCommitment, type PlanMetaInput, type PolicyArea, type TextField } from '@mesa/shared';
import type { Conn } from '../../db/database.ts';
import type { ProcessRowOf } from '../processes/service.ts';

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

/** What the plan and its exports show of the process. */
export const PLAN_PROCESS_COLUMNS = ['id', 'slug', 'title', 'description', 'language', 'active_phase'] as const;
export type ProcessRow = ProcessRowOf<(typeof PLAN_PROCESS_COLUMNS)[number]>;

export function findPlanRow(db: Conn, processId: string) {
  return db.selectFrom('plans').leftJoin('users', 'users.id', 'plans.adopted_by')
    .selectAll('plans').select('users.display_name as adopted_by_name')
    .where('plans.process_id', '=', processId).executeTakeFirst();
}
export type PlanRow = NonNullable<Awaited<ReturnType<typeof findPlanRow>>>;

/** Creates the (empty) plan row of a process when it has none yet. */
export async function ensurePlanRow(db: Conn, processId: string) {
  await db.insertInto('plans').values({ process_id: processId }).onConflict((oc) => oc.column('process_id').doNothing()).execute();
}

export async function writePlanMeta(db: Conn, processId: string, m: PlanMetaInput) {
  await db.insertInto('plans').values({ process_id: processId, ...metaColumns(m) })
    .onConflict((oc) => oc.column('process_id').doUpdateSet({ ...metaColumns(m), updated_at: new Date() })).execute();
}

function metaColumns(m: PlanMetaInput) {
  return {
    title: m.title, period_start: m.periodStart, period_end: m.periodEnd, lead_institution: m.leadInstitution, forum: m.forum,
    independent_monitor: m.independentMonitor, contact: m.contact, ogp_page_url: m.ogpPageUrl,
  };
}

export async function countCommitments(db: Conn, processId: string) {
  const r = await db.selectFrom('commitments').select((eb) => eb.fn.countAll<number>().as('n')).where('process_id', '=', processId).executeTakeFirstOrThrow();
  return Number(r.n);
}

export function planView(p: ProcessRow, row: PlanRow | undefined, commitments: number): Plan {
  return {
    processSlug: p.slug, processTitle: p.title, title: row?.title || p.title, periodStart: row?.period_start ?? null, periodEnd: row?.period_end ?? null,
    leadInstitution: row?.lead_institution ?? '', forum: row?.forum ?? '', independentMonitor: row?.independent_monitor ?? '',
    contact: row?.contact ?? '', ogpPageUrl: row?.ogp_page_url ?? '', adoptedAt: iso(row?.adopted_at ?? null), adoptedBy: row?.adopted_by_name ?? null, commitments,
  };
}

export const PAGE_SIZE = 25;

/**
 * The process's commitments in reference order, one page at a time, each with its milestones:
 * exports hold one page in memory, never the whole plan's texts.
 */
export async function* commitmentPages(db: Conn, processId: string, pageSize = PAGE_SIZE): AsyncGenerator<(PlanDocCommitment & { id: string; state: string })[]> {
  let after: string | null = null;
  for (;;) {
    let q = db.selectFrom('commitments').select(['id', 'reference', 'title', 'state', 'area', 'lead_institution', 'stakeholders', 'starts_on', 'ends_on', 'contact', 'fields'])
      .where('process_id', '=', processId);
    if (after !== null) q = q.where('reference', '>', after);
    const rows = await q.orderBy('reference').limit(pageSize).execute();
    if (rows.length === 0) return;
    const milestones = await db.selectFrom('milestones').selectAll().where('commitment_id', 'in', rows.map((r) => r.id)).orderBy('commitment_id').orderBy('position').execute();
    yield rows.map((r) => {
      const raw = r.fields as Record<string, string>;
      const stakeholders = r.stakeholders as { government?: string[]; civilSociety?: string[] };
      return {
        id: r.id, state: r.state, reference: r.reference, title: r.title, area: r.area as PolicyArea, leadInstitution: r.lead_institution,
        supportingStakeholders: { government: stakeholders.government ?? [], civilSociety: stakeholders.civilSociety ?? [] },
        startsOn: r.starts_on, endsOn: r.ends_on, contact: r.contact,
        fields: Object.fromEntries(TEXT_FIELDS.map((f) => [f, raw[f] ?? ''])) as Record<TextField, string>,
        milestones: milestones.filter((m) => m.commitment_id === r.id).map((m) => ({
          title: m.title, deliverable: m.deliverable, startsOn: m.starts_on, endsOn: m.ends_on, responsible: m.responsible,
          status: m.status as PlanDocCommitment['milestones'][number]['status'], progress: m.progress,
        })),
      };
    });
    if (rows.length < pageSize) return;
    after = rows.at(-1)!.reference;
  }
}

/** References and titles only (for tables of contents). */
export function commitmentHeadings(db: Conn, processId: string) {
  return db.selectFrom('commitments').select(['reference', 'title']).where('process_id', '=', processId).orderBy('reference').execute();
}

type EndorsementRow = { id: string; organisation: string; representative: string; role: string; statement: string; status: string; created_at: Date; reviewed_at: Date | null };

export function endorsementView(r: EndorsementRow): Endorsement {
  return {
    id: r.id, organisation: r.organisation, representative: r.representative, role: r.role, statement: r.statement,
    status: r.status as Endorsement['status'], createdAt: iso(r.created_at)!, reviewedAt: iso(r.reviewed_at),
  };
}

const ENDORSEMENT_COLUMNS = ['id', 'organisation', 'representative', 'role', 'statement', 'status', 'created_at', 'reviewed_at'] as const;

/** Endorsements in a stable order that does not depend on ids (confirmed ones by confirmation time). */
export function listEndorsements(db: Conn, processId: string, status: 'confirmed' | 'pending' | 'rejected' | 'all') {
  let q = db.selectFrom('endorsements').select(ENDORSEMENT_COLUMNS).where('process_id', '=', processId);
  if (status !== 'all') q = q.where('status', '=', status);
  return q.orderBy('reviewed_at').orderBy('created_at').orderBy('organisation').orderBy('representative').orderBy('role').execute();
}

export function findOwnEndorsement(db: Conn, processId: string, userId: string) {
  return db.selectFrom('endorsements').select(ENDORSEMENT_COLUMNS).where('process_id', '=', processId).where('user_id', '=', userId).executeTakeFirst();
}

export function findEndorsement(db: Conn, id: string) {
  return db.selectFrom('endorsements').select([...ENDORSEMENT_COLUMNS, 'process_id']).where('id', '=', id).executeTakeFirst();
}

/** Simple counts of the co-creation records, for the exports' annex. */
export async function evidenceCounts(db: Conn, processId: string) {
  const count = (n: unknown) => Number(n);
  const [bySector, comments, consultation, workshops, participants, rounds] = await Promise.all([
    db.selectFrom('proposals').select(['sector', (eb) => eb.fn.countAll<number>().as('n')]).where('process_id', '=', processId).groupBy('sector').orderBy('sector').execute(),
    db.selectFrom('comments').select((eb) => eb.fn.countAll<number>().as('n')).where('process_id', '=', processId).where('target_type', '=', 'proposals').where('deleted_at', 'is', null).executeTakeFirstOrThrow(),
    db.selectFrom('comments').select((eb) => eb.fn.countAll<number>().as('n')).where('process_id', '=', processId).where('target_type', '=', 'commitments').where('deleted_at', 'is', null).executeTakeFirstOrThrow(),
    db.selectFrom('workshops').select((eb) => eb.fn.countAll<number>().as('n')).where('process_id', '=', processId).executeTakeFirstOrThrow(),
    db.selectFrom('workshop_participants').select((eb) => eb.fn.countAll<number>().as('n')).where('process_id', '=', processId).where('removed', '=', false).executeTakeFirstOrThrow(),
    db.selectFrom('rounds').select((eb) => eb.fn.countAll<number>().as('n')).where('process_id', '=', processId).executeTakeFirstOrThrow(),
  ]);
  const sectors = bySector.map((r) => ({ sector: r.sector, count: count(r.n) }));
  return {
    proposals: sectors.reduce((s, r) => s + r.count, 0), proposalsBySector: sectors, proposalComments: count(comments.n),
    consultationComments: count(consultation.n), workshops: count(workshops.n), workshopParticipants: count(participants.n), rounds: count(rounds.n),
  };
}
export type EvidenceCounts = Awaited<ReturnType<typeof evidenceCounts>>;
