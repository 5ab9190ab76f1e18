import { describe, expect, it } from 'vitest';
import { alreadyPulledBack, latestTableRounds } from './tables-model.ts';

const round = (id: string, title = 'Priorities', state = 'open', ballots = 0) => ({ id, title, state, ballots });
const table = (n: number, rounds: ReturnType<typeof round>[]) => ({ table: n, members: [], rounds });

describe('pulling table rounds back', () => {
  it('takes the latest round of every table when they were put together', () => {
    const tables = [table(1, [round('a', 'Warm-up'), round('b')]), table(2, [round('c', 'Warm-up'), round('d')])];
    expect(latestTableRounds(tables)?.map((r) => r.id)).toEqual(['b', 'd']);
  });

  it('has nothing to pull back without tables, when a table has no round, or when the latest rounds differ', () => {
    expect(latestTableRounds([])).toBeNull();
    expect(latestTableRounds([table(1, [round('a')]), table(2, [])])).toBeNull();
    expect(latestTableRounds([table(1, [round('a', 'One')]), table(2, [round('b', 'Two')])])).toBeNull();
  });

  it('knows rounds already combined into the plenary result', () => {
    const rounds = [round('b'), round('d')];
    expect(alreadyPulledBack(rounds, ['d', 'b'])).toBe(true);
    expect(alreadyPulledBack(rounds, ['b'])).toBe(false);
    expect(alreadyPulledBack(rounds, [])).toBe(false);
  });
});
