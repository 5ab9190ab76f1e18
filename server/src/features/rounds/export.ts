/** A round's results as CSV: a note line, a header and one row per item in rank order. */
import { stringify } from 'csv-stringify/sync';
import type { RoundResults } from '@mesa/shared';
import { safeCell } from '../../lib/spreadsheet.ts';

export function resultsCsv(results: RoundResults): string {
  const sectors = Object.keys(results.participantsBySector).sort();
  const criteria = [...new Set(results.items.flatMap((i) => Object.keys(i.criteria ?? {})))];
  const header = ['rank', 'reference', 'title', 'score', 'ballots', ...criteria, 'quadrant', ...sectors.map((s) => `score:${s}`)];
  const rows = results.items.map((i) => [i.rank, i.reference ?? i.proposalId, i.title ?? '', i.score, i.ballots, ...criteria.map((c) => i.criteria?.[c] ?? ''), i.quadrant ?? '', ...sectors.map((s) => i.bySector[s] ?? '')]);
  const note = [[`# ${results.final ? 'final' : 'running'} results; ${results.participants} participants of whom ${results.paperBallots} on paper; ${results.description}`]];
  // a title a spreadsheet would run as a formula gets a leading '; scores stay numbers (a negative one included)
  return stringify([...note, header, ...rows].map((r) => r.map(safeCell)));
}
