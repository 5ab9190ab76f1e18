/**
 * Public consultation on commitments: the publication (closing date, the "for consultation"
 * version), anchored comments (the field text they were made on) with their reasoned response,
 * agree/disagree per section (one per person and field) and followers.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('commitments').addColumn('consultation_closes_at', 'timestamptz').execute();
  await db.schema.alterTable('commitments').addColumn('consultation_version_id', 'uuid', (c) => c.references('commitment_versions.id').onDelete('set null')).execute();

  // An anchored comment keeps the field's text as it was when written, and the named version it was read on.
  await db.schema.alterTable('comments').addColumn('anchor_text', 'text').execute();
  await db.schema.alterTable('comments').addColumn('anchor_version_id', 'uuid', (c) => c.references('commitment_versions.id').onDelete('set null')).execute();
  // The reasoned response to a consultation comment: {outcome, text, versionId, byId, at}.
  await db.schema.alterTable('comments').addColumn('response', 'jsonb').execute();

  await db.schema.createTable('section_stances')
    .addColumn('commitment_id', 'uuid', (c) => c.notNull().references('commitments.id').onDelete('cascade'))
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('field', 'text', (c) => c.notNull())
    .addColumn('process_id', 'uuid', (c) => c.notNull().references('processes.id').onDelete('cascade'))
    .addColumn('stance', 'text', (c) => c.notNull().check(sql`stance in ('agree', 'disagree')`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('section_stances_pk', ['commitment_id', 'field', 'user_id'])
    .execute();

  await db.schema.createTable('commitment_followers')
    .addColumn('commitment_id', 'uuid', (c) => c.notNull().references('commitments.id').onDelete('cascade'))
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('process_id', 'uuid', (c) => c.notNull().references('processes.id').onDelete('cascade'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('commitment_followers_pk', ['commitment_id', 'user_id'])
    .execute();
  await db.schema.createIndex('commitment_followers_user_idx').on('commitment_followers').column('user_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('commitment_followers').execute();
  await db.schema.dropTable('section_stances').execute();
  for (const col of ['response', 'anchor_version_id', 'anchor_text']) await db.schema.alterTable('comments').dropColumn(col).execute();
  for (const col of ['consultation_version_id', 'consultation_closes_at']) await db.schema.alterTable('commitments').dropColumn(col).execute();
}
