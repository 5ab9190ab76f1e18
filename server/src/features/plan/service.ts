/** Plan intents: write the metadata, adopt the plan, endorse it, review endorsements, import a plan document. */
import type { z } from 'zod';
import type { EndorseBody, PhaseKind, PlanDocument, PlanMetaInput } from '@mesa/shared';
import type { Db } from '../../db/database.ts';
import type { SessionUser } from '../../plugins/auth.ts';
import { problem } from '../../plugins/problems.ts';
import { replaceTexts } from '../commitments/doc.ts';
import { nameVersion } from '../commitments/service.ts';
import { assertPhaseOpen } from '../processes/rules.ts';
import { createProcessIn, openPhaseIn, recordAudit, requireProcess } from '../processes/service.ts';
import { planProblem } from './rules.ts';
import { countCommitments, endorsementView, ensurePlanRow, findEndorsement, findPlanRow, PLAN_PROCESS_COLUMNS, writePlanMeta } from './repo.ts';

/** The label of the version every commitment gets when the plan is adopted. */
export const ADOPTED_VERSION_LABEL = 'adopted';

/** The process with what the plan shows of it, or 404. */
export function planProcess(db: Db, slug: string) {
  return requireProcess(db, slug, PLAN_PROCESS_COLUMNS);
}

export async function savePlanMeta(db: Db, slug: string, meta: PlanMetaInput, admin: SessionUser) {
  const p = await planProcess(db, slug);
  await db.transaction().execute(async (trx) => {
    await writePlanMeta(trx, p.id, meta);
    await recordAudit(trx, { processId: p.id, actorId: admin.id, action: 'plan.metadata-saved', targetType: 'processes', targetId: p.id });
  });
  return p;
}

/**
 * Adopts the plan in one transaction: every commitment not withdrawn becomes `final` with a
 * version labelled "adopted", the plan records who and when, and the `adopted` phase opens.
 * The process row is locked first, so of two adoptions at once exactly one wins; the other → 409.
 */
export async function adoptPlan(db: Db, slug: string, admin: SessionUser, now = new Date()) {
  return db.transaction().execute(async (trx) => {
    const locked = await requireProcess(trx, slug, ['id'], { lock: true });
    await ensurePlanRow(trx, locked.id);
    const plan = (await findPlanRow(trx, locked.id))!;
    if (plan.adopted_at) throw planProblem(409, 'conflict', 'already-adopted', { at: new Date(plan.adopted_at).toISOString() });
    const commitments = await trx.selectFrom('commitments').select('id').where('process_id', '=', locked.id).where('state', '!=', 'withdrawn').orderBy('reference').execute();
    if (commitments.length === 0) throw planProblem(409, 'conflict', 'without-commitments');
    const opened = await openPhaseIn(trx, slug, 'adopted', admin.id, now);
    await trx.updateTable('commitments').set({ state: 'final', updated_at: now }).where('process_id', '=', locked.id).where('state', '!=', 'withdrawn').execute();
    for (const c of commitments) await nameVersion(trx as unknown as Db, c.id, ADOPTED_VERSION_LABEL, admin);
    await trx.updateTable('plans').set({ adopted_at: now, adopted_by: admin.id, updated_at: now }).where('process_id', '=', locked.id).execute();
    await recordAudit(trx, { processId: locked.id, actorId: admin.id, action: 'plan.adopted', targetType: 'processes', targetId: locked.id, detail: { commitments: commitments.length } });
    return { processId: locked.id, phaseChanged: opened === true, commitments: commitments.length };
  });
}

/** One endorsement per user and process (a unique constraint decides between two at once). */
export async function endorsePlan(db: Db, slug: string, body: z.infer<typeof EndorseBody>, user: SessionUser) {
  const p = await planProcess(db, slug);
  assertPhaseOpen({ activePhase: p.active_phase as PhaseKind | null }, 'endorse-plan');
  const row = await db.insertInto('endorsements').values({
    process_id: p.id, user_id: user.id, organisation: body.organisation, representative: body.representative, role: body.role, statement: body.statement,
  }).onConflict((oc) => oc.columns(['process_id', 'user_id']).doNothing())
    .returning(['id', 'organisation', 'representative', 'role', 'statement', 'status', 'created_at', 'reviewed_at']).executeTakeFirst();
  if (!row) throw planProblem(409, 'duplicate', 'already-endorsed');
  return endorsementView(row);
}

/** An admin confirms (listed publicly) or rejects (kept, not listed) an endorsement. */
export async function reviewEndorsement(db: Db, id: string, status: 'confirmed' | 'rejected', admin: SessionUser) {
  return db.transaction().execute(async (trx) => {
    const e = await findEndorsement(trx, id);
    if (!e) throw problem.notFound('endorsement');
    const reviewedAt = e.status === status && e.reviewed_at ? e.reviewed_at : new Date();
    const row = await trx.updateTable('endorsements').set({ status, reviewed_at: reviewedAt, reviewed_by: admin.id }).where('id', '=', id)
      .returning(['id', 'organisation', 'representative', 'role', 'statement', 'status', 'created_at', 'reviewed_at']).executeTakeFirstOrThrow();
    if (e.status !== status) await recordAudit(trx, { processId: e.process_id, actorId: admin.id, action: `endorsement.${status}`, targetType: 'endorsements', targetId: id, detail: { organisation: e.organisation } });
    return endorsementView(row);
  });
}

/** The endorser withdraws their own endorsement (pending or confirmed); it leaves the public list. */
export async function withdrawEndorsement(db: Db, id: string, user: SessionUser) {
  await db.transaction().execute(async (trx) => {
    const e = await trx.selectFrom('endorsements').select(['id', 'user_id', 'process_id', 'organisation']).where('id', '=', id).forUpdate().executeTakeFirst();
    if (!e) throw problem.notFound('endorsement');
    if (e.user_id !== user.id) throw planProblem(403, 'not-allowed', 'endorser-only');
    await trx.deleteFrom('endorsements').where('id', '=', id).execute();
    await recordAudit(trx, { processId: e.process_id, actorId: user.id, action: 'endorsement.withdrawn', targetType: 'endorsements', targetId: id, detail: { organisation: e.organisation } });
  });
}

/**
 * Creates a process from a plan document, already adopted: its phases, plan metadata, final
 * commitments (each with an "adopted" version) and confirmed endorsements. All or nothing.
 */
export async function importPlan(db: Db, doc: PlanDocument, admin: SessionUser) {
  if (!doc.process.phases.some((ph) => ph.kind === 'adopted')) {
    throw problem.validation([{ path: 'body.process.phases', message: 'an imported plan needs its adopted phase' }]);
  }
  const refs = doc.commitments.map((c) => c.reference);
  const repeated = refs.find((r, i) => refs.indexOf(r) !== i);
  if (repeated) throw problem.validation([{ path: 'body.commitments', message: `reference ${repeated} appears twice` }]);
  return db.transaction().execute(async (trx) => {
    const { slug, title, description, language, phases } = doc.process;
    const processId = await createProcessIn(trx, { slug, title, description, language, phases }, admin.id);
    await openPhaseIn(trx, slug, 'adopted', admin.id);
    const { adoptedAt, ...meta } = doc.plan;
    await writePlanMeta(trx, processId, meta);
    await trx.updateTable('plans').set({ adopted_at: adoptedAt, adopted_by: admin.id }).where('process_id', '=', processId).execute();
    for (const c of doc.commitments) {
      const row = await trx.insertInto('commitments').values({
        process_id: processId, reference: c.reference, title: c.title, state: 'final', area: c.area, lead_institution: c.leadInstitution,
        stakeholders: JSON.stringify(c.supportingStakeholders), starts_on: c.startsOn, ends_on: c.endsOn, contact: c.contact,
        fields: JSON.stringify(c.fields), created_by: admin.id,
      }).returning('id').executeTakeFirstOrThrow();
      await replaceTexts(trx, { id: row.id, processId }, c.fields);
      if (c.milestones.length) {
        await trx.insertInto('milestones').values(c.milestones.map((m, position) => ({
          commitment_id: row.id, process_id: processId, position, title: m.title, deliverable: m.deliverable, starts_on: m.startsOn, ends_on: m.endsOn,
          responsible: m.responsible, status: m.status, progress: m.progress,
        }))).execute();
      }
      await nameVersion(trx as unknown as Db, row.id, ADOPTED_VERSION_LABEL, admin);
    }
    if (doc.endorsements.length) {
      await trx.insertInto('endorsements').values(doc.endorsements.map((e) => ({
        process_id: processId, user_id: null, organisation: e.organisation, representative: e.representative, role: e.role, statement: e.statement,
        status: 'confirmed', created_at: e.confirmedAt, reviewed_at: e.confirmedAt, reviewed_by: admin.id,
      }))).execute();
    }
    await recordAudit(trx, { processId, actorId: admin.id, action: 'plan.imported', targetType: 'processes', targetId: processId, detail: { commitments: doc.commitments.length, endorsements: doc.endorsements.length } });
    return { slug, commitments: await countCommitments(trx, processId), endorsements: doc.endorsements.length };
  });
}
