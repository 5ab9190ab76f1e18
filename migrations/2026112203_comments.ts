/** Comments on any target (threads to depth 3, edit history, votes) and moderation reports. */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createTable('comments')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('process_id', 'uuid', (c) => c.notNull().references('processes.id').onDelete('cascade'))
    .addColumn('target_type', 'text', (c) => c.notNull())
    .addColumn('target_id', 'uuid', (c) => c.notNull())
    .addColumn('parent_id', 'uuid', (c) => c.references('comments.id').onDelete('cascade'))
    .addColumn('depth', 'smallint', (c) => c.notNull())
    .addColumn('author_id', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('body_html', 'text', (c) => c.notNull())
    .addColumn('alignment', 'text')
    .addColumn('anchor', 'jsonb')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`clock_timestamp()`))
    .addColumn('edited_at', 'timestamptz')
    .addColumn('deleted_at', 'timestamptz')
    .addColumn('hidden', 'boolean', (c) => c.notNull().defaultTo(false))
    .addCheckConstraint('comments_depth', sql`depth between 1 and 3`)
    .addCheckConstraint('comments_alignment', sql`alignment in ('for', 'against', 'neutral')`)
    .addCheckConstraint('comments_root_depth', sql`(parent_id is null) = (depth = 1)`)
    .execute();
  // Listing a target's thread; process_id first so a sharded (Citus) table can route by it.
  await db.schema.createIndex('comments_target_idx').on('comments').columns(['process_id', 'target_type', 'target_id', 'created_at']).execute();
  await db.schema.createIndex('comments_parent_idx').on('comments').column('parent_id').execute();
  await db.schema.createIndex('comments_author_idx').on('comments').column('author_id').execute();

  await db.schema.createTable('comment_revisions')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('comment_id', 'uuid', (c) => c.notNull().references('comments.id').onDelete('cascade'))
    .addColumn('process_id', 'uuid', (c) => c.notNull().references('processes.id').onDelete('cascade'))
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('written_at', 'timestamptz', (c) => c.notNull())
    .addColumn('edited_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`clock_timestamp()`))
    .execute();
  await db.schema.createIndex('comment_revisions_comment_idx').on('comment_revisions').columns(['comment_id', 'edited_at']).execute();

  await db.schema.createTable('comment_votes')
    .addColumn('comment_id', 'uuid', (c) => c.notNull().references('comments.id').onDelete('cascade'))
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('process_id', 'uuid', (c) => c.notNull().references('processes.id').onDelete('cascade'))
    .addColumn('value', 'smallint', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('comment_votes_pk', ['comment_id', 'user_id'])
    .addCheckConstraint('comment_votes_value', sql`value in (-1, 1)`)
    .execute();

  await db.schema.createTable('reports')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('process_id', 'uuid', (c) => c.notNull().references('processes.id').onDelete('cascade'))
    .addColumn('target_type', 'text', (c) => c.notNull())
    .addColumn('target_id', 'uuid', (c) => c.notNull())
    // Kept when the reporter deletes their account, so the count of distinct reporters holds.
    .addColumn('reporter_id', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('details', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`clock_timestamp()`))
    .addColumn('resolved_at', 'timestamptz')
    .addColumn('resolved_by', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addUniqueConstraint('reports_once_per_reporter_uq', ['target_type', 'target_id', 'reporter_id'])
    .addCheckConstraint('reports_target_type', sql`target_type in ('proposals', 'comments')`)
    .addCheckConstraint('reports_reason', sql`reason in ('spam', 'offensive', 'off-topic', 'other')`)
    .execute();
  // The moderation queue: a process's unresolved reports.
  await sql`create index reports_open_idx on reports (process_id, target_type, target_id) where resolved_at is null`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['reports', 'comment_votes', 'comment_revisions', 'comments']) await db.schema.dropTable(t).execute();
}
