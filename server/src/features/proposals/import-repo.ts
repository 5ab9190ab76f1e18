/**
 * The staging of a proposal import (table proposal_import_rows): checked rows are written a
 * batch at a time while the file streams in, then moved into `proposals` in one statement once
 * the numbers are reserved. Only one batch is ever in the server's memory.
 */
import { sql } from 'kysely';
import type { Conn } from '../../db/database.ts';
import { renderMarkdown } from '../../lib/markdown.ts';
import { searchTextAfterReference, type NewProposal } from './rules.ts';

/** Writes checked rows, the first at place `firstIndex` of the import; markdown is rendered here, once. */
export async function stageRows(db: Conn, importId: string, firstIndex: number, rows: NewProposal[]): Promise<void> {
  if (rows.length === 0) return;
  // one jsonb parameter for the batch: VALUES would take 11 a row (at most 65,535 a statement)
  const json = JSON.stringify(rows.map((p, i) => ({
    n: firstIndex + i, x: p.externalRef, t: p.title, b: p.body, h: renderMarkdown(p.body), s: searchTextAfterReference(p),
    a: p.area, c: p.sector, o: p.organisation, l: p.lang,
  })));
  await sql`insert into proposal_import_rows (import_id, n, external_ref, title, body, body_html, search_rest, area, sector, organisation, lang)
    select ${importId}::uuid, r.n, r.x, r.t, r.b, r.h, r.s, r.a, r.c, r.o, r.l
    from jsonb_to_recordset(${json}::jsonb) as r(n int, x text, t text, b text, h text, s text, a text, c text, o text, l text)`.execute(db);
}

/**
 * Moves the import's rows into `proposals`, numbered from `firstNumber` in their order, and
 * deletes them from the staging table; returns how many. search_text is searchText's: the
 * folded reference (rules.ts `reference`: P- and the number, at least 4 digits), a space, the rest.
 */
export async function moveStaged(trx: Conn, importId: string, processId: string, authorId: string, firstNumber: number): Promise<number> {
  const result = await sql`with staged as (delete from proposal_import_rows where import_id = ${importId}::uuid returning *)
    insert into proposals (process_id, author_id, number, external_ref, title, body, body_html, search_text, area, sector, organisation, lang)
    select ${processId}::uuid, ${authorId}::uuid, num, external_ref, title, body, body_html,
      'p-' || lpad(num::text, greatest(4, length(num::text)), '0') || ' ' || search_rest,
      area, sector, organisation, lang
    from (select *, ${firstNumber}::int + n as num from staged) s
    order by n`.execute(trx);
  return Number(result.numAffectedRows ?? 0);
}

/** Deletes an import's staged rows (a refused or failed import). */
export async function discardStaged(db: Conn, importId: string): Promise<void> {
  await sql`delete from proposal_import_rows where import_id = ${importId}::uuid`.execute(db);
}

/** Deletes rows a crashed server left behind (imports take minutes, not a day). */
export async function discardStale(db: Conn): Promise<void> {
  await sql`delete from proposal_import_rows where created_at < now() - interval '1 day'`.execute(db);
}
