/** The action plan of a process (its metadata and adoption) and the organisations that endorse it. */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createTable('plans')
    .addColumn('process_id', 'uuid', (c) => c.primaryKey().references('processes.id').onDelete('cascade'))
    .addColumn('title', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('period_start', 'date')
    .addColumn('period_end', 'date')
    .addColumn('lead_institution', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('forum', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('independent_monitor', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('contact', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('ogp_page_url', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('adopted_at', 'timestamptz')
    .addColumn('adopted_by', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`clock_timestamp()`))
    .execute();

  await db.schema.createTable('endorsements')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('process_id', 'uuid', (c) => c.notNull().references('processes.id').onDelete('cascade'))
    // null for endorsements brought in by a plan import (the endorsing account is not carried over)
    .addColumn('user_id', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('organisation', 'text', (c) => c.notNull())
    .addColumn('representative', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('statement', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('pending'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`clock_timestamp()`))
    .addColumn('reviewed_at', 'timestamptz')
    .addColumn('reviewed_by', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addUniqueConstraint('endorsements_one_per_user_uq', ['process_id', 'user_id'])
    .execute();
  await db.schema.createIndex('endorsements_process_status_idx').on('endorsements').columns(['process_id', 'status', 'created_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('endorsements').execute();
  await db.schema.dropTable('plans').execute();
}
