import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CRITERIA, tally, validateBallot, type RoundSettings, type Vote } from './index.ts';
import type { Sector } from '../taxonomy.ts';

const settings = (over: Partial<RoundSettings>): RoundSettings => ({
  method: 'criteria', items: ['A', 'B', 'C', 'D'], criteria: DEFAULT_CRITERIA, dotsPerParticipant: 5,
  maxDotsPerItem: 3, maxRanked: 3, seed: 'seed', equalSectorWeight: false, ...over,
});
const order = (r: ReturnType<typeof tally>) => r.items.map((i) => `${i.proposalId}${i.rank}`);

describe('known answers', () => {
  it('criteria: weighted mean of criterion means, abstention is not zero, quadrants', () => {
    const s = settings({ criteria: [{ key: 'feasibility', weight: 1 }, { key: 'impact', weight: 2 }] });
    const votes: Vote[] = [
      { participant: 'p1', sector: 'executive', ballot: { scores: { A: { feasibility: 5, impact: 4 }, B: { feasibility: 2, impact: 5 } } } },
      { participant: 'p2', sector: 'civil-society', ballot: { scores: { A: { feasibility: 3, impact: 2 }, B: { impact: 3 } } } },
    ];
    const r = tally(s, votes);
    const a = r.items.find((i) => i.proposalId === 'A')!;
    const b = r.items.find((i) => i.proposalId === 'B')!;
    // A: feasibility mean 4, impact mean 3 → (4 + 2·3) / 3 = 3.3333
    expect(a).toMatchObject({ score: 3.3333, criteria: { feasibility: 4, impact: 3 }, quadrant: 'quick-win', ballots: 2 });
    // B: feasibility 2 (p2 abstained), impact 4 → (2 + 8) / 3 = 3.3333: a tie with A, B scored by 2 as well
    expect(b).toMatchObject({ score: 3.3333, criteria: { feasibility: 2, impact: 4 }, quadrant: 'major-project' });
    expect(a.rank).toBe(1);
    expect(b.rank).toBe(1);
    expect(r.items.find((i) => i.proposalId === 'C')).toMatchObject({ score: 0, rank: 3, ballots: 0 });
    expect(a.bySector).toEqual({ executive: 4.3333, 'civil-society': 2.3333 });
  });

  it('dots: totals, ties listed by how many dotted, then the seed', () => {
    const votes: Vote[] = [
      { participant: 'p1', sector: 'academia', ballot: { dots: { A: 3, B: 2 } } },
      { participant: 'p2', sector: 'academia', ballot: { dots: { B: 1, C: 3, D: 1 } } },
      { participant: 'p3', sector: 'judiciary', ballot: { dots: { D: 2 } } },
    ];
    const r = tally(settings({ method: 'dots' }), votes);
    expect(r.items.map((i) => i.score)).toEqual([3, 3, 3, 3]);
    // All four have 3 dots; B and D were dotted by two participants and come first.
    expect(r.items.map((i) => i.rank)).toEqual([1, 1, 1, 1]);
    expect(r.items.slice(0, 2).map((i) => i.proposalId).sort()).toEqual(['B', 'D']);
    expect(r.items.find((i) => i.proposalId === 'D')!.bySector).toEqual({ academia: 1, judiciary: 2 });
  });

  it('ranking: Borda with M = maxRanked, competition ranks 1, 2, 2, 4, first preferences break ties', () => {
    const votes: Vote[] = [
      { participant: 'p1', sector: null, ballot: { ranking: ['A', 'B', 'C'] } }, // A3 B2 C1
      { participant: 'p2', sector: null, ballot: { ranking: ['B', 'C'] } },      // B3 C2
      { participant: 'p3', sector: null, ballot: { ranking: ['C', 'A'] } },      // C3 A2
      { participant: 'p4', sector: null, ballot: { ranking: ['D'] } },           // D3
    ];
    const r = tally(settings({ method: 'ranking' }), votes);
    // A 5, B 5, C 6, D 3
    expect(r.items.map((i) => [i.proposalId, i.score, i.rank])).toEqual([['C', 6, 1], [expect.any(String), 5, 2], [expect.any(String), 5, 2], ['D', 3, 4]]);
    expect(r.items.find((i) => i.proposalId === 'A')!.firstPreferences).toBe(1);
  });

  it('ranking: an equal Borda score is listed by first preferences', () => {
    const votes: Vote[] = [
      { participant: 'p1', sector: null, ballot: { ranking: ['A', 'B'] } }, // A3 B2
      { participant: 'p2', sector: null, ballot: { ranking: ['B'] } },      // B3 → B5
      { participant: 'p3', sector: null, ballot: { ranking: ['C', 'A'] } }, // C3 A2 → A5
    ];
    const r = tally(settings({ method: 'ranking', items: ['A', 'B', 'C'] }), votes);
    expect(r.items.map((i) => i.score)).toEqual([5, 5, 3]);
    // A and B both have one first preference: the seed decides, the same way every time.
    expect(order(r)).toEqual(order(tally(settings({ method: 'ranking', items: ['A', 'B', 'C'] }), [...votes].reverse())));
  });

  it('pairwise: (wins + 1) / (wins + losses + 2) × 100; never compared is 50; skips count for nothing', () => {
    const votes: Vote[] = [
      { participant: 'p1', sector: null, comparisons: [{ winnerId: 'A', loserId: 'B' }, { winnerId: 'A', loserId: 'C' }, { skip: ['B', 'C'] }] },
      { participant: 'p2', sector: null, comparisons: [{ winnerId: 'B', loserId: 'A' }] },
    ];
    const r = tally(settings({ method: 'pairwise' }), votes);
    const score = Object.fromEntries(r.items.map((i) => [i.proposalId, i.score]));
    expect(score).toEqual({ A: 60, B: 50, C: 33.3333, D: 50 });
    expect(r.items.find((i) => i.proposalId === 'A')).toMatchObject({ wins: 2, losses: 1 });
  });

  it('poll: votes per option', () => {
    const r = tally(settings({ method: 'poll', items: ['yes', 'no'] }), [
      { participant: 'a', sector: null, ballot: { option: 'yes' } }, { participant: 'b', sector: null, ballot: { option: 'yes' } },
      { participant: 'c', sector: null, ballot: { option: 'no' } }]);
    expect(r.items.map((i) => [i.proposalId, i.score, i.rank])).toEqual([['yes', 2, 1], ['no', 1, 2]]);
  });

  it('equal sector weight: a large sector no longer outvotes a small one', () => {
    const votes: Vote[] = [
      ...['e1', 'e2', 'e3', 'e4'].map((p): Vote => ({ participant: p, sector: 'executive', ballot: { dots: { A: 3 } } })),
      { participant: 'c1', sector: 'civil-society', ballot: { dots: { B: 3 } } },
    ];
    expect(tally(settings({ method: 'dots' }), votes).items[0]!.proposalId).toBe('A');
    const equal = tally(settings({ method: 'dots', equalSectorWeight: true }), votes);
    const score = Object.fromEntries(equal.items.map((i) => [i.proposalId, i.score]));
    expect(score.A).toBe(score.B);
  });
});

const SECTORS: Sector[] = ['executive', 'legislative', 'civil-society', 'academia'];
const ITEMS = ['A', 'B', 'C', 'D', 'E'];
const arbVote = (method: RoundSettings['method']) => fc.record({
  sector: fc.constantFrom(...SECTORS),
  dots: fc.dictionary(fc.constantFrom(...ITEMS), fc.integer({ min: 0, max: 3 }), { maxKeys: 5 }),
  ranking: fc.uniqueArray(fc.constantFrom(...ITEMS), { maxLength: 3 }),
  scores: fc.dictionary(fc.constantFrom(...ITEMS), fc.record({ feasibility: fc.integer({ min: 1, max: 5 }), impact: fc.integer({ min: 1, max: 5 }) }, { requiredKeys: [] })),
  pairs: fc.array(fc.tuple(fc.constantFrom(...ITEMS), fc.constantFrom(...ITEMS)).filter(([a, b]) => a !== b), { maxLength: 6 }),
}).map((r): Omit<Vote, 'participant'> => ({
  sector: r.sector,
  ballot: method === 'dots' ? { dots: r.dots } : method === 'ranking' ? { ranking: r.ranking } : method === 'criteria' ? { scores: r.scores } : undefined,
  comparisons: method === 'pairwise' ? r.pairs.map(([w, l]) => ({ winnerId: w, loserId: l })) : undefined,
}));
const arbVotes = (method: RoundSettings['method']) => fc.array(arbVote(method), { maxLength: 12 })
  .map((vs) => vs.map((v, i): Vote => ({ ...v, participant: `p${i}` })));
const METHODS = ['criteria', 'dots', 'ranking', 'pairwise'] as const;
const s5 = (method: RoundSettings['method'], equalSectorWeight = false) => settings({ method, items: ITEMS, dotsPerParticipant: 15, equalSectorWeight });

describe('properties', () => {
  it('scores do not depend on the order of ballots', () => {
    for (const method of METHODS) {
      fc.assert(fc.property(arbVotes(method), fc.boolean(), (votes, equal) => {
        const a = tally(s5(method, equal), votes);
        const b = tally(s5(method, equal), [...votes].reverse());
        expect(b).toEqual(a);
      }));
    }
  });

  it('Borda totals equal the sum over ballots', () => {
    fc.assert(fc.property(arbVotes('ranking'), (votes) => {
      const total = tally(s5('ranking'), votes).items.reduce((a, i) => a + i.score, 0);
      const expected = votes.reduce((a, v) => a + (v.ballot && 'ranking' in v.ballot ? v.ballot.ranking.reduce((x, _, p) => x + 3 - p, 0) : 0), 0);
      expect(total).toBe(expected);
    }));
  });

  it('dot limits are never exceeded by an accepted ballot', () => {
    const s = settings({ method: 'dots', items: ITEMS });
    fc.assert(fc.property(fc.dictionary(fc.constantFrom(...ITEMS, 'X'), fc.integer({ min: -2, max: 6 })), (dots) => {
      const ok = validateBallot(s, { dots }).length === 0;
      const values = Object.values(dots);
      if (ok) {
        expect(values.every((n) => n >= 0 && n <= s.maxDotsPerItem)).toBe(true);
        expect(values.reduce((a, n) => a + n, 0)).toBeLessThanOrEqual(s.dotsPerParticipant);
        expect(Object.keys(dots).every((k) => ITEMS.includes(k))).toBe(true);
      }
    }));
  });

  it('with equal sector weight, cloning a sector\'s members does not change any score', () => {
    for (const method of METHODS) {
      fc.assert(fc.property(arbVotes(method).filter((v) => v.length > 0), fc.integer({ min: 2, max: 4 }), (votes, k) => {
        const sector = votes[0]!.sector;
        const clones = votes.filter((v) => v.sector === sector).flatMap((v) => Array.from({ length: k - 1 }, (_, j): Vote => ({ ...v, participant: `${v.participant}-clone${j}` })));
        const base = tally(s5(method, true), votes);
        const grown = tally(s5(method, true), [...votes, ...clones]);
        const scores = (r: typeof base) => Object.fromEntries(r.items.map((i) => [i.proposalId, i.score]));
        const [before, after] = [scores(base), scores(grown)];
        // Equal up to float rounding (weights like 1/3 are not exact in binary).
        for (const id of ITEMS) expect(after[id]).toBeCloseTo(before[id]!, 3);
      }));
    }
  });

  it('pairwise scores stay within 0 and 100', () => {
    fc.assert(fc.property(arbVotes('pairwise'), fc.boolean(), (votes, equal) => {
      for (const i of tally(s5('pairwise', equal), votes).items) {
        expect(i.score).toBeGreaterThan(0);
        expect(i.score).toBeLessThan(100);
      }
    }));
  });
});

describe('validateBallot', () => {
  it('names each bad field', () => {
    const c = settings({});
    expect(validateBallot(c, { scores: { A: { feasibility: 6, impact: 0 }, Z: { impact: 3 }, B: { cost: 2 } } }).map((e) => e.path))
      .toEqual(['scores.A.feasibility', 'scores.A.impact', 'scores.Z', 'scores.B.cost']);
    expect(validateBallot(settings({ method: 'dots' }), { dots: { A: 4, B: 3 } }).map((e) => e.path)).toEqual(['dots.A']);
    expect(validateBallot(settings({ method: 'dots' }), { dots: { A: 3, B: 3 } }).map((e) => e.path)).toEqual(['dots']);
    expect(validateBallot(settings({ method: 'ranking' }), { ranking: ['A', 'A', 'Q'] }).map((e) => e.path)).toEqual(['ranking.1', 'ranking.2']);
    expect(validateBallot(settings({ method: 'ranking' }), { dots: {} })).toHaveLength(1);
  });
});
