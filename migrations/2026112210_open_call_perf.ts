/**
 * The open call's list and counts, after the benchmark (docs/BENCHMARKS.md, "Open call").
 *
 * - `search_vector`: the folded `search_text` parsed once, when a proposal is written, instead of
 *   on every row a search tests (100–150 µs a row). Its GIN index replaces the expression index.
 * - `(process_id, area, supports_count desc, number desc)` and `(process_id, area, number desc)`:
 *   a list filtered by area walks only that area, in the order of the two common sorts.
 * - The 2026112202 sort indexes (ties broken by `id`, or by `created_at`) serve no query since
 *   2026112209 and the list's `number` order; every support recount wrote an entry in each.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table proposals add column search_vector tsvector generated always as (to_tsvector('simple', search_text)) stored not null`.execute(db);
  await sql`create index proposals_search_vector_idx on proposals using gin (search_vector)`.execute(db);
  await sql`drop index proposals_search_idx`.execute(db);
  await sql`create index proposals_area_supports_idx on proposals (process_id, area, supports_count desc, number desc)`.execute(db);
  await sql`create index proposals_area_recent_idx on proposals (process_id, area, number desc)`.execute(db);
  for (const name of ['proposals_supports_idx', 'proposals_comments_idx', 'proposals_recent_idx']) await sql`drop index ${sql.ref(name)}`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('proposals_recent_idx').on('proposals').columns(['process_id', 'created_at desc', 'id desc']).execute();
  await db.schema.createIndex('proposals_supports_idx').on('proposals').columns(['process_id', 'supports_count desc', 'id desc']).execute();
  await db.schema.createIndex('proposals_comments_idx').on('proposals').columns(['process_id', 'comments_count desc', 'id desc']).execute();
  await sql`drop index proposals_area_recent_idx`.execute(db);
  await sql`drop index proposals_area_supports_idx`.execute(db);
  await sql`create index proposals_search_idx on proposals using gin (to_tsvector('simple', search_text))`.execute(db);
  await sql`drop index proposals_search_vector_idx`.execute(db);
  await sql`alter table proposals drop column search_vector`.execute(db);
}
