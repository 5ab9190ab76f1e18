/** The proposal list: filters, accent-insensitive search, four sorts with keyset cursors, facet counts. */
import { randomBytes } from 'node:crypto';
import { sql, type SelectQueryBuilder } from 'kysely';
import { z } from 'zod';
import type { ProposalListQuery } from '@mesa/shared';
import type { Conn, Database } from '../../db/database.ts';
import { decodeCursor, encodeCursor } from '../../shared/cursor.ts';
import { toPrefixQuery } from './rules.ts';

type Filters = Pick<ProposalListQuery, 'area' | 'sector' | 'state' | 'q'>;
type Facet = 'area' | 'sector' | 'state';
type Q = SelectQueryBuilder<Database, 'proposals', object>;

/** Filters every list query shares; `except` leaves one out (for that facet's counts). */
function filtered(db: Conn, processId: string, f: Filters, includeHidden: boolean, except?: Facet): Q {
  let q = db.selectFrom('proposals').where('process_id', '=', processId) as Q;
  if (!includeHidden) q = q.where('hidden', '=', false);
  if (f.area && except !== 'area') q = q.where('area', '=', f.area);
  if (f.sector && except !== 'sector') q = q.where('sector', '=', f.sector);
  if (f.state && except !== 'state') q = q.where('state', '=', f.state);
  const tsq = f.q ? toPrefixQuery(f.q) : null;
  if (tsq) q = q.where(sql<boolean>`to_tsvector('simple', search_text) @@ to_tsquery('simple', ${tsq})`);
  return q;
}

const NumCursor = z.tuple([z.number(), z.number()]);
const TextCursor = z.tuple([z.string(), z.number()]);

/** One page of proposal ids, the total, the next cursor and (on request) facet counts. */
export async function listProposalIds(db: Conn, processId: string, query: ProposalListQuery, includeHidden: boolean) {
  const seed = query.sort === 'random' ? (query.seed ?? randomBytes(6).toString('hex')) : null;
  let q = filtered(db, processId, query, includeHidden);
  const random = sql<string>`md5(id::text || ${seed ?? ''})`;

  if (query.sort === 'random') {
    if (query.cursor) {
      const [h, n] = decodeCursor(query.cursor, TextCursor);
      q = q.where(sql<boolean>`(${random}, number) > (${h}, ${n})`);
    }
    q = q.orderBy(random).orderBy('number');
  } else {
    const column = { recent: 'number', supports: 'supports_count', comments: 'comments_count' }[query.sort] as 'number' | 'supports_count' | 'comments_count';
    if (query.cursor) {
      const [v, n] = decodeCursor(query.cursor, NumCursor);
      q = query.sort === 'recent' ? q.where('number', '<', n) : q.where(sql<boolean>`(${sql.ref(column)}, number) < (${v}, ${n})`);
    }
    q = q.orderBy(column, 'desc');
    if (column !== 'number') q = q.orderBy('number', 'desc');
  }

  const rows = await q.select(['id', 'number', 'supports_count', 'comments_count', sql<string>`${random}`.as('r')]).limit(query.limit + 1).execute();
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  let nextCursor: string | null = null;
  if (rows.length > query.limit && last) {
    nextCursor = query.sort === 'random' ? encodeCursor([last.r, last.number])
      : encodeCursor([query.sort === 'supports' ? last.supports_count : query.sort === 'comments' ? last.comments_count : last.number, last.number]);
  }
  const total = Number((await filtered(db, processId, query, includeHidden).select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow()).n);
  const facets = query.facets === 'true' ? await facetCounts(db, processId, query, includeHidden) : undefined;
  return { ids: page.map((r) => r.id), nextCursor, total, seed, facets };
}

/** Counts per value of each filter, with the other filters applied (what choosing it would give). */
async function facetCounts(db: Conn, processId: string, f: Filters, includeHidden: boolean) {
  const out = { area: {}, sector: {}, state: {} } as Record<Facet, Record<string, number>>;
  for (const facet of ['area', 'sector', 'state'] as const) {
    const rows = await filtered(db, processId, f, includeHidden, facet)
      .select([sql.ref(facet).as('value'), sql<number>`count(*)::int`.as('n')]).groupBy(facet).execute() as { value: string; n: number }[];
    for (const r of rows) out[facet][r.value] = Number(r.n);
  }
  return out;
}
