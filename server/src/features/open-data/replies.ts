/**
 * Reasoned replies to consultation comments, as the consultation feature stores them
 * (comments.response: {outcome, text, versionId, byId, at}).
 */
import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';

export interface Reply { outcome: string; text: string; author: string | null; at: string | null }

/** The reply to each of these comments that has one (one query per page of comments). */
export async function consultationReplies(db: Db, commentIds: string[]): Promise<Map<string, Reply>> {
  if (commentIds.length === 0) return new Map();
  const rows = await db.selectFrom('comments as c')
    .leftJoin('users as u', (j) => j.on(sql`u.id::text`, '=', sql`c.response->>'byId'`))
    .select(['c.id', sql<string>`c.response->>'outcome'`.as('outcome'), sql<string>`c.response->>'text'`.as('text'),
      sql<string | null>`c.response->>'at'`.as('at'), sql<string | null>`coalesce(u.display_name, c.response->>'byName')`.as('display_name')])
    .where('c.id', 'in', commentIds).where('c.response', 'is not', null)
    .execute();
  return new Map(rows.map((r) => [r.id, { outcome: r.outcome, text: r.text, author: r.display_name, at: r.at }]));
}
