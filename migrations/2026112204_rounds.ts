/** Prioritisation rounds, one ballot per participant, pairwise comparisons. */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createTable('rounds')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('process_id', 'uuid', (c) => c.notNull().references('processes.id').onDelete('cascade'))
    .addColumn('workshop_id', 'uuid')
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('method', 'text', (c) => c.notNull())
    .addColumn('settings', 'jsonb', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull().defaultTo('draft'))
    .addColumn('results_visible', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('eligibility', 'text', (c) => c.notNull().defaultTo('forum'))
    .addColumn('duration_sec', 'integer')
    .addColumn('created_by', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('opened_at', 'timestamptz')
    .addColumn('closes_at', 'timestamptz')
    .addColumn('closed_at', 'timestamptz')
    .addColumn('results', 'jsonb')
    .execute();
  await db.schema.createIndex('rounds_process_idx').on('rounds').columns(['process_id', 'created_at']).execute();

  await db.schema.createTable('ballots')
    .addColumn('round_id', 'uuid', (c) => c.notNull().references('rounds.id').onDelete('cascade'))
    .addColumn('process_id', 'uuid', (c) => c.notNull().references('processes.id').onDelete('cascade'))
    .addColumn('participant_key', 'text', (c) => c.notNull())
    .addColumn('user_id', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('sector', 'text')
    .addColumn('ballot', 'jsonb', (c) => c.notNull())
    .addColumn('paper', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('label', 'text')
    .addColumn('entered_by', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`clock_timestamp()`))
    .addPrimaryKeyConstraint('ballots_pk', ['round_id', 'participant_key'])
    .execute();

  await db.schema.createTable('comparisons')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('round_id', 'uuid', (c) => c.notNull().references('rounds.id').onDelete('cascade'))
    .addColumn('process_id', 'uuid', (c) => c.notNull().references('processes.id').onDelete('cascade'))
    .addColumn('participant_key', 'text', (c) => c.notNull())
    .addColumn('sector', 'text')
    .addColumn('winner_id', 'text', (c) => c.notNull())
    .addColumn('loser_id', 'text', (c) => c.notNull())
    .addColumn('skipped', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`clock_timestamp()`))
    .execute();
  await db.schema.createIndex('comparisons_round_idx').on('comparisons').columns(['round_id', 'participant_key']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['comparisons', 'ballots', 'rounds']) await db.schema.dropTable(t).execute();
}
