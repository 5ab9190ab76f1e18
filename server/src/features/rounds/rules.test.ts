import { describe, expect, it } from 'vitest';
import { acceptsBallots, canManage, settingsFor, voterSector } from './rules.ts';

const m = (roles: string[], sector: string | null = null) => ({ roles: new Set(roles) as never, sector: sector as never });

describe('round rules', () => {
  it('fills in the defaults: feasibility and impact, 5 dots, at most 3 per item', () => {
    const s = settingsFor({ title: 'Round', method: 'criteria', resultsVisible: false, eligibility: 'forum', equalSectorWeight: false }, ['a', 'b'], 'seed');
    expect(s).toMatchObject({ criteria: [{ key: 'feasibility', weight: 1 }, { key: 'impact', weight: 1 }], dotsPerParticipant: 5, maxDotsPerItem: 3, maxRanked: 2, items: ['a', 'b'] });
    const poll = settingsFor({ title: 'Poll', method: 'poll', options: ['yes', 'no'], resultsVisible: false, eligibility: 'forum', equalSectorWeight: false }, ['a'], 's');
    expect(poll.items).toEqual(['yes', 'no']);
  });

  it('admins and facilitators manage; forum members vote as their sector; residents only in open rounds', () => {
    expect(canManage(false, m(['facilitator']))).toBe(true);
    expect(canManage(false, m(['forum-member'], 'academia'))).toBe(false);
    expect(canManage(true, m([]))).toBe(true);
    expect(voterSector('forum', m(['forum-member'], 'academia'))).toBe('academia');
    expect(voterSector('forum', m([]))).toBe(false);
    expect(voterSector('residents', m([]))).toBe('resident');
  });

  it('takes ballots while open and before the deadline', () => {
    const now = new Date('2026-01-01T10:00:00Z');
    expect(acceptsBallots({ state: 'open', closesAt: null }, now)).toBe(true);
    expect(acceptsBallots({ state: 'open', closesAt: new Date('2026-01-01T09:59:59Z') }, now)).toBe(false);
    expect(acceptsBallots({ state: 'closed', closesAt: null }, now)).toBe(false);
    expect(acceptsBallots({ state: 'draft', closesAt: null }, now)).toBe(false);
  });
});
