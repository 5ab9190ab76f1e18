/**
 * A cheap fingerprint of the whole database: per table, its row count and a hash of its rows
 * (one statement). A refused request must leave it as it was. Left out: bookkeeping that any
 * request may touch (a session's last-seen time, failed sign-in and join attempts), broadcasts
 * sent after their request, and the migrations' own tables.
 */
import { sql } from 'kysely';
import type { Db } from '../../../server/src/db/database.ts';

const SKIPPED_TABLES = new Set(['kysely_migration', 'kysely_migration_lock', 'login_failures', 'join_attempts']);
/** `rooms.last_seq` moves with the coalesced broadcasts below. */
const SKIPPED_COLUMNS = new Set(['sessions.last_seen_at', 'rooms.last_seq']);
/**
 * Broadcasts the app sends a little after the request that caused them (a round's tally at most
 * ten times a second, support counts every 250 ms): they may land while a refused request runs.
 */
const ROWS: Record<string, string> = { room_events: `where event not in ('rounds/tally', 'proposals/supports-changed')` };

export type Fingerprint = Map<string, string>;

export async function fingerprinter(db: Db): Promise<() => Promise<Fingerprint>> {
  const columns = await sql<{ table_name: string; column_name: string }>`
    select c.table_name, c.column_name from information_schema.columns c
    join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name and t.table_type = 'BASE TABLE'
    where c.table_schema = 'public' order by c.table_name, c.ordinal_position`.execute(db);
  const byTable = new Map<string, string[]>();
  for (const { table_name: t, column_name: c } of columns.rows) {
    if (SKIPPED_TABLES.has(t) || SKIPPED_COLUMNS.has(`${t}.${c}`)) continue;
    byTable.set(t, [...(byTable.get(t) ?? []), `"${c}"`]);
  }
  const parts = [...byTable].map(([t, cols]) =>
    `select '${t}' as t, count(*)::int as n, md5(coalesce(string_agg(md5(x::text), '' order by md5(x::text)), '')) as h from (select ${cols.join(', ')} from "${t}" ${ROWS[t] ?? ''}) x`);
  const query = sql.raw<{ t: string; n: number; h: string }>(parts.join('\nunion all\n'));
  return async () => new Map((await query.execute(db)).rows.map((r) => [r.t, `${r.n} rows ${r.h.slice(0, 8)}`]));
}

/** The tables whose rows differ, with their counts before → after. */
export function changedTables(before: Fingerprint, now: Fingerprint): string[] {
  return [...now].filter(([t, v]) => before.get(t) !== v).map(([t, v]) => `${t}: ${before.get(t) ?? 'absent'} → ${v}`);
}
