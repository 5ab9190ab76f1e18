/**
 * A staging table for proposal imports. A large import (100,000 rows) is checked as it streams
 * in and written here a batch at a time, so the server holds one batch, not the whole file; the
 * rows move into `proposals` in one short transaction once every row is known to be good, and
 * a refused import deletes its rows. Unlogged: nothing in it needs to survive a crash, and rows
 * left by a crashed server are removed by the next import (older than a day).
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`create unlogged table proposal_import_rows (
    import_id uuid not null,
    n integer not null,
    external_ref text,
    title text not null,
    body text not null,
    body_html text not null,
    search_rest text not null,
    area text not null,
    sector text not null,
    organisation text,
    lang text not null,
    created_at timestamptz not null default now(),
    primary key (import_id, n))`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table proposal_import_rows`.execute(db);
}
