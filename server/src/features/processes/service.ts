/** Process intents: create a process, open a phase, reschedule phases, add and remove members. */
import type { CreateProcessBody, MembershipRole, Phase, PhaseKind, Process, Sector } from '@mesa/shared';
import type { Db, Trx } from '../../db/database.ts';
import {
  deleteMembership, deletePhases, findProcess, leaveDraftingTeams, insertPhases, insertProcess, lockProcess, recordAudit, recordTimeline,
  setActivePhase, upsertMembership, userExists,
} from './repo.ts';
import { isOutsideSchedule, membershipProblem } from './rules.ts';

export async function createProcess(db: Db, body: CreateProcessBody, actorId: string | null):
  Promise<{ ok: true; process: Process } | { ok: false; problem: 'duplicate' }> {
  const id = await db.transaction().execute(async (trx) => {
    const processId = await insertProcess(trx, body, actorId);
    if (!processId) return null;
    await recordTimeline(trx, processId, 'created', actorId, { phases: body.phases });
    if (actorId) await recordAudit(trx, { processId, actorId, action: 'process.created', targetType: 'processes', targetId: processId });
    return processId;
  });
  if (!id) return { ok: false, problem: 'duplicate' };
  return { ok: true, process: (await findProcess(db, body.slug))! };
}

export type OpenPhaseOutcome =
  | { ok: true; process: Process; changed: boolean }
  | { ok: false; problem: 'not-found' | 'phase-not-planned' };

/** Opens `kind` (one phase at a time); an opening outside the published dates is marked in the timeline. */
export async function openPhase(db: Db, slug: string, kind: PhaseKind, actorId: string, now = new Date()): Promise<OpenPhaseOutcome> {
  const result = await db.transaction().execute((trx) => openPhaseIn(trx, slug, kind, actorId, now));
  if (result === 'not-found' || result === 'phase-not-planned') return { ok: false, problem: result };
  return { ok: true, process: (await findProcess(db, slug))!, changed: result };
}

/** The opening itself, inside the caller's transaction (adoption opens `adopted` this way): true when it changed the phase. */
export async function openPhaseIn(trx: Trx, slug: string, kind: PhaseKind, actorId: string, now = new Date()) {
  const row = await lockProcess(trx, slug);
  if (!row) return 'not-found' as const;
  const process = (await findProcess(trx, slug))!;
  if (!process.phases.some((p) => p.kind === kind)) return 'phase-not-planned' as const;
  if (row.active_phase === kind) return false;
  await setActivePhase(trx, row.id, kind);
  const outsideSchedule = isOutsideSchedule(process.phases, kind, now);
  await recordTimeline(trx, row.id, 'phase-opened', actorId, { kind, outsideSchedule });
  await recordAudit(trx, { processId: row.id, actorId, action: 'process.phase-opened', targetType: 'processes', targetId: row.id, detail: { kind, from: row.active_phase } });
  return true;
}

/** Replaces the published schedule; the open phase must stay in it. */
export async function reschedule(db: Db, slug: string, phases: Phase[], actorId: string):
  Promise<{ ok: true; process: Process } | { ok: false; problem: 'not-found' | 'active-phase-removed' }> {
  const result = await db.transaction().execute(async (trx) => {
    const row = await lockProcess(trx, slug);
    if (!row) return 'not-found' as const;
    if (row.active_phase && !phases.some((p) => p.kind === row.active_phase)) return 'active-phase-removed' as const;
    await deletePhases(trx, row.id);
    await insertPhases(trx, row.id, phases);
    await recordTimeline(trx, row.id, 'phases-changed', actorId, { phases });
    await recordAudit(trx, { processId: row.id, actorId, action: 'process.rescheduled', targetType: 'processes', targetId: row.id });
    return 'ok' as const;
  });
  if (result !== 'ok') return { ok: false, problem: result };
  return { ok: true, process: (await findProcess(db, slug))! };
}

export async function addMember(db: Db, slug: string, m: { userId: string; role: MembershipRole; sector?: Sector; organisation?: string }, actorId: string):
  Promise<{ ok: true } | { ok: false; problem: 'not-found' | 'user-not-found' | 'forum-member-needs-sector' }> {
  const invalid = membershipProblem(m.role, m.sector);
  if (invalid) return { ok: false, problem: 'forum-member-needs-sector' };
  return db.transaction().execute(async (trx) => {
    const row = await lockProcess(trx, slug);
    if (!row) return { ok: false, problem: 'not-found' } as const;
    if (!(await userExists(trx, m.userId))) return { ok: false, problem: 'user-not-found' } as const;
    await upsertMembership(trx, { processId: row.id, userId: m.userId, role: m.role, sector: m.sector ?? null, organisation: m.organisation ?? null });
    await recordAudit(trx, { processId: row.id, actorId, action: 'process.member-added', targetType: 'users', targetId: m.userId, detail: { role: m.role, sector: m.sector ?? null } });
    return { ok: true } as const;
  });
}

/** Takes a role (or every role) away from a member, and with the drafter role their commitments' teams. */
export async function removeMember(db: Db, slug: string, userId: string, role: MembershipRole | undefined, actorId: string):
  Promise<{ ok: true } | { ok: false; problem: 'not-found' | 'membership-not-found' }> {
  return db.transaction().execute(async (trx) => {
    const row = await lockProcess(trx, slug);
    if (!row) return { ok: false, problem: 'not-found' } as const;
    const roles = await deleteMembership(trx, row.id, userId, role);
    if (!roles.length) return { ok: false, problem: 'membership-not-found' } as const;
    // No longer a drafter of the process: no longer on any of its commitments' teams either.
    const teams = roles.includes('drafter') ? await leaveDraftingTeams(trx, row.id, userId) : 0;
    await recordAudit(trx, { processId: row.id, actorId, action: 'process.member-removed', targetType: 'users', targetId: userId, detail: { roles, teams } });
    return { ok: true } as const;
  });
}
