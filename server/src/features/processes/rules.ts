/** Pure rules for processes: schedules, memberships, the phase gate as a problem. */
import { checkPhase, type MembershipRole, type Phase, type PhaseKind, type PhasedAction, type Sector } from '@mesa/shared';
import { ProblemError } from '../../plugins/problems.ts';

/** Whether opening `kind` now departs from the published dates (recorded in the timeline). */
export function isOutsideSchedule(phases: Phase[], kind: PhaseKind, now: Date): boolean {
  const phase = phases.find((p) => p.kind === kind);
  if (!phase) return true;
  return now.getTime() < Date.parse(phase.startsAt) || now.getTime() >= Date.parse(phase.endsAt);
}

/** A forum member speaks for a stakeholder sector; other roles may name one. */
export function membershipProblem(role: MembershipRole, sector: Sector | undefined): string | null {
  return role === 'forum-member' && !sector ? 'forum-member-needs-sector' : null;
}

/** Throws 409 `phase-closed` unless the process's open phase allows `action`. Used by every feature. */
export function assertPhaseOpen(process: { activePhase: PhaseKind | null }, action: PhasedAction): void {
  const gate = checkPhase(action, process.activePhase);
  if (!gate.ok) {
    throw new ProblemError(409, 'phase-closed', 'phase-closed', {
      action, activePhase: gate.activePhase ?? 'none', allowedIn: gate.allowedIn.join(', '),
    });
  }
}
