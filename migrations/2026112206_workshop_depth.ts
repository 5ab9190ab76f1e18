/** Workshop depth: breakout tables, raised hands, questions from the floor. */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('workshops').addColumn('tables_count', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('workshop_participants').addColumn('table_no', 'integer').execute();
  await db.schema.alterTable('rounds').addColumn('table_no', 'integer').execute();
  await db.schema.alterTable('rounds').addColumn('combined_from', 'jsonb').execute();

  await db.schema.createTable('workshop_hands')
    .addColumn('workshop_id', 'uuid', (c) => c.notNull().references('workshops.id').onDelete('cascade'))
    .addColumn('participant_key', 'text', (c) => c.notNull())
    .addColumn('process_id', 'uuid', (c) => c.notNull().references('processes.id').onDelete('cascade'))
    .addColumn('raised_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`clock_timestamp()`))
    .addPrimaryKeyConstraint('workshop_hands_pk', ['workshop_id', 'participant_key'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('workshop_hands').execute();
  await db.schema.alterTable('rounds').dropColumn('combined_from').execute();
  await db.schema.alterTable('rounds').dropColumn('table_no').execute();
  await db.schema.alterTable('workshop_participants').dropColumn('table_no').execute();
  await db.schema.alterTable('workshops').dropColumn('tables_count').execute();
}
