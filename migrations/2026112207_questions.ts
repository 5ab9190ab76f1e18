/** Questions from the floor of a workshop, upvoted by participants, moderated like comments. */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createTable('workshop_questions')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('workshop_id', 'uuid', (c) => c.notNull().references('workshops.id').onDelete('cascade'))
    .addColumn('process_id', 'uuid', (c) => c.notNull().references('processes.id').onDelete('cascade'))
    .addColumn('author_key', 'text', (c) => c.notNull())
    .addColumn('author_name', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('hidden', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('answered_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`clock_timestamp()`))
    .execute();
  await db.schema.createIndex('workshop_questions_workshop_idx').on('workshop_questions').columns(['workshop_id', 'created_at']).execute();
  await db.schema.createTable('question_votes')
    .addColumn('question_id', 'uuid', (c) => c.notNull().references('workshop_questions.id').onDelete('cascade'))
    .addColumn('voter_key', 'text', (c) => c.notNull())
    .addColumn('process_id', 'uuid', (c) => c.notNull().references('processes.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('question_votes_pk', ['question_id', 'voter_key'])
    .execute();
  // Questions are reported and hidden through the same moderation as comments.
  await db.schema.alterTable('reports').dropConstraint('reports_target_type').execute();
  await db.schema.alterTable('reports').addCheckConstraint('reports_target_type', sql`target_type in ('proposals', 'comments', 'questions')`).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('reports').dropConstraint('reports_target_type').execute();
  await db.schema.alterTable('reports').addCheckConstraint('reports_target_type', sql`target_type in ('proposals', 'comments')`).execute();
  await db.schema.dropTable('question_votes').execute();
  await db.schema.dropTable('workshop_questions').execute();
}
