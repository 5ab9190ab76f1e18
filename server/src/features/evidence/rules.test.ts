import { describe, expect, it } from 'vitest';
import { foldSmallGroups, judgeStandards, longestGapDays, noticeOf, share, type StandardFacts } from './rules.ts';

const day = (n: number) => new Date(Date.UTC(2025, 0, 1) + n * 86_400_000);
const phases = (openCallStart: string) => [{ kind: 'open-call', startsAt: openCallStart }, { kind: 'drafting', startsAt: '2025-03-01T00:00:00Z' }];

describe('noticeOf', () => {
  it('counts whole days from publishing the schedule to opening the first phase', () => {
    const n = noticeOf([
      { at: day(0), action: 'created', phases: phases('2025-01-20T00:00:00Z') },
      { at: day(16.5), action: 'phase-opened', kind: 'open-call' },
      { at: day(40), action: 'phase-opened', kind: 'drafting' },
    ]);
    expect(n).toMatchObject({ noticeDays: 16, firstPhase: 'open-call', publishedAt: day(0), firstOpenedAt: day(16.5) });
  });

  it('is not reset by a change to other phases, but is by a change of the first phase\'s date', () => {
    const other = noticeOf([
      { at: day(0), action: 'created', phases: phases('2025-01-20T00:00:00Z') },
      { at: day(10), action: 'phases-changed', phases: [{ kind: 'open-call', startsAt: '2025-01-20T00:00:00Z' }, { kind: 'drafting', startsAt: '2025-04-01T00:00:00Z' }] },
      { at: day(19), action: 'phase-opened', kind: 'open-call' },
    ]);
    expect(other.noticeDays).toBe(19);
    const moved = noticeOf([
      { at: day(0), action: 'created', phases: phases('2025-01-20T00:00:00Z') },
      { at: day(10), action: 'phases-changed', phases: phases('2025-01-15T00:00:00Z') },
      { at: day(14), action: 'phase-opened', kind: 'open-call' },
    ]);
    expect(moved.noticeDays).toBe(4);
  });

  it('is null before any phase opens', () => {
    expect(noticeOf([{ at: day(0), action: 'created', phases: phases('2025-01-20T00:00:00Z') }]).noticeDays).toBeNull();
  });
});

describe('foldSmallGroups', () => {
  it('never shows a category of fewer than 5 people on its own', () => {
    expect(foldSmallGroups({ woman: 12, man: 9, 'non-binary': 2, 'self-described': 3 }, 4)).toEqual({ woman: 12, man: 9, 'fewer-than-5': 5, 'not-said': 4 });
  });
  it('folds the next smallest group in when the folded group is still small or a single category', () => {
    // non-binary alone (2) would be identifiable as "fewer than 5": man (7) joins it.
    expect(foldSmallGroups({ woman: 12, man: 7, 'non-binary': 2 })).toEqual({ woman: 12, 'fewer-than-5': 9 });
    expect(foldSmallGroups({ yes: 3, no: 40 })).toEqual({ 'fewer-than-5': 43 });
  });
  it('shows nothing folded when every group is large enough', () => {
    expect(foldSmallGroups({ yes: 5, no: 40 }, 0)).toEqual({ no: 40, yes: 5 });
  });
});

describe('share', () => {
  it('is null without anything to divide', () => { expect(share(0, 0)).toBeNull(); });
  it('rounds to three decimals', () => { expect(share(2, 3)).toBe(0.667); });
});

describe('longestGapDays', () => {
  it('measures adoption → updates → now', () => {
    expect(longestGapDays(day(0), [day(100), day(250)], day(300))).toBe(150);
    expect(longestGapDays(day(0), [], day(30))).toBe(30);
  });
});

describe('judgeStandards', () => {
  const facts = (over: Partial<StandardFacts> = {}): StandardFacts => ({
    slug: 'ba', opened: new Set(), activePhase: null, adoptedAt: null, now: day(0),
    forum: { governmentMembers: 0, nonGovernmentMembers: 0, meetings: 0, name: null }, ogpPageUrl: null,
    published: { proposals: 0, meetings: 0, meetingsWithoutMinutes: 0, workshopsHeld: 0, minutesUrls: [] },
    noticeDays: null, inputs: { answered: 0, of: 0 }, updates: [], ...over,
  });
  const status = (f: StandardFacts) => Object.fromEntries(judgeStandards(f).map((s) => [s.key, s.status]));

  it('says not yet for everything before the cycle starts', () => {
    expect(Object.values(status(facts()))).toEqual(Array(7).fill('not-yet'));
  });

  it('judges a cycle under way from its records', () => {
    const s = status(facts({
      opened: new Set(['open-call']), activePhase: 'open-call', noticeDays: 10,
      forum: { governmentMembers: 2, nonGovernmentMembers: 0, meetings: 1, name: null },
      published: { proposals: 3, meetings: 1, meetingsWithoutMinutes: 1, workshopsHeld: 0, minutesUrls: [] },
      inputs: { answered: 1, of: 3 },
    }));
    expect(s).toEqual({
      forum: 'not-met', 'ogp-page': 'not-yet', 'online-repository': 'not-met', 'advance-notice': 'not-met',
      'open-channels': 'met', 'reasoned-response': 'not-yet', 'open-implementation': 'not-yet',
    });
  });

  it('meets every standard when the records show it', () => {
    const list = judgeStandards(facts({
      opened: new Set(['open-call', 'adopted']), activePhase: 'adopted', adoptedAt: day(0), now: day(300), noticeDays: 14,
      forum: { governmentMembers: 2, nonGovernmentMembers: 3, meetings: 4, name: 'FOGA' }, ogpPageUrl: 'https://www.opengovpartnership.org/members/buenos-aires/',
      published: { proposals: 53, meetings: 6, meetingsWithoutMinutes: 0, workshopsHeld: 0, minutesUrls: ['https://example.org/acta-1'] },
      inputs: { answered: 53, of: 53 }, updates: [day(90), day(180), day(270)],
    }));
    expect(list.every((s) => s.status === 'met')).toBe(true);
    expect(list.find((s) => s.key === 'ogp-page')!.evidence).toContain('https://www.opengovpartnership.org/members/buenos-aires/');
    expect(list.find((s) => s.key === 'online-repository')!.evidence).toContain('https://example.org/acta-1');
    expect(list.find((s) => s.key === 'open-implementation')!.evidence).toContain('/processes/ba/tracking');
  });

  it('fails open implementation after more than half a year without an update, and reasoned response once adopted with inputs unanswered', () => {
    const s = judgeStandards(facts({ opened: new Set(['open-call', 'adopted']), adoptedAt: day(0), now: day(400), updates: [day(100)], inputs: { answered: 52, of: 54 } }));
    expect(s.find((x) => x.key === 'open-implementation')).toMatchObject({ status: 'not-met', reason: 'updates-too-rare', params: { longestGapDays: 300 } });
    expect(s.find((x) => x.key === 'reasoned-response')).toMatchObject({ status: 'not-met', params: { answered: 52, of: 54 } });
  });
});
