/** Pure rules of the console's breakout tables (no DOM): which table rounds can be pulled back together. */
import type { TableProgress } from './workshops-api.ts';

type TableRound = TableProgress['rounds'][number];

/**
 * The latest round of every table, when each table has one and they were put to the tables
 * together (the same title); null otherwise: then there is nothing to pull back as one result.
 */
export function latestTableRounds(tables: TableProgress[]): TableRound[] | null {
  if (!tables.length) return null;
  const latest = tables.map((t) => t.rounds.at(-1));
  if (latest.some((r) => !r)) return null;
  const rounds = latest as TableRound[];
  return rounds.every((r) => r.title === rounds[0]!.title) ? rounds : null;
}

/** Whether these table rounds are already combined into the plenary result `combinedFrom`. */
export function alreadyPulledBack(rounds: TableRound[], combinedFrom: readonly string[]): boolean {
  return rounds.every((r) => combinedFrom.includes(r.id));
}
