/** Commitments on the OGP template, their sources, drafters, milestones, named versions and Yjs document. */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('processes').addColumn('reference_prefix', 'text').execute();
  await db.schema.alterTable('processes').addColumn('reference_next', 'integer', (c) => c.notNull().defaultTo(1)).execute();

  await db.schema.createTable('commitments')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('process_id', 'uuid', (c) => c.notNull().references('processes.id').onDelete('cascade'))
    .addColumn('reference', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull().defaultTo('drafting'))
    .addColumn('area', 'text', (c) => c.notNull())
    .addColumn('lead_institution', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('stakeholders', 'jsonb', (c) => c.notNull().defaultTo(sql`'{"government":[],"civilSociety":[]}'::jsonb`))
    .addColumn('starts_on', 'date')
    .addColumn('ends_on', 'date')
    .addColumn('contact', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('fields', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_by', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`clock_timestamp()`))
    .addUniqueConstraint('commitments_reference_uq', ['process_id', 'reference'])
    .execute();

  await db.schema.createTable('commitment_sources')
    .addColumn('commitment_id', 'uuid', (c) => c.notNull().references('commitments.id').onDelete('cascade'))
    .addColumn('proposal_id', 'uuid', (c) => c.notNull().references('proposals.id').onDelete('cascade'))
    .addColumn('process_id', 'uuid', (c) => c.notNull().references('processes.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('commitment_sources_pk', ['commitment_id', 'proposal_id'])
    .execute();
  await db.schema.createIndex('commitment_sources_proposal_idx').on('commitment_sources').column('proposal_id').execute();

  await db.schema.createTable('commitment_drafters')
    .addColumn('commitment_id', 'uuid', (c) => c.notNull().references('commitments.id').onDelete('cascade'))
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('commitment_drafters_pk', ['commitment_id', 'user_id'])
    .execute();

  await db.schema.createTable('milestones')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('commitment_id', 'uuid', (c) => c.notNull().references('commitments.id').onDelete('cascade'))
    .addColumn('process_id', 'uuid', (c) => c.notNull().references('processes.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('deliverable', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('starts_on', 'date')
    .addColumn('ends_on', 'date')
    .addColumn('responsible', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('not-started'))
    .addColumn('progress', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('milestones_commitment_idx').on('milestones').columns(['commitment_id', 'position']).execute();

  await db.schema.createTable('commitment_versions')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('commitment_id', 'uuid', (c) => c.notNull().references('commitments.id').onDelete('cascade'))
    .addColumn('process_id', 'uuid', (c) => c.notNull().references('processes.id').onDelete('cascade'))
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('snapshot', 'jsonb', (c) => c.notNull())
    .addColumn('created_by', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`clock_timestamp()`))
    .execute();

  await db.schema.createTable('commitment_yjs_updates')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('commitment_id', 'uuid', (c) => c.notNull().references('commitments.id').onDelete('cascade'))
    .addColumn('process_id', 'uuid', (c) => c.notNull().references('processes.id').onDelete('cascade'))
    .addColumn('update', 'bytea', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`clock_timestamp()`))
    .execute();
  await db.schema.createIndex('commitment_yjs_updates_idx').on('commitment_yjs_updates').columns(['commitment_id', 'created_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['commitment_yjs_updates', 'commitment_versions', 'milestones', 'commitment_drafters', 'commitment_sources', 'commitments']) await db.schema.dropTable(t).execute();
  await db.schema.alterTable('processes').dropColumn('reference_next').execute();
  await db.schema.alterTable('processes').dropColumn('reference_prefix').execute();
}
