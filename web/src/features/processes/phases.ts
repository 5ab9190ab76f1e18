import type { Phase, PhaseKind, Process } from '@mesa/shared';
import { PHASE_KINDS } from '@mesa/shared/values';

export type PhaseStatus = 'open' | 'closed' | 'upcoming';

/** Phases in pipeline order, whatever order the server sent them in. */
export function orderedPhases(process: Process): Phase[] {
  return [...process.phases].sort((a, b) => PHASE_KINDS.indexOf(a.kind) - PHASE_KINDS.indexOf(b.kind));
}

/**
 * Where a phase stands: the open one is the server's `activePhase`; before it the phases are
 * closed, after it upcoming. With no phase open, the published dates decide.
 */
export function phaseStatus(process: Process, kind: PhaseKind, now = Date.now()): PhaseStatus {
  if (process.activePhase === kind) return 'open';
  if (process.activePhase) {
    return PHASE_KINDS.indexOf(kind) < PHASE_KINDS.indexOf(process.activePhase) ? 'closed' : 'upcoming';
  }
  const phase = process.phases.find((p) => p.kind === kind);
  return phase && Date.parse(phase.endsAt) < now ? 'closed' : 'upcoming';
}

/** True when the open phase was opened outside its published dates (today is outside them). */
export function outsideSchedule(phase: Phase, now = Date.now()): boolean {
  return now < Date.parse(phase.startsAt) || now > Date.parse(phase.endsAt);
}

/** The whole cycle's first and last dates, when there are phases. */
export function processSpan(process: Process): { start: string; end: string } | null {
  const phases = orderedPhases(process);
  const first = phases[0];
  const last = phases[phases.length - 1];
  return first && last ? { start: first.startsAt, end: last.endsAt } : null;
}
