/** The phase gate: which actions the open phase allows. Pure; the server enforces it for every feature. */
import type { PhaseKind } from './taxonomy.ts';

/** What each action needs the process's active phase to be. */
export const ACTION_PHASES = {
  'submit-proposal': ['open-call'],
  'edit-proposal': ['open-call'],
  'support-proposal': ['open-call'],
  'comment-on-proposal': ['open-call', 'prioritisation'],
  'score-proposals': ['prioritisation', 'drafting'],
  'draft-commitment': ['drafting'],
  'comment-on-draft': ['consultation'],
  'endorse-plan': ['adopted'],
} as const satisfies Record<string, readonly PhaseKind[]>;
export type PhasedAction = keyof typeof ACTION_PHASES;

export type PhaseGateResult =
  | { ok: true }
  | { ok: false; problem: 'phase-closed'; action: PhasedAction; activePhase: PhaseKind | null; allowedIn: readonly PhaseKind[] };

/** Whether `action` may happen while `activePhase` is open. */
export function checkPhase(action: PhasedAction, activePhase: PhaseKind | null): PhaseGateResult {
  const allowedIn: readonly PhaseKind[] = ACTION_PHASES[action];
  if (activePhase !== null && allowedIn.includes(activePhase)) return { ok: true };
  return { ok: false, problem: 'phase-closed', action, activePhase, allowedIn };
}

/** The actions a participant can take while `activePhase` is open (for "what can I do now"). */
export function actionsOpenIn(activePhase: PhaseKind | null): PhasedAction[] {
  return (Object.keys(ACTION_PHASES) as PhasedAction[]).filter((a) => checkPhase(a, activePhase).ok);
}
