import { describe, expect, it } from 'vitest';
import { actionsOpenIn, checkPhase } from '@mesa/shared';
import { ProblemError } from '../../plugins/problems.ts';
import { assertPhaseOpen, isOutsideSchedule, membershipProblem } from './rules.ts';

describe('phase gate', () => {
  it('allows proposals only in the open call and scoring only in prioritisation or drafting', () => {
    expect(checkPhase('submit-proposal', 'open-call')).toEqual({ ok: true });
    expect(checkPhase('submit-proposal', 'prioritisation')).toMatchObject({ ok: false, problem: 'phase-closed', allowedIn: ['open-call'] });
    expect(checkPhase('support-proposal', null).ok).toBe(false);
    expect(checkPhase('score-proposals', 'drafting').ok).toBe(true);
    expect(checkPhase('comment-on-draft', 'drafting').ok).toBe(false);
  });

  it('lists what a participant can do in each phase', () => {
    expect(actionsOpenIn('open-call')).toEqual(['submit-proposal', 'edit-proposal', 'support-proposal', 'comment-on-proposal']);
    expect(actionsOpenIn(null)).toEqual([]);
  });

  it('turns a closed phase into a 409 phase-closed problem', () => {
    expect(() => assertPhaseOpen({ activePhase: 'open-call' }, 'submit-proposal')).not.toThrow();
    try {
      assertPhaseOpen({ activePhase: 'consultation' }, 'submit-proposal');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ProblemError);
      expect((e as ProblemError).status).toBe(409);
      expect((e as ProblemError).code).toBe('phase-closed');
    }
  });
});

describe('isOutsideSchedule', () => {
  const phases = [{ kind: 'open-call' as const, startsAt: '2026-03-01T00:00:00Z', endsAt: '2026-04-01T00:00:00Z' }];
  it('is false within the published dates, true before, after, or for an unplanned phase', () => {
    expect(isOutsideSchedule(phases, 'open-call', new Date('2026-03-15T00:00:00Z'))).toBe(false);
    expect(isOutsideSchedule(phases, 'open-call', new Date('2026-02-28T23:59:59Z'))).toBe(true);
    expect(isOutsideSchedule(phases, 'open-call', new Date('2026-04-01T00:00:00Z'))).toBe(true);
    expect(isOutsideSchedule(phases, 'drafting', new Date('2026-03-15T00:00:00Z'))).toBe(true);
  });
});

describe('membershipProblem', () => {
  it('requires a sector for forum members only', () => {
    expect(membershipProblem('forum-member', undefined)).toBe('forum-member-needs-sector');
    expect(membershipProblem('forum-member', 'academia')).toBeNull();
    expect(membershipProblem('facilitator', undefined)).toBeNull();
  });
});
