import { describe, expect, it } from 'vitest';
import { matchRoute } from '../../router.ts';
import { parseServerMessage } from '../../controllers/room-connection.ts';
import { dotsUsed, isScored, moved, pairsOf, progress, proposalOfPath, startBallot, withDots, withScore } from './ballot-model.ts';
import type { Round } from './rounds-api.ts';

const round = (over: Partial<Round>): Round => ({
  id: 'r', processSlug: 'p', workshopId: null, tableNo: null, combinedFrom: null, title: 'T', method: 'criteria', state: 'open', items: ['a', 'b', 'c'],
  criteria: [{ key: 'feasibility', weight: 1 }, { key: 'impact', weight: 1 }], dotsPerParticipant: 5, maxDotsPerItem: 3, maxRanked: 2,
  resultsVisible: false, eligibility: 'forum', equalSectorWeight: false, seed: 's', description: '', ballots: 0,
  openedAt: null, closesAt: null, closedAt: null, createdAt: '', ...over,
});

describe('ballot editing', () => {
  it('counts a proposal as scored once every criterion has a value', () => {
    const r = round({});
    let b = withScore({ scores: {} }, 'a', 'feasibility', 4);
    expect(isScored(b, 'a', r.criteria)).toBe(false);
    b = withScore(b, 'a', 'impact', 2);
    expect(isScored(b, 'a', r.criteria)).toBe(true);
    expect(progress(r, b, 0)).toEqual({ done: 1, total: 3 });
  });

  it('keeps dots within the per-item and total limits', () => {
    const r = round({ method: 'dots' });
    let b = { dots: {} as Record<string, number> };
    for (let i = 0; i < 5; i++) b = withDots(b, r, 'a', 1);
    expect(b.dots).toEqual({ a: 3 });
    b = withDots(withDots(withDots(b, r, 'b', 1), r, 'b', 1), r, 'c', 1);
    expect(dotsUsed(b)).toBe(5);
    expect(withDots(b, r, 'c', 1)).toBe(b); // nothing left to place
    expect(withDots(b, r, 'a', -3).dots).toEqual({ b: 2 });
  });

  it('moves ranked items and ignores moves past either end', () => {
    expect(moved(['a', 'b', 'c'], 'c', -1)).toEqual(['a', 'c', 'b']);
    expect(moved(['a', 'b'], 'a', -1)).toEqual(['a', 'b']);
  });

  it('restores a saved ballot only when it fits the method', () => {
    expect(startBallot('dots', { scores: {} })).toEqual({ dots: {} });
    expect(startBallot('ranking', { ranking: ['b'] })).toEqual({ ranking: ['b'] });
  });

  it('finds the proposal an error path is about', () => {
    expect(proposalOfPath('scores.a.impact', null)).toBe('a');
    expect(proposalOfPath('ballot.dots.b', null)).toBe('b');
    expect(proposalOfPath('ranking.1', { ranking: ['a', 'c'] })).toBe('c');
    expect(proposalOfPath('dots', null)).toBe('');
  });

  it('lists every pair once, in an order fixed by the seed', () => {
    const pairs = pairsOf(['a', 'b', 'c', 'd'], 'seed');
    expect(pairs).toHaveLength(6);
    expect(new Set(pairs.map((p) => [...p].sort().join()))).toHaveProperty('size', 6);
    expect(pairsOf(['a', 'b', 'c', 'd'], 'seed')).toEqual(pairs);
  });
});

describe('routes and messages of rounds and workshops', () => {
  it('maps the new paths', () => {
    expect(matchRoute('/rounds/x1')).toEqual({ name: 'round', id: 'x1' });
    expect(matchRoute('/rounds/x1/results')).toEqual({ name: 'round-results', id: 'x1' });
    expect(matchRoute('/workshops/w/console')).toEqual({ name: 'workshop-console', id: 'w' });
    expect(matchRoute('/workshops/w/projector')).toEqual({ name: 'workshop-projector', id: 'w' });
    expect(matchRoute('/join')).toEqual({ name: 'join', code: '' });
    expect(matchRoute('/join/K7M2QX')).toEqual({ name: 'join', code: 'K7M2QX' });
  });

  it('accepts ballot acks and errors that answer a ref', () => {
    expect(parseServerMessage({ type: 'ack', roundId: 'r', ref: 'c1' })).not.toBeNull();
    expect(parseServerMessage({ type: 'ack' })).toBeNull();
    expect(parseServerMessage({ type: 'error', code: 'validation', message: 'm', ref: 'c1', errors: [{ path: 'ballot.dots', message: 'x' }] })).not.toBeNull();
  });
});
