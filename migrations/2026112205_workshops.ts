/** Live workshops: join codes, guests with sessions limited to one workshop, attendance. */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createTable('workshops')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('process_id', 'uuid', (c) => c.notNull().references('processes.id').onDelete('cascade'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('agenda', 'jsonb', (c) => c.notNull())
    .addColumn('starts_at', 'timestamptz', (c) => c.notNull())
    .addColumn('mode', 'text', (c) => c.notNull())
    .addColumn('video_url', 'text')
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('state', 'text', (c) => c.notNull().defaultTo('open'))
    .addColumn('locked', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('current_item', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_by', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('closed_at', 'timestamptz')
    .addColumn('outcome', 'jsonb')
    .execute();
  await db.schema.createIndex('workshops_process_idx').on('workshops').columns(['process_id', 'starts_at']).execute();

  await db.schema.createTable('guests')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('workshop_id', 'uuid', (c) => c.notNull().references('workshops.id').onDelete('cascade'))
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('sector', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  // A session belongs to an account, or to a guest of one workshop.
  await db.schema.alterTable('sessions').alterColumn('user_id', (c) => c.dropNotNull()).execute();
  await db.schema.alterTable('sessions').addColumn('guest_id', 'uuid', (c) => c.references('guests.id').onDelete('cascade')).execute();
  await db.schema.alterTable('sessions').addCheckConstraint('sessions_owner', sql`(user_id is null) <> (guest_id is null)`).execute();

  await db.schema.createTable('workshop_participants')
    .addColumn('workshop_id', 'uuid', (c) => c.notNull().references('workshops.id').onDelete('cascade'))
    .addColumn('participant_key', 'text', (c) => c.notNull())
    .addColumn('process_id', 'uuid', (c) => c.notNull().references('processes.id').onDelete('cascade'))
    .addColumn('user_id', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('guest_id', 'uuid', (c) => c.references('guests.id').onDelete('cascade'))
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('sector', 'text')
    .addColumn('joined_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('removed', 'boolean', (c) => c.notNull().defaultTo(false))
    .addPrimaryKeyConstraint('workshop_participants_pk', ['workshop_id', 'participant_key'])
    .execute();

  await db.schema.createTable('join_attempts')
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('join_attempts_key_at_idx').on('join_attempts').columns(['key', 'at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('join_attempts').execute();
  await db.schema.dropTable('workshop_participants').execute();
  await db.schema.alterTable('sessions').dropConstraint('sessions_owner').execute();
  await db.schema.alterTable('sessions').dropColumn('guest_id').execute();
  await db.schema.dropTable('guests').execute();
  await db.schema.dropTable('workshops').execute();
}
