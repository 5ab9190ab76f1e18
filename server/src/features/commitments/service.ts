/** Drafting intents: draftCommitment, editCommitment (with baseVersion), nameVersion, compareVersions. */
import { diffWords } from 'diff';
import { TEXT_FIELDS, type PhaseKind } from '@mesa/shared';
import type { z } from 'zod';
import type { CreateCommitmentBody, PatchCommitmentBody } from '@mesa/shared';
import type { Conn, Db } from '../../db/database.ts';
import type { SessionUser } from '../../plugins/auth.ts';
import { ProblemError, problem } from '../../plugins/problems.ts';
import { assertPhaseOpen } from '../processes/rules.ts';
import { recordAudit, requireProcess, takeReferenceNumber, userExists } from '../processes/service.ts';
import { selectedIdsIn } from '../proposals/service.ts';
import { replaceTexts } from './doc.ts';
import {
  accessTo, addDrafter, commitmentIdsFedBy, commitmentIdsOf, commitmentView, fieldsOf, findCommitmentRow, listVersions, type CommitmentRow,
} from './repo.ts';

export async function loadCommitment(db: Db, id: string, user: SessionUser | null) {
  const c = await findCommitmentRow(db, id);
  if (!c) throw problem.notFound('commitment');
  const access = await accessTo(db, c, user);
  if (!access.read) throw problem.notFound('commitment');
  return { c, access };
}

/** The reference: the process's prefix (default: the first letters of its address) and its next number, e.g. ARBA0007. */
export function referenceFor(prefix: string | null, slug: string, n: number) {
  const p = prefix ?? (slug.replace(/[^a-z]/g, '').slice(0, 4).toUpperCase() || 'MESA');
  return `${p}${String(n).padStart(4, '0')}`;
}

export async function draftCommitment(db: Db, slug: string, body: z.infer<typeof CreateCommitmentBody>, user: SessionUser) {
  const id = await db.transaction().execute(async (trx) => {
    const p = await requireProcess(trx, slug, ['id', 'slug', 'active_phase', 'reference_prefix']);
    const drafter = await trx.selectFrom('memberships').select('role').where('process_id', '=', p.id).where('user_id', '=', user.id).where('role', '=', 'drafter').executeTakeFirst();
    if (!user.isAdmin && !drafter) throw problem.notAllowed('drafters-only');
    assertPhaseOpen({ activePhase: p.active_phase as PhaseKind | null }, 'draft-commitment');
    const ids = [...new Set(body.sourceProposalIds)];
    const sources = await selectedIdsIn(trx, p.id, ids);
    if (sources.length !== ids.length) throw problem.validation([{ path: 'body.sourceProposalIds', message: 'proposals of this process selected for drafting' }]);
    const n = await takeReferenceNumber(trx, p.id);
    const row = await trx.insertInto('commitments').values({
      process_id: p.id, reference: referenceFor(p.reference_prefix, p.slug, n), title: body.title, area: body.area,
      lead_institution: body.leadInstitution ?? '', created_by: user.id, fields: JSON.stringify(fieldsOf({})),
    }).returning('id').executeTakeFirstOrThrow();
    await trx.insertInto('commitment_sources').values(ids.map((proposal_id) => ({ commitment_id: row.id, proposal_id, process_id: p.id }))).execute();
    await trx.insertInto('commitment_drafters').values({ commitment_id: row.id, user_id: user.id }).execute();
    await recordAudit(trx, { processId: p.id, actorId: user.id, action: 'commitment.created', targetType: 'commitments', targetId: row.id, detail: { sources: ids } });
    return row.id;
  });
  return commitmentView(db, (await findCommitmentRow(db, id))!, true, user.id);
}

/** Applies a PATCH when `baseVersion` is the current version; text fields go through the Yjs document. */
export async function editCommitment(db: Db, id: string, patch: z.infer<typeof PatchCommitmentBody>, user: SessionUser) {
  return db.transaction().execute(async (trx) => {
    const c = await findCommitmentRow(trx, id, true);
    if (!c) throw problem.notFound('commitment');
    const access = await accessTo(trx, c, user);
    if (!access.read) throw problem.notFound('commitment');
    if (!access.edit) throw problem.notAllowed('drafters-only');
    assertPhaseOpen({ activePhase: c.active_phase as PhaseKind | null }, 'draft-commitment');
    assertNotAdopted(c);
    if (patch.baseVersion !== c.version) throw new ProblemError(409, 'stale-version', 'stale-version', { version: c.version });
    const update = patch.fields ? await replaceTexts(trx, { id, processId: c.process_id }, patch.fields) : null;
    await trx.updateTable('commitments').set({
      version: c.version + 1, updated_at: new Date(),
      ...(patch.title !== undefined ? { title: patch.title } : {}), ...(patch.area !== undefined ? { area: patch.area } : {}),
      ...(patch.leadInstitution !== undefined ? { lead_institution: patch.leadInstitution } : {}),
      ...(patch.supportingStakeholders !== undefined ? { stakeholders: JSON.stringify(patch.supportingStakeholders) } : {}),
      ...(patch.startsOn !== undefined ? { starts_on: patch.startsOn } : {}), ...(patch.endsOn !== undefined ? { ends_on: patch.endsOn } : {}),
      ...(patch.contact !== undefined ? { contact: patch.contact } : {}),
    }).where('id', '=', id).execute();
    if (patch.milestones) {
      await trx.deleteFrom('milestones').where('commitment_id', '=', id).execute();
      if (patch.milestones.length) {
        await trx.insertInto('milestones').values(patch.milestones.map((m, position) => ({
          commitment_id: id, process_id: c.process_id, position, title: m.title, deliverable: m.deliverable, starts_on: m.startsOn, ends_on: m.endsOn, responsible: m.responsible,
        }))).execute();
      }
    }
    return { view: await commitmentView(trx, (await findCommitmentRow(trx, id))!, true, user.id), update, processId: c.process_id };
  });
}

export type Snapshot = Awaited<ReturnType<typeof snapshotOf>>;
async function snapshotOf(db: Conn, c: CommitmentRow) {
  const view = await commitmentView(db, c, false);
  return { title: view.title, fields: view.fields, leadInstitution: view.leadInstitution, startsOn: view.startsOn, endsOn: view.endsOn, milestones: view.milestones.map((m) => m.title) };
}

export async function nameVersion(db: Db, id: string, label: string, user: SessionUser) {
  const { c, access } = await loadCommitment(db, id, user);
  if (!access.edit) throw problem.notAllowed('drafters-only');
  const row = await recordVersion(db, c, label, user.id);
  return { id: row.id, label, version: c.version, createdAt: new Date(row.created_at).toISOString(), authorName: user.displayName };
}

/** Stores the commitment's current state as a named version. */
export async function recordVersion(db: Conn, c: CommitmentRow, label: string, userId: string) {
  return db.insertInto('commitment_versions').values({
    commitment_id: c.id, process_id: c.process_id, label, version: c.version, snapshot: JSON.stringify(await snapshotOf(db, c)), created_by: userId,
  }).returning(['id', 'created_at']).executeTakeFirstOrThrow();
}

/** A version's stored state, or the current one. */
export async function snapshotAt(db: Conn, c: CommitmentRow, versionId: string | 'current'): Promise<Snapshot | null> {
  if (versionId === 'current') return snapshotOf(db, c);
  const row = await db.selectFrom('commitment_versions').select('snapshot').where('id', '=', versionId).where('commitment_id', '=', c.id).executeTakeFirst();
  return row ? row.snapshot as Snapshot : null;
}

/** The title and each text field that differ between two states, as word diffs. */
export function diffSnapshots(a: Snapshot, b: Snapshot) {
  const pairs: [string, string, string][] = [['title', a.title, b.title], ...TEXT_FIELDS.map((f): [string, string, string] => [f, a.fields[f] ?? '', b.fields[f] ?? ''])];
  return pairs.filter(([, x, y]) => x !== y).map(([field, x, y]) => ({
    field, parts: diffWords(x, y).map((p) => ({ value: p.value, added: !!p.added, removed: !!p.removed })),
  }));
}

/** A word diff per field between two named versions (or `current`). */
export async function compareVersions(db: Db, id: string, from: string, to: string, user: SessionUser | null) {
  const { c } = await loadCommitment(db, id, user);
  const load = async (v: string) => {
    const snap = await snapshotAt(db, c, v);
    if (!snap) throw problem.validation([{ path: 'querystring', message: `no version ${v} of this commitment` }]);
    return snap;
  };
  return diffSnapshots(await load(from), await load(to));
}

/** An adopted commitment is frozen, even if an admin opens the drafting phase again later. */
export function assertNotAdopted(c: { state: string }) {
  if (c.state === 'final') throw new ProblemError(409, 'conflict', 'commitment-adopted');
}

/** The process's commitments the user may read (drafts only for its members), by reference. */
export async function listCommitments(db: Db, slug: string, user: SessionUser | null) {
  const items = [];
  for (const id of await commitmentIdsOf(db, slug)) {
    const c = (await findCommitmentRow(db, id))!;
    const access = await accessTo(db, c, user);
    if (access.read) items.push(await commitmentView(db, c, access.edit, user?.id ?? null));
  }
  return items;
}

/** The commitments a proposal fed that the user may read, by reference. */
export async function fedCommitments(db: Db, proposalId: string, user: SessionUser | null) {
  const items = [];
  for (const id of await commitmentIdsFedBy(db, proposalId)) {
    const c = (await findCommitmentRow(db, id))!;
    if ((await accessTo(db, c, user)).read) items.push({ id: c.id, reference: c.reference, title: c.title, state: c.state });
  }
  return items.sort((a, b) => a.reference.localeCompare(b.reference));
}

/** Puts a user on the commitment's drafting team (idempotent); 404 for an unknown commitment or user. */
export async function assignDrafter(db: Db, commitmentId: string, userId: string) {
  const c = await findCommitmentRow(db, commitmentId);
  if (!c) throw problem.notFound('commitment');
  if (!(await userExists(db, userId))) throw problem.notFound('user');
  await addDrafter(db, c.id, userId);
}

/** A commitment's named versions (for those who may read it). */
export async function commitmentVersions(db: Db, id: string, user: SessionUser | null) {
  await loadCommitment(db, id, user);
  const rows = await listVersions(db, id);
  return rows.map((r) => ({ id: r.id, label: r.label, version: r.version, createdAt: new Date(r.created_at).toISOString(), authorName: r.display_name ?? null }));
}
