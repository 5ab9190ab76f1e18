import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assignTables, seatLateArrival } from './tables-rules.ts';

const SECTORS = ['executive', 'legislative', 'civil-society', 'academia', 'private-sector', null];
const arbPeople = fc.uniqueArray(fc.record({ key: fc.uuid(), sector: fc.constantFrom(...SECTORS) }), { minLength: 1, maxLength: 60, selector: (p) => p.key });

describe('breakout tables', () => {
  it('seats everyone present at exactly one table, sizes within one of each other', () => {
    fc.assert(fc.property(arbPeople, fc.integer({ min: 1, max: 8 }), fc.constantFrom('random' as const, 'balanced' as const), fc.string(), (people, count, strategy, seed) => {
      const seats = assignTables(people, count, strategy, seed);
      expect([...seats.keys()].sort()).toEqual(people.map((p) => p.key).sort());
      const sizes = Array.from({ length: count }, (_, i) => [...seats.values()].filter((t) => t === i + 1).length);
      expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
      for (const t of seats.values()) expect(t >= 1 && t <= count).toBe(true);
    }));
  });

  it('balancing spreads each sector across the tables (within one of each other)', () => {
    fc.assert(fc.property(arbPeople, fc.integer({ min: 1, max: 8 }), fc.string(), (people, count, seed) => {
      const seats = assignTables(people, count, 'balanced', seed);
      for (const sector of SECTORS) {
        const members = people.filter((p) => p.sector === sector);
        const perTable = Array.from({ length: count }, (_, i) => members.filter((m) => seats.get(m.key) === i + 1).length);
        expect(Math.max(...perTable) - Math.min(...perTable)).toBeLessThanOrEqual(1);
      }
    }));
  });

  it('is the same for the same seed', () => {
    const people = [{ key: 'a', sector: 'academia' }, { key: 'b', sector: 'executive' }, { key: 'c', sector: 'academia' }];
    expect(assignTables(people, 2, 'random', 's')).toEqual(assignTables([...people].reverse(), 2, 'random', 's'));
  });

  it('seats a late arrival where their sector is least present, then at the smallest table', () => {
    const seated = [{ table: 1, sector: 'academia' }, { table: 2, sector: 'executive' }, { table: 2, sector: 'executive' }];
    expect(seatLateArrival('academia', seated, 2)).toBe(2);
    expect(seatLateArrival('executive', seated, 2)).toBe(1);
    expect(seatLateArrival('judiciary', seated, 3)).toBe(3);
  });
});
