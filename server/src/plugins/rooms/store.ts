/** Room events in the database: numbered per room, kept for replay, trimmed to the newest. */
import { sql } from 'kysely';
import type { Conn, Db } from '../../db/database.ts';

/** Events older than this many per room are trimmed; a client further behind gets a snapshot. */
export const KEEP_PER_ROOM = 1000;

export interface RoomEvent {
  room: string;
  seq: number;
  event: string;
  data: unknown;
}

/**
 * Gives the event the room's next number and stores it; call inside a transaction. `data` may be
 * a function read after the room's row is locked: then a later number always carries a later state.
 */
export async function appendEvent(trx: Conn, e: { room: string; event: string; data: unknown; processId: string | null }): Promise<{ seq: number; data: unknown }> {
  // The row lock taken by this upsert orders concurrent publishers of one room: commit order = seq order.
  const row = await trx.insertInto('rooms').values({ name: e.room, last_seq: 1 })
    .onConflict((oc) => oc.column('name').doUpdateSet({ last_seq: sql`rooms.last_seq + 1` }))
    .returning('last_seq')
    .executeTakeFirstOrThrow();
  const seq = Number(row.last_seq);
  const data = typeof e.data === 'function' ? await (e.data as (c: Conn) => Promise<unknown>)(trx) : e.data;
  await trx.insertInto('room_events')
    .values({ room: e.room, seq, event: e.event, data: JSON.stringify(data ?? null), process_id: e.processId })
    .execute();
  if (seq % 100 === 0) await trx.deleteFrom('room_events').where('room', '=', e.room).where('seq', '<=', seq - KEEP_PER_ROOM).execute();
  return { seq, data };
}

export async function currentSeq(db: Conn, room: string): Promise<number> {
  const row = await db.selectFrom('rooms').select('last_seq').where('name', '=', room).executeTakeFirst();
  return row ? Number(row.last_seq) : 0;
}

/** Events with after < seq ≤ upTo in order, or null when some of them are no longer kept. */
export async function eventsBetween(db: Db, room: string, after: number, upTo: number): Promise<RoomEvent[] | null> {
  if (upTo <= after) return [];
  const rows = await db.selectFrom('room_events').select(['room', 'seq', 'event', 'data'])
    .where('room', '=', room).where('seq', '>', after).where('seq', '<=', upTo)
    .orderBy('seq').execute();
  if (rows.length !== upTo - after) return null;
  return rows.map((r) => ({ room: r.room, seq: Number(r.seq), event: r.event, data: r.data }));
}
