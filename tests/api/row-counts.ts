/** Row counts of every table, in one statement, to show that a refused request changed nothing. */
import { sql, type Kysely, type RawBuilder } from 'kysely';

export type RowCounts = Record<string, number>;

/**
 * One `select (select count(*) from t1) as t1, ...` over every table of the public schema;
 * `where` narrows what is counted in a table (rows that background work writes on its own).
 */
export async function rowCounter(db: Kysely<any>, where: Record<string, RawBuilder<boolean>> = {}): Promise<() => Promise<RowCounts>> {
  const tables = (await sql<{ name: string }>`
    select table_name as name from information_schema.tables
    where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`.execute(db)).rows.map((r) => r.name);
  const count = (t: string) => (where[t] ? sql`(select count(*)::int from ${sql.table(t)} where ${where[t]})` : sql`(select count(*)::int from ${sql.table(t)})`);
  const query = sql<RowCounts>`select ${sql.join(tables.map((t) => sql`${count(t)} as ${sql.ref(t)}`))}`;
  return async () => (await query.execute(db)).rows[0]!;
}

/** The tables whose counts differ, as `table: before → after`. */
export function countChanges(before: RowCounts, after: RowCounts): string[] {
  return Object.keys(after).filter((t) => before[t] !== after[t]).map((t) => `${t}: ${before[t]} → ${after[t]}`);
}
