/** Kysely queries for commitments: the view, access, milestones, versions. */
import { TEXT_FIELDS, type Commitment, type PolicyArea, type TextField } from '@mesa/shared';
import type { Conn } from '../../db/database.ts';
import { consultationSummary } from './consultation-repo.ts';

export function findCommitmentRow(db: Conn, id: string, lock = false) {
  let q = db.selectFrom('commitments').innerJoin('processes', 'processes.id', 'commitments.process_id')
    .selectAll('commitments').select(['processes.slug', 'processes.active_phase'])
    .where('commitments.id', '=', id);
  if (lock) q = q.forUpdate(['commitments']);
  return q.executeTakeFirst();
}
export type CommitmentRow = NonNullable<Awaited<ReturnType<typeof findCommitmentRow>>>;

/** Drafters of this commitment (and admins) edit it; process members read drafts; everyone reads it once in consultation. */
export async function accessTo(db: Conn, c: { id: string; process_id: string; state: string }, user: { id: string; isAdmin: boolean } | null) {
  if (!user) return { read: c.state !== 'drafting', edit: false };
  if (user.isAdmin) return { read: true, edit: true };
  const drafter = await db.selectFrom('commitment_drafters').select('user_id').where('commitment_id', '=', c.id).where('user_id', '=', user.id).executeTakeFirst();
  const member = await db.selectFrom('memberships').select('role').where('process_id', '=', c.process_id).where('user_id', '=', user.id).executeTakeFirst();
  return { read: c.state !== 'drafting' || !!drafter || !!member, edit: !!drafter };
}

export function fieldsOf(raw: Record<string, string>): Record<TextField, string> {
  return Object.fromEntries(TEXT_FIELDS.map((f) => [f, raw[f] ?? ''])) as Record<TextField, string>;
}

export async function commitmentView(db: Conn, c: CommitmentRow, canEdit: boolean, viewerId: string | null = null): Promise<Commitment> {
  const [milestones, sources, drafters, consultation] = await Promise.all([
    db.selectFrom('milestones').selectAll().where('commitment_id', '=', c.id).orderBy('position').execute(),
    db.selectFrom('commitment_sources').select('proposal_id').where('commitment_id', '=', c.id).execute(),
    db.selectFrom('commitment_drafters').innerJoin('users', 'users.id', 'commitment_drafters.user_id')
      .select(['users.id', 'users.display_name']).where('commitment_id', '=', c.id).orderBy('users.display_name').execute(),
    consultationSummary(db, c, viewerId),
  ]);
  return {
    id: c.id, reference: c.reference, processSlug: c.slug, title: c.title, state: c.state as Commitment['state'], area: c.area as PolicyArea,
    leadInstitution: c.lead_institution, supportingStakeholders: c.stakeholders, startsOn: c.starts_on, endsOn: c.ends_on, contact: c.contact,
    fields: fieldsOf(c.fields), version: c.version, canEdit, updatedAt: new Date(c.updated_at).toISOString(),
    milestones: milestones.map((m) => ({ id: m.id, title: m.title, deliverable: m.deliverable, startsOn: m.starts_on, endsOn: m.ends_on, responsible: m.responsible, status: m.status as Commitment['milestones'][number]['status'], progress: m.progress })),
    sources: sources.map((s) => s.proposal_id),
    drafters: drafters.map((d) => ({ userId: d.id, displayName: d.display_name })),
    consultation,
  };
}

/** The ids of a process's commitments, by reference. */
export async function commitmentIdsOf(db: Conn, slug: string): Promise<string[]> {
  return (await db.selectFrom('commitments').innerJoin('processes', 'processes.id', 'commitments.process_id')
    .select(['commitments.id']).where('processes.slug', '=', slug).orderBy('commitments.reference').execute()).map((r) => r.id);
}

/** The ids of the commitments a proposal fed. */
export async function commitmentIdsFedBy(db: Conn, proposalId: string): Promise<string[]> {
  return (await db.selectFrom('commitment_sources').select('commitment_id').where('proposal_id', '=', proposalId).execute()).map((r) => r.commitment_id);
}

export async function addDrafter(db: Conn, commitmentId: string, userId: string) {
  await db.insertInto('commitment_drafters').values({ commitment_id: commitmentId, user_id: userId }).onConflict((oc) => oc.doNothing()).execute();
}

/** A commitment's named versions, oldest first, with who named them. */
export function listVersions(db: Conn, commitmentId: string) {
  return db.selectFrom('commitment_versions').leftJoin('users', 'users.id', 'commitment_versions.created_by')
    .select(['commitment_versions.id', 'label', 'version', 'commitment_versions.created_at', 'users.display_name'])
    .where('commitment_id', '=', commitmentId).orderBy('commitment_versions.created_at').execute();
}
