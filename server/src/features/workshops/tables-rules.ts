/** Pure rules of breakout tables: forming them (at random or balancing sectors) and seating late arrivals. */
import { seededOrder } from '@mesa/shared';

export interface Seat { key: string; sector: string | null }
export type TableStrategy = 'random' | 'balanced';

/**
 * Seats everyone at tables 1..count. Both strategies deal people round-robin, so table sizes differ
 * by at most one; `balanced` deals sector by sector, continuing where the last sector stopped, so
 * each sector's members differ by at most one between tables too.
 */
export function assignTables(people: Seat[], count: number, strategy: TableStrategy, seed: string): Map<string, number> {
  const shuffled = [...people].sort((a, b) => seededOrder(seed, a.key) - seededOrder(seed, b.key) || a.key.localeCompare(b.key));
  const ordered = strategy === 'balanced'
    ? shuffled.sort((a, b) => (a.sector ?? 'resident').localeCompare(b.sector ?? 'resident'))
    : shuffled;
  return new Map(ordered.map((p, i) => [p.key, (i % count) + 1]));
}

/** The table for someone who arrives after tables were formed: fewest of their sector, then the smallest. */
export function seatLateArrival(sector: string | null, seated: { table: number; sector: string | null }[], count: number): number {
  let best = 1;
  let bestKey: [number, number] = [Infinity, Infinity];
  for (let table = 1; table <= count; table++) {
    const at = seated.filter((s) => s.table === table);
    const key: [number, number] = [at.filter((s) => (s.sector ?? 'resident') === (sector ?? 'resident')).length, at.length];
    if (key[0] < bestKey[0] || (key[0] === bestKey[0] && key[1] < bestKey[1])) [best, bestKey] = [table, key];
  }
  return best;
}
