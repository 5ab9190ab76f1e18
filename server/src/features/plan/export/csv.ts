/** CSV of the plan's commitments or milestones, streamed through csv-stringify one page of commitments at a time. */
import { pipeline, Readable } from 'node:stream';
import { stringify } from 'csv-stringify';
import type { Conn } from '../../../db/database.ts';
import { commitmentPages } from '../repo.ts';
import { COMMITMENT_COLUMNS, MILESTONE_COLUMNS, commitmentCsvRow, milestoneCsvRows } from '../rules.ts';

async function* rows(db: Conn, processId: string, table: 'commitments' | 'milestones') {
  for await (const page of commitmentPages(db, processId)) {
    for (const c of page) {
      if (table === 'commitments') yield commitmentCsvRow(c);
      else yield* milestoneCsvRows(c);
    }
  }
}

export function planCsv(db: Conn, processId: string, table: 'commitments' | 'milestones') {
  const columns = [...(table === 'commitments' ? COMMITMENT_COLUMNS : MILESTONE_COLUMNS)];
  // A byte-order mark so spreadsheet programs read the accents as UTF-8.
  return pipeline(Readable.from(rows(db, processId, table)), stringify({ header: true, columns, bom: true }), () => {});
}
