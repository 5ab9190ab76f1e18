/**
 * The same migrations give the same schema on embedded PGlite and on PostgreSQL.
 * Needs a PostgreSQL server, so it runs in the DATABASE_URL pass of `.ci/run`.
 */
import { sql, type Kysely } from 'kysely';
import { describe, expect, it } from 'vitest';
import { openPGlite } from '../../server/src/db/connect.ts';
import { migrateToLatest } from '../../server/src/db/migrate.ts';
import { freshDatabase } from '../../server/src/test/harness.ts';

async function describeSchema(db: Kysely<any>) {
  const columns = await sql<Record<string, string>>`
    select table_name, column_name, data_type, is_nullable, coalesce(column_default, '') as column_default
    from information_schema.columns where table_schema = 'public' order by table_name, column_name`.execute(db);
  const constraints = await sql<Record<string, string>>`
    select tc.table_name, tc.constraint_type, string_agg(kcu.column_name, ',' order by kcu.ordinal_position) as columns
    from information_schema.table_constraints tc
    left join information_schema.key_column_usage kcu
      on kcu.constraint_name = tc.constraint_name and kcu.table_schema = tc.table_schema and kcu.table_name = tc.table_name
    where tc.table_schema = 'public' and tc.constraint_type in ('PRIMARY KEY', 'UNIQUE', 'FOREIGN KEY', 'CHECK')
    group by tc.table_name, tc.constraint_name, tc.constraint_type order by 1, 2, 3`.execute(db);
  const indexes = await sql<Record<string, string>>`
    select tablename, indexname, indexdef from pg_indexes where schemaname = 'public' order by tablename, indexname`.execute(db);
  return { columns: columns.rows, constraints: constraints.rows, indexes: indexes.rows };
}

describe.runIf(process.env.DATABASE_URL)('migrations on PGlite and PostgreSQL', () => {
  it('produce the same tables, columns, constraints and indexes', async () => {
    const postgres = await freshDatabase();
    const pglite = await openPGlite(undefined);
    try {
      await migrateToLatest(postgres.db);
      await migrateToLatest(pglite.db);
      const [onPostgres, onPGlite] = [await describeSchema(postgres.db), await describeSchema(pglite.db)];
      expect(onPostgres.columns.length).toBeGreaterThan(30);
      expect(onPGlite).toEqual(onPostgres);
    } finally {
      await postgres.drop();
      await pglite.db.destroy();
    }
  }, 120_000);
});
