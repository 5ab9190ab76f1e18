/**
 * Bulk contributions for the streaming tests, written with set-based SQL (generate_series,
 * INSERT … SELECT) so that thousands of rows take one statement each, on PGlite and PostgreSQL.
 */
import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';

export interface BulkSizes { proposals: number; comments: number; users: number; bodyChars: number }

/** Adds authors, proposals and threaded comments to a process; counts match the rows. */
export async function bulkContributions(db: Db, processId: string, s: BulkSizes): Promise<void> {
  const tag = `bulk${Date.now().toString(36)}`;
  await sql`insert into users (email, password_hash, display_name, locale)
    select ${tag} || '-' || g || '@example.org', 'x', 'Persona ' || g, 'es' from generate_series(1, ${s.users}::int) g`.execute(db);
  await sql`create temp table bulk_users as
    select id, row_number() over (order by email) as n from users where email like ${`${tag}-%`}`.execute(db);
  await sql`with cc as (select 1 + (c * 7919) % ${s.proposals}::int as p, count(*)::int as n from generate_series(1, ${s.comments}::int) c group by 1)
    insert into proposals (process_id, number, author_id, title, body, body_html, search_text, area, sector, lang, state, supports_count, comments_count)
    select ${processId}::uuid, g, u.id, 'Propuesta número ' || g,
      repeat('Texto de la propuesta ' || g || ' con ñ, acentos y "comillas". ', ceil(${s.bodyChars}::int / 60.0)::int),
      '', '', 'access-to-information', 'civil-society', 'es', 'submitted', g % 50,
      coalesce(cc.n, 0)
    from generate_series(1, ${s.proposals}::int) g join bulk_users u on u.n = 1 + g % ${s.users}::int left join cc on cc.p = g`.execute(db);
  await sql`update processes set proposal_seq = ${s.proposals}::int where id = ${processId}::uuid`.execute(db);
  await sql`insert into comments (process_id, target_type, target_id, parent_id, depth, author_id, body, body_html, alignment)
    select ${processId}::uuid, 'proposals', p.id, null, 1, u.id,
      repeat('Comentario ' || c || ' sobre la propuesta. ', 4), '', (array['for', 'against', 'neutral'])[1 + c % 3]
    from generate_series(1, ${s.comments}::int) c
    join proposals p on p.process_id = ${processId}::uuid and p.number = 1 + (c * 7919) % ${s.proposals}::int
    join bulk_users u on u.n = 1 + c % ${s.users}::int`.execute(db);
  await sql`drop table bulk_users`.execute(db);
  // as autovacuum would on a live database: plans then use the indexes the exports page through
  await sql`analyze proposals`.execute(db);
  await sql`analyze comments`.execute(db);
  await sql`analyze users`.execute(db);
}
