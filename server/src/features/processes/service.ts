/**
 * Process intents: create a process, open a phase, reschedule phases, add and remove members.
 * Other features look processes up and write the timeline and audit log through this module.
 */
import type { CreateProcessBody, MembershipRole, Phase, PhaseKind, Process, Sector } from '@mesa/shared';
import type { Db, Trx } from '../../db/database.ts';
import { ProblemError, problem } from '../../plugins/problems.ts';
import {
  deleteMembership, deletePhases, findProcess, leaveDraftingTeams, insertPhases, insertProcess, recordAudit, recordTimeline, requireProcess, setReferenceNumbering,
  setActivePhase, upsertMembership, userExists,
} from './repo.ts';
import { isOutsideSchedule, membershipProblem } from './rules.ts';

export { findProcessRow, hasAnyProcess, phaseEverOpened, recordAudit, recordTimeline, requireProcess, takeReferenceNumber, userExists, type ProcessRowOf } from './repo.ts';

/** The process as published (phases, timeline), or 404. */
export async function getProcess(db: Db, slug: string): Promise<Process> {
  const process = await findProcess(db, slug);
  if (!process) throw problem.notFound('process');
  return process;
}

/** Creates the process; 409 `duplicate` when its slug is taken. */
export async function createProcess(db: Db, body: CreateProcessBody, actorId: string | null): Promise<Process> {
  await db.transaction().execute(async (trx) => {
    const processId = await createProcessIn(trx, body, actorId);
    if (actorId) await recordAudit(trx, { processId, actorId, action: 'process.created', targetType: 'processes', targetId: processId });
  });
  return (await findProcess(db, body.slug))!;
}

/** The process and its phases inserted in the caller's transaction (a plan import makes one this way): its id; 409 when the slug is taken. */
export async function createProcessIn(trx: Trx, body: CreateProcessBody, actorId: string | null): Promise<string> {
  const processId = await insertProcess(trx, body, actorId);
  if (!processId) throw problem.duplicate('slug-taken', { slug: body.slug });
  await recordTimeline(trx, processId, 'created', actorId, { phases: body.phases });
  return processId;
}

/** Opens `kind` (one phase at a time); an opening outside the published dates is marked in the timeline. */
export async function openPhase(db: Db, slug: string, kind: PhaseKind, actorId: string, now = new Date()): Promise<{ process: Process; changed: boolean }> {
  const changed = await db.transaction().execute((trx) => openPhaseIn(trx, slug, kind, actorId, now));
  return { process: (await findProcess(db, slug))!, changed };
}

/** How the process's commitments are numbered from now on (e.g. ARBA and 7); 404 for an unknown process. */
export async function setCommitmentNumbering(db: Db, slug: string, prefix: string, start: number) {
  if (!(await setReferenceNumbering(db, slug, prefix, start))) throw problem.notFound('process');
}

/** Sets the open phase with no timeline entry or audit (the demo seed, on a database without an administrator). */
export async function setOpeningPhase(db: Db, processId: string, kind: PhaseKind) {
  await setActivePhase(db, processId, kind);
}

/**
 * The opening itself, inside the caller's transaction (adoption opens `adopted` this way): true
 * when it changed the phase; 404 for an unknown process, 409 `phase-not-planned`.
 */
export async function openPhaseIn(trx: Trx, slug: string, kind: PhaseKind, actorId: string, now = new Date()): Promise<boolean> {
  const row = await requireProcess(trx, slug, ['id', 'active_phase'], { lock: true });
  const process = (await findProcess(trx, slug))!;
  if (!process.phases.some((p) => p.kind === kind)) throw new ProblemError(409, 'conflict', 'phase-not-planned', { kind });
  if (row.active_phase === kind) return false;
  await setActivePhase(trx, row.id, kind);
  const outsideSchedule = isOutsideSchedule(process.phases, kind, now);
  await recordTimeline(trx, row.id, 'phase-opened', actorId, { kind, outsideSchedule });
  await recordAudit(trx, { processId: row.id, actorId, action: 'process.phase-opened', targetType: 'processes', targetId: row.id, detail: { kind, from: row.active_phase } });
  return true;
}

/** Replaces the published schedule; the open phase must stay in it. */
export async function reschedule(db: Db, slug: string, phases: Phase[], actorId: string): Promise<Process> {
  await db.transaction().execute(async (trx) => {
    const row = await requireProcess(trx, slug, ['id', 'active_phase'], { lock: true });
    if (row.active_phase && !phases.some((p) => p.kind === row.active_phase)) throw new ProblemError(409, 'conflict', 'active-phase-removed');
    await deletePhases(trx, row.id);
    await insertPhases(trx, row.id, phases);
    await recordTimeline(trx, row.id, 'phases-changed', actorId, { phases });
    await recordAudit(trx, { processId: row.id, actorId, action: 'process.rescheduled', targetType: 'processes', targetId: row.id });
  });
  return (await findProcess(db, slug))!;
}

export async function addMember(db: Db, slug: string, m: { userId: string; role: MembershipRole; sector?: Sector; organisation?: string }, actorId: string): Promise<void> {
  if (membershipProblem(m.role, m.sector)) throw problem.validation([{ path: 'body.sector', message: 'a forum member needs a stakeholder sector' }]);
  await db.transaction().execute(async (trx) => {
    const row = await requireProcess(trx, slug, ['id', 'active_phase'], { lock: true });
    if (!(await userExists(trx, m.userId))) throw problem.notFound('user');
    await upsertMembership(trx, { processId: row.id, userId: m.userId, role: m.role, sector: m.sector ?? null, organisation: m.organisation ?? null });
    await recordAudit(trx, { processId: row.id, actorId, action: 'process.member-added', targetType: 'users', targetId: m.userId, detail: { role: m.role, sector: m.sector ?? null } });
  });
}

/** Takes a role (or every role) away from a member, and with the drafter role their commitments' teams. */
export async function removeMember(db: Db, slug: string, userId: string, role: MembershipRole | undefined, actorId: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const row = await requireProcess(trx, slug, ['id', 'active_phase'], { lock: true });
    const roles = await deleteMembership(trx, row.id, userId, role);
    if (!roles.length) throw problem.notFound('membership');
    // No longer a drafter of the process: no longer on any of its commitments' teams either.
    const teams = roles.includes('drafter') ? await leaveDraftingTeams(trx, row.id, userId) : 0;
    await recordAudit(trx, { processId: row.id, actorId, action: 'process.member-removed', targetType: 'users', targetId: userId, detail: { roles, teams } });
  });
}
