/**
 * Proposals' search vectors move to their own table, `proposal_search`, with the GIN index.
 *
 * Every support or comment ends in a rewrite of its proposal's row (the counts the list sorts by
 * are indexed, so it is never a HOT update), and with the vector's GIN index on `proposals`, each
 * rewrite also added the ~100 words of the proposal to that index. At 1,000+ supports a second
 * that was ~45 % of the count rollup's database time (docs/BENCHMARKS.md, "Open call"). The
 * vector changes only when the text does: a trigger writes it whenever `search_text` is written.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`create table proposal_search (
    proposal_id uuid primary key references proposals(id) on delete cascade,
    search_vector tsvector not null)`.execute(db);
  await sql`insert into proposal_search (proposal_id, search_vector) select id, search_vector from proposals`.execute(db);
  await sql`create index proposal_search_vector_idx on proposal_search using gin (search_vector)`.execute(db);
  await sql`alter table proposals drop column search_vector`.execute(db);
  await sql`create function proposals_keep_search() returns trigger language plpgsql as $$
    begin
      insert into proposal_search (proposal_id, search_vector) values (new.id, to_tsvector('simple', new.search_text))
      on conflict (proposal_id) do update set search_vector = excluded.search_vector;
      return null;
    end $$`.execute(db);
  await sql`create trigger proposals_keep_search after insert or update of search_text on proposals
    for each row execute function proposals_keep_search()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger proposals_keep_search on proposals`.execute(db);
  await sql`drop function proposals_keep_search()`.execute(db);
  await sql`alter table proposals add column search_vector tsvector generated always as (to_tsvector('simple', search_text)) stored not null`.execute(db);
  await sql`create index proposals_search_vector_idx on proposals using gin (search_vector)`.execute(db);
  await sql`drop table proposal_search`.execute(db);
}
