/** CSV of the plan's commitments or milestones, streamed through csv-stringify one page of commitments at a time. */
import { pipeline, Readable } from 'node:stream';
import { stringify } from 'csv-stringify';
import type { Conn } from '../../../db/database.ts';
import { safeCell } from '../../../lib/spreadsheet.ts';
import { commitmentPages } from '../repo.ts';
import { COMMITMENT_COLUMNS, MILESTONE_COLUMNS, commitmentCsvRow, milestoneCsvRows } from '../rules.ts';

/** A row with its texts spreadsheet-safe (a leading ' where a spreadsheet would see a formula). */
const safeRow = <R extends Record<string, string | number>>(row: R) =>
  Object.fromEntries(Object.entries(row).map(([k, v]) => [k, safeCell(v)])) as R;

async function* rows(db: Conn, processId: string, table: 'commitments' | 'milestones') {
  for await (const page of commitmentPages(db, processId)) {
    for (const c of page) {
      if (table === 'commitments') yield safeRow(commitmentCsvRow(c));
      else for (const m of milestoneCsvRows(c)) yield safeRow(m);
    }
  }
}

export function planCsv(db: Conn, processId: string, table: 'commitments' | 'milestones') {
  const columns = [...(table === 'commitments' ? COMMITMENT_COLUMNS : MILESTONE_COLUMNS)];
  // A byte-order mark so spreadsheet programs read the accents as UTF-8.
  return pipeline(Readable.from(rows(db, processId, table)), stringify({ header: true, columns, bom: true }), () => {});
}
