/** The proposal list: filters, accent-insensitive search, four sorts with keyset cursors, facet counts. */
import { randomBytes } from 'node:crypto';
import { sql, type RawBuilder, type SelectQueryBuilder } from 'kysely';
import { z } from 'zod';
import type { ProposalListQuery } from '@mesa/shared';
import type { Conn, Database } from '../../db/database.ts';
import { decodeCursor, encodeCursor } from '../../lib/cursor.ts';
import { findProcessRow } from '../processes/service.ts';
import { pageViews, type Viewer } from './repo.ts';
import { toPrefixQuery } from './rules.ts';

type Filters = Pick<ProposalListQuery, 'area' | 'sector' | 'state' | 'q'>;
type Facet = 'area' | 'sector' | 'state';
type Q = SelectQueryBuilder<Database, 'proposals', object>;
export type FacetCounts = Record<Facet, Record<string, number>>;

/** Filters every list query shares; `except` leaves one out (for that facet's counts). */
function filtered(db: Conn, processId: string, f: Filters, includeHidden: boolean, except?: Facet): Q {
  let q = db.selectFrom('proposals').where('process_id', '=', processId) as Q;
  if (!includeHidden) q = q.where('hidden', '=', false);
  if (f.area && except !== 'area') q = q.where('area', '=', f.area);
  if (f.sector && except !== 'sector') q = q.where('sector', '=', f.sector);
  if (f.state && except !== 'state') q = q.where('state', '=', f.state);
  const tsq = f.q ? toPrefixQuery(f.q) : null;
  // The stored vector (2026112210), not to_tsvector(search_text): that parsed every row tested; in
  // its own table (2026112214), so that rewriting a proposal's counts does not touch its GIN index.
  if (tsq) q = q.where(sql<boolean>`exists (select 1 from proposal_search s where s.proposal_id = proposals.id and s.search_vector @@ to_tsquery('simple', ${tsq}))`);
  return q;
}

// A cursor's values go into SQL against integer columns and an md5: anything else is a 400, not a database error.
const NumCursor = z.tuple([z.int32(), z.int32()]);
const TextCursor = z.tuple([z.string().regex(/^[0-9a-f]{32}$/), z.int32()]);

/**
 * One page of the list, as `viewer` sees it, with the sort's cursor: one statement (the page's
 * keys in a CTE, joined to the views). The total and facets come from `ListTotals`.
 */
export async function listPage(db: Conn, processId: string, query: ProposalListQuery, includeHidden: boolean, viewer?: Viewer) {
  const seed = query.sort === 'random' ? (query.seed ?? randomBytes(6).toString('hex')) : null;
  let q = filtered(db, processId, query, includeHidden);
  const random = sql<string>`md5(id::text || ${seed ?? ''})`;
  let order: RawBuilder<unknown>;

  if (query.sort === 'random') {
    if (query.cursor) {
      const [h, n] = decodeCursor(query.cursor, TextCursor);
      q = q.where(sql<boolean>`(${random}, number) > (${h}, ${n})`);
    }
    q = q.orderBy(random).orderBy('number');
    order = sql`page.r, page.number`;
  } else {
    const column = { recent: 'number', supports: 'supports_count', comments: 'comments_count' }[query.sort] as 'number' | 'supports_count' | 'comments_count';
    if (query.cursor) {
      const [v, n] = decodeCursor(query.cursor, NumCursor);
      q = query.sort === 'recent' ? q.where('number', '<', n) : q.where(sql<boolean>`(${sql.ref(column)}, number) < (${v}, ${n})`);
    }
    q = q.orderBy(column, 'desc');
    if (column !== 'number') q = q.orderBy('number', 'desc');
    order = column === 'number' ? sql`page.number desc` : sql`${sql.ref(`page.${column}`)} desc, page.number desc`;
  }

  const page = q.select(['id', 'number', 'supports_count', 'comments_count', (seed ? sql<string | null>`${random}` : sql<string | null>`null::text`).as('r')])
    .limit(query.limit + 1);
  const rows = await pageViews(db, page, order, viewer);
  const last = rows.slice(0, query.limit).at(-1)?.keys;
  let nextCursor: string | null = null;
  if (rows.length > query.limit && last) {
    nextCursor = query.sort === 'random' ? encodeCursor([last.r, last.number])
      : encodeCursor([query.sort === 'supports' ? last.supports_count : query.sort === 'comments' ? last.comments_count : last.number, last.number]);
  }
  return { items: rows.slice(0, query.limit).map((r) => r.view), nextCursor, seed };
}

/** How many proposals match the filters; with `withFacets`, the counts per value of each filter. */
export async function countMatches(db: Conn, processId: string, f: Filters, includeHidden: boolean, withFacets: boolean) {
  if (!withFacets) {
    const row = await filtered(db, processId, f, includeHidden).select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
    return { total: Number(row.n), facets: undefined };
  }
  const out = { area: {}, sector: {}, state: {} } as FacetCounts;
  for (const facet of ['area', 'sector', 'state'] as const) {
    const rows = await filtered(db, processId, f, includeHidden, facet)
      .select([sql.ref(facet).as('value'), sql<number>`count(*)::int`.as('n')]).groupBy(facet).execute() as { value: string; n: number }[];
    for (const r of rows) out[facet][r.value] = Number(r.n);
  }
  // The total is the facet's count under the value chosen (or all of them): one query fewer.
  const sum = (facet: Facet) => Object.values(out[facet]).reduce((a, n) => a + n, 0);
  const total = f.area ? (out.area[f.area] ?? 0) : sum('area');
  return { total, facets: out };
}

/**
 * Totals and facet counts of recent list queries, per (process, filters): counting thousands of
 * matches on every page was the largest cost of a list request. A count is fresh for
 * `TOTALS_TTL_MS`; after that it is still answered at once while one request recounts in the
 * background (for at most `TOTALS_STALE_MS`), so no reader waits for a count but the first.
 * Any change this feature makes to a process's proposals in this server process (submit, edit,
 * withdraw, answer, merge, import) drops that process's counts at once: the next page counts
 * afresh. A change made elsewhere (another server process, moderation hiding a proposal) shows
 * once the TTL has passed and a page read has had it recounted (the page read that starts the
 * recount still gets the old count). The rows of a page are always read fresh.
 */
export const TOTALS_TTL_MS = 2_000;
export const TOTALS_STALE_MS = 10_000;
const MAX_ENTRIES = 1_000;

type Totals = { total: number; facets: FacetCounts | undefined };
interface Entry { at: number; value: Promise<Totals>; settled: boolean; refreshing: boolean }

export class ListTotals {
  #entries = new Map<string, Entry>();
  #processIds = new Map<string, string>();

  /** The id of the process with this slug (slugs never change; only found ones are kept). */
  async processId(db: Conn, slug: string): Promise<string | undefined> {
    const known = this.#processIds.get(slug);
    if (known) return known;
    const row = await findProcessRow(db, slug, ['id']);
    if (row && this.#processIds.size < MAX_ENTRIES) this.#processIds.set(slug, row.id);
    return row?.id;
  }

  get(db: Conn, processId: string, f: Filters, includeHidden: boolean, withFacets: boolean): Promise<Totals> {
    const key = JSON.stringify([processId, includeHidden, f.area ?? null, f.sector ?? null, f.state ?? null, f.q ? toPrefixQuery(f.q) : null, withFacets]);
    const now = Date.now();
    const hit = this.#entries.get(key);
    if (hit && now - hit.at < TOTALS_TTL_MS) return hit.value;
    if (hit?.settled && now - hit.at < TOTALS_STALE_MS) {
      if (!hit.refreshing) {
        hit.refreshing = true;
        const next = countMatches(db, processId, f, includeHidden, withFacets);
        next.then(
          () => { if (this.#entries.get(key) === hit) this.#entries.set(key, { at: Date.now(), value: next, settled: true, refreshing: false }); },
          () => { hit.refreshing = false; },
        );
      }
      return hit.value;
    }
    if (this.#entries.size >= MAX_ENTRIES) this.#sweep(now);
    const entry: Entry = { at: now, value: countMatches(db, processId, f, includeHidden, withFacets), settled: false, refreshing: false };
    this.#entries.set(key, entry);
    entry.value.then(() => { entry.settled = true; }, () => { if (this.#entries.get(key) === entry) this.#entries.delete(key); });
    return entry.value;
  }

  /** Forgets what was counted for this process (its proposals changed). */
  invalidate(processId: string) {
    const prefix = JSON.stringify([processId]).slice(0, -1);
    for (const key of this.#entries.keys()) if (key.startsWith(prefix)) this.#entries.delete(key);
  }

  /** The same, for the process with this slug. */
  invalidateSlug(slug: string) {
    const id = this.#processIds.get(slug);
    if (id) this.invalidate(id);
  }

  #sweep(now: number) {
    for (const [key, e] of this.#entries) if (now - e.at >= TOTALS_STALE_MS) this.#entries.delete(key);
    if (this.#entries.size >= MAX_ENTRIES) this.#entries.clear();
  }
}
