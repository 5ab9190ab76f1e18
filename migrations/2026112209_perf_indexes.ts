/**
 * Indexes the open-call benchmark showed missing (docs/BENCHMARKS.md has the plans and figures).
 *
 * - The list sorts by supports or comments and breaks ties by `number`, and its keyset cursor is
 *   `(count, number) < (…, …)`. The indexes of 2026112202 break ties by `id`, so PostgreSQL can
 *   only use their first column: every page re-sorts the whole group of proposals sharing a count
 *   (tens of thousands with a few supports each). These match the order and the cursor exactly.
 * - `total` and the facet counts count the visible proposals of a process, by area, sector and
 *   state. Without an index covering them that is a scan of the whole proposals table (bodies
 *   included); this partial index makes it an index-only scan of a few megabytes.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index proposals_supports_rank_idx on proposals (process_id, supports_count desc, number desc)`.execute(db);
  await sql`create index proposals_comments_rank_idx on proposals (process_id, comments_count desc, number desc)`.execute(db);
  await sql`create index proposals_visible_facets_idx on proposals (process_id, area, sector, state) where not hidden`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const name of ['proposals_visible_facets_idx', 'proposals_comments_rank_idx', 'proposals_supports_rank_idx']) {
    await sql`drop index if exists ${sql.ref(name)}`.execute(db);
  }
}
