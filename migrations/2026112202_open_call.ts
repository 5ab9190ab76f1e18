/** Open call: proposals and supports; rooms with numbered events for live updates and replay. */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('processes').addColumn('proposal_seq', 'integer', (c) => c.notNull().defaultTo(0)).execute();

  await db.schema.createTable('proposals')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('process_id', 'uuid', (c) => c.notNull().references('processes.id').onDelete('cascade'))
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('external_ref', 'text')
    .addColumn('author_id', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('body_html', 'text', (c) => c.notNull())
    .addColumn('search_text', 'text', (c) => c.notNull())
    .addColumn('area', 'text', (c) => c.notNull())
    .addColumn('sector', 'text', (c) => c.notNull())
    .addColumn('organisation', 'text')
    .addColumn('lang', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull().defaultTo('submitted'))
    .addColumn('supports_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('comments_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('answer_state', 'text')
    .addColumn('answer_text', 'text')
    .addColumn('answer_published_at', 'timestamptz')
    .addColumn('merged_into', 'uuid', (c) => c.references('proposals.id').onDelete('set null'))
    .addColumn('selected_for_drafting', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('hidden', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`clock_timestamp()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`clock_timestamp()`))
    .addUniqueConstraint('proposals_process_number_uq', ['process_id', 'number'])
    .execute();
  await db.schema.createIndex('proposals_recent_idx').on('proposals').columns(['process_id', 'created_at desc', 'id desc']).execute();
  await db.schema.createIndex('proposals_supports_idx').on('proposals').columns(['process_id', 'supports_count desc', 'id desc']).execute();
  await db.schema.createIndex('proposals_comments_idx').on('proposals').columns(['process_id', 'comments_count desc', 'id desc']).execute();
  await db.schema.createIndex('proposals_merged_into_idx').on('proposals').column('merged_into').execute();
  await sql`create index proposals_search_idx on proposals using gin (to_tsvector('simple', search_text))`.execute(db);

  await db.schema.createTable('proposal_supports')
    .addColumn('proposal_id', 'uuid', (c) => c.notNull().references('proposals.id').onDelete('cascade'))
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('process_id', 'uuid', (c) => c.notNull().references('processes.id').onDelete('cascade'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('proposal_supports_pk', ['proposal_id', 'user_id'])
    .execute();
  await db.schema.createIndex('proposal_supports_user_idx').on('proposal_supports').columns(['user_id', 'proposal_id']).execute();

  await db.schema.createTable('rooms')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('last_seq', 'bigint', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createTable('room_events')
    .addColumn('room', 'text', (c) => c.notNull())
    .addColumn('seq', 'bigint', (c) => c.notNull())
    .addColumn('process_id', 'uuid', (c) => c.references('processes.id').onDelete('cascade'))
    .addColumn('event', 'text', (c) => c.notNull())
    .addColumn('data', 'jsonb', (c) => c.notNull())
    .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('room_events_pk', ['room', 'seq'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['room_events', 'rooms', 'proposal_supports', 'proposals']) await db.schema.dropTable(t).execute();
  await db.schema.alterTable('processes').dropColumn('proposal_seq').execute();
}
