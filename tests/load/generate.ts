/**
 * Bulk data for the open-call benchmark, written with set-based SQL (generate_series and
 * INSERT … SELECT) on one connection: a process in its open call, voters, proposals in four
 * languages over the ten areas and eight sectors, skewed supports and threaded comments, with
 * supports_count and comments_count equal to what the rows say (the rollup's job in real life).
 *
 * Ids are md5-derived uuids (`bench_uuid('mesa-bench-proposal-' || n)`), so every step can
 * name a row of an earlier step without a join. Supports and comment targets are drawn first
 * into temporary tables, so the counts go into the proposals as they are inserted and the
 * proposals table is written once, with no dead rows.
 */
import { createHash } from 'node:crypto';
import type pg from 'pg';
import { POLICY_AREAS, SECTORS } from '@mesa/shared';
import { foldForSearch } from '../../server/src/lib/markdown.ts';
import { COMMENTS, FIRST_NAMES, LANGS, LAST_NAMES, ORGANISATIONS, PLACES, SENTENCES, TITLES } from './corpus.ts';

export interface Sizes {
  proposals: number;
  supports: number;
  comments: number;
  /** Users who wrote the proposals, supports and comments. */
  voters: number;
}

export const PROCESS_SLUG = 'bench-open-call';

/**
 * The uuid the generator gives a name ('mesa-bench-user-7'): its md5 with the version (4) and
 * variant (8) digits set, so the API's uuid validation accepts it. bench_uuid() in SQL.
 */
export function md5uuid(s: string): string {
  const h = createHash('md5').update(s).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20)}`;
}

const UUID_FN = `create function pg_temp.bench_uuid(text) returns uuid language sql immutable
  as $$ select overlay(overlay(md5($1) placing '4' from 13) placing '8' from 17)::uuid $$`;

/** All sentences of a kind, language after language (language l, item k is l * per + k + 1 in SQL). */
function flat(byLang: Record<(typeof LANGS)[number], string[]>): { raw: string[]; folded: string[]; per: number } {
  const per = byLang.es.length;
  for (const l of LANGS) if (byLang[l].length !== per) throw new Error(`corpus: ${l} has ${byLang[l].length} items, not ${per}`);
  const raw = LANGS.flatMap((l) => byLang[l]);
  return { raw, folded: raw.map(foldForSearch), per };
}

const SECTOR_ORDER = ['resident', 'civil-society', 'academia', 'private-sector', 'executive', 'independent', 'legislative', 'judiciary'];
if ([...SECTOR_ORDER].sort().join() !== [...SECTORS].sort().join()) throw new Error('corpus: sectors differ from @mesa/shared');

export type Timings = [step: string, seconds: number, rows: number][];

/** Writes the whole data set into a migrated, empty database; returns the time each step took. */
export async function generate(c: pg.Client, sizes: Sizes): Promise<{ processId: string; timings: Timings; fkChecks: boolean }> {
  const timings: Timings = [];
  const step = async (name: string, text: string, params: unknown[] = []) => {
    const t0 = performance.now();
    const r = await c.query(text, params);
    timings.push([name, (performance.now() - t0) / 1000, r.rowCount ?? 0]);
    return r;
  };
  const { proposals: N, supports: S, comments: C, voters: V } = sizes;
  await c.query(`set work_mem = '256MB'; set maintenance_work_mem = '512MB'; set synchronous_commit = off`);
  await c.query(UUID_FN);
  // The rows are consistent by construction: skip the per-row foreign-key checks (most of the
  // time of a million-row insert) when the role may (a superuser, as in the throwaway cluster).
  let fkChecks = true;
  try {
    await c.query(`set session_replication_role = replica`);
    fkChecks = false;
  } catch { /* not a superuser: keep the checks, the run is just slower */ }
  // Skewed draw of a proposal number: half uniform, half concentrated on a few popular ones,
  // spread over the whole range (7919 is prime, so multiplying permutes 0..N-1).
  const skewed = (share: number) => `(case when random() < ${share}
      then 1 + ((floor(${N} * power(random(), 2.5))::bigint * 7919) % ${N})::int
      else 1 + floor(random() * ${N})::int end)`;

  const processId = (await step('process and phases', `
    with p as (
      insert into processes (slug, title, description, language, active_phase, proposal_seq)
      values ($1, 'Plan de acción de gobierno abierto 2026–2028 (benchmark)', 'Convocatoria abierta generada para el benchmark.', 'es', 'open-call', $2)
      returning id)
    insert into process_phases (process_id, kind, position, starts_at, ends_at)
    select p.id, k.kind, k.pos, now() - interval '50 days' + (k.pos - 1) * interval '60 days', now() - interval '50 days' + k.pos * interval '60 days'
    from p, (values ('open-call', 1), ('prioritisation', 2), ('drafting', 3), ('consultation', 4), ('adopted', 5)) k(kind, pos)
    returning process_id`, [PROCESS_SLUG, N])).rows[0].process_id as string;

  await step('voters', `
    insert into users (id, email, password_hash, display_name, locale, created_at)
    select pg_temp.bench_uuid('mesa-bench-user-' || g), 'voter-' || g || '@bench.example.org', 'x',
      ($1::text[])[1 + g % array_length($1, 1)] || ' ' || ($2::text[])[1 + (g / 7) % array_length($2, 1)],
      ($3::text[])[1 + g % 4], now() - interval '60 days'
    from generate_series(1, ${V}) g`, [FIRST_NAMES, LAST_NAMES, LANGS]);

  // Supports: distinct (user, proposal) pairs, over-drawn by 8 % to make up for duplicates.
  await step('draw supports', `
    create temp table bench_supports as
    select distinct u, p from (
      select 1 + floor(random() * ${V})::int as u, ${skewed(0.5)} as p
      from generate_series(1, ${Math.ceil(S * 1.08)})
    ) d limit ${S}`);
  const drawn = Number((await c.query('select count(*)::int as n from bench_supports')).rows[0].n);
  if (drawn !== S) throw new Error(`drew ${drawn} distinct supports, wanted ${S}`);

  // Comments: 70 % start a thread, 25 % answer one of those, 5 % answer an answer.
  const roots = Math.round(C * 0.7);
  const replies = Math.round(C * 0.25);
  await step('draw comments', `
    create temp table bench_comments (g int primary key, p int not null, parent int, depth int not null, at timestamptz not null);
    insert into bench_comments select g, ${skewed(0.6)}, null, 1, now() - random() * interval '45 days' from generate_series(1, ${roots}) g;
    insert into bench_comments
      select x.g, r.p, r.g, 2, least(now(), r.at + random() * interval '3 days')
      from (select g, 1 + floor(random() * ${roots})::int as parent from generate_series(${roots + 1}, ${roots + replies}) g) x
      join bench_comments r on r.g = x.parent;
    insert into bench_comments
      select x.g, r.p, r.g, 3, least(now(), r.at + random() * interval '3 days')
      from (select g, ${roots + 1} + floor(random() * ${replies})::int as parent from generate_series(${roots + replies + 1}, ${C}) g) x
      join bench_comments r on r.g = x.parent`);

  const sentences = flat(SENTENCES);
  const titles = flat(TITLES);
  const comments = flat(COMMENTS);
  const places = PLACES.map(foldForSearch);
  const orgs = ORGANISATIONS.map(foldForSearch);
  // Some comments are deleted (g % 97 = 0) or hidden by moderation (g % 211 = 0); they do not count.
  await step('proposals', `
    with sc as (select p, count(*)::int as n from bench_supports group by p),
    cc as (select p, count(*)::int as n from bench_comments where g % 97 <> 0 and g % 211 <> 0 group by p),
    g as (
      select n, n % 4 as l, 1 + (n * 7) % array_length($10::text[], 1) as place, (n * 37) % 1000 as st,
        case when n % 3 = 0 then 1 + (n / 3) % array_length($8::text[], 1) end as org,
        1 + floor(random() * ${titles.per})::int as t
      from generate_series(1, ${N}) n)
    insert into proposals (id, process_id, number, author_id, title, body, body_html, search_text, area, sector, organisation, lang,
      state, supports_count, comments_count, answer_state, answer_text, answer_published_at, merged_into, hidden, created_at, updated_at)
    select pg_temp.bench_uuid('mesa-bench-proposal-' || g.n), $1, g.n, pg_temp.bench_uuid('mesa-bench-user-' || (1 + (g.n * 7919) % ${V})),
      ($4::text[])[g.l * ${titles.per} + g.t] || ' ' || ($10::text[])[g.place],
      b.body, '<p>' || replace(b.body, E'\\n\\n', E'</p>\\n<p>') || E'</p>\\n',
      -- what rules.searchText builds: reference, external ref, title, organisation, body, folded
      'p-' || case when g.n < 10000 then lpad(g.n::text, 4, '0') else g.n::text end || '  '
        || ($5::text[])[g.l * ${titles.per} + g.t] || ' ' || ($11::text[])[g.place] || ' ' || coalesce(($9::text[])[g.org], '') || ' ' || b.folded,
      ($6::text[])[1 + floor(random() * 10)::int],
      ($7::text[])[1 + floor(power(random(), 1.5) * 8)::int],
      ($8::text[])[g.org], ($12::text[])[g.l + 1],
      s.state, coalesce(sc.n, 0), coalesce(cc.n, 0),
      case when s.state in ('accepted', 'rejected') then s.state end,
      case when s.state in ('accepted', 'rejected') then 'Respuesta razonada de la mesa de trabajo a la propuesta ' || g.n || '.' end,
      case when s.state in ('accepted', 'rejected') then now() - interval '2 days' end,
      case when s.state = 'merged' then pg_temp.bench_uuid('mesa-bench-proposal-' || greatest(1, g.n - 1)) end,
      g.n % 333 = 0,
      now() - interval '45 days' + g.n * interval '38 seconds', now() - interval '45 days' + g.n * interval '38 seconds'
    from g
    cross join lateral (
      select case when g.st < 900 then 'submitted' when g.st < 940 then 'evaluating' when g.st < 970 then 'accepted'
        when g.st < 990 then 'rejected' when g.st < 995 then 'withdrawn' else 'merged' end as state) s
    cross join lateral (
      select string_agg(($2::text[])[x.i], case when x.k % 3 = 1 then E'\\n\\n' else ' ' end order by x.k) as body,
             string_agg(($3::text[])[x.i], case when x.k % 3 = 1 then E'\\n\\n' else ' ' end order by x.k) as folded
      from (select k, g.l * ${sentences.per} + 1 + floor(random() * ${sentences.per})::int as i
            from generate_series(1, 5 + (g.n * 7) % 8) k) x) b
    left join sc on sc.p = g.n
    left join cc on cc.p = g.n`,
  [processId, sentences.raw, sentences.folded, titles.raw, titles.folded, [...POLICY_AREAS],
    // sectors: the power() above makes the first ones commoner, so the commonest come first
    SECTOR_ORDER,
    ORGANISATIONS, orgs, PLACES, places, LANGS]);

  await step('supports', `
    insert into proposal_supports (proposal_id, user_id, process_id, created_at)
    select pg_temp.bench_uuid('mesa-bench-proposal-' || p) as pid, pg_temp.bench_uuid('mesa-bench-user-' || u), $1, now() - random() * interval '40 days'
    from bench_supports order by pid`, [processId]);

  await step('comments', `
    insert into comments (id, process_id, target_type, target_id, parent_id, depth, author_id, body, body_html, alignment,
      created_at, edited_at, deleted_at, hidden)
    select pg_temp.bench_uuid('mesa-bench-comment-' || b.g), $1, 'proposals', pg_temp.bench_uuid('mesa-bench-proposal-' || b.p),
      case when b.parent is not null then pg_temp.bench_uuid('mesa-bench-comment-' || b.parent) end, b.depth,
      pg_temp.bench_uuid('mesa-bench-user-' || (1 + floor(random() * ${V})::int)), t.body, '<p>' || t.body || E'</p>\\n',
      (array['for', 'against', 'neutral', null])[1 + b.g % 4],
      b.at, case when b.g % 53 = 0 then b.at + interval '1 hour' end,
      case when b.g % 97 = 0 then b.at + interval '2 hours' end, b.g % 211 = 0
    from bench_comments b
    cross join lateral (
      select string_agg(x.s, ' ' order by x.k) as body
      from (select k, ($2::text[])[(b.p % 4) * ${comments.per} + 1 + floor(random() * ${comments.per})::int] as s
            from generate_series(1, 1 + b.g % 3) k) x) t`, [processId, comments.raw]);

  await c.query('drop table bench_supports; drop table bench_comments');
  if (!fkChecks) await c.query('reset session_replication_role');
  // The search vectors (2026112214): the trigger that writes them does not fire in replica mode.
  await step('search vectors', `
    insert into proposal_search (proposal_id, search_vector)
    select id, to_tsvector('simple', search_text) from proposals where process_id = $1
    on conflict (proposal_id) do nothing`, [processId]);
  // A live database has been vacuumed and analysed by autovacuum; do it now so plans and
  // index-only scans are what they would be.
  await step('vacuum analyze', 'vacuum (analyze) proposals, proposal_search, proposal_supports, comments, users, processes');
  return { processId, timings, fkChecks };
}

/** Whether every proposal's counts equal its rows (0 = consistent). */
export async function countMismatches(c: pg.Client, processId: string): Promise<number> {
  const r = await c.query(`
    select count(*)::int as n from proposals p
    left join (select proposal_id, count(*)::int as n from proposal_supports where process_id = $1 group by 1) s on s.proposal_id = p.id
    left join (select target_id, count(*)::int as n from comments
               where process_id = $1 and target_type = 'proposals' and not hidden and deleted_at is null group by 1) k on k.target_id = p.id
    where p.process_id = $1 and (p.supports_count <> coalesce(s.n, 0) or p.comments_count <> coalesce(k.n, 0))`, [processId]);
  return Number(r.rows[0].n);
}
