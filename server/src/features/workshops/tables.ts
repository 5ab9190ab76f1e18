/** Breakout tables: form, dissolve, seat late arrivals, watch progress, pull results back into the plenary. */
import { randomBytes } from 'node:crypto';
import type { Db } from '../../db/database.ts';
import { problem } from '../../plugins/problems.ts';
import { recordAudit } from '../processes/service.ts';
import { combineRounds, tableRounds } from '../rounds/service.ts';
import type { WorkshopRow } from './repo.ts';
import { assignTables, seatLateArrival, type TableStrategy } from './tables-rules.ts';

export async function formTables(db: Db, w: WorkshopRow, f: { count: number; strategy: TableStrategy | 'manual'; assignments?: Record<string, number> }, actorId: string) {
  const people = await db.selectFrom('workshop_participants').select(['participant_key', 'sector'])
    .where('workshop_id', '=', w.id).where('removed', '=', false).execute();
  let seats: Map<string, number>;
  if (f.strategy === 'manual') {
    const given = f.assignments ?? {};
    const missing = people.find((p) => !(p.participant_key in given));
    if (missing) throw problem.validation([{ path: `body.assignments.${missing.participant_key}`, message: 'everyone present needs a table' }]);
    const bad = Object.entries(given).find(([key, t]) => !people.some((p) => p.participant_key === key) || t < 1 || t > f.count);
    if (bad) throw problem.validation([{ path: `body.assignments.${bad[0]}`, message: 'a participant present, at a table from 1 to count' }]);
    seats = new Map(Object.entries(given));
  } else {
    seats = assignTables(people.map((p) => ({ key: p.participant_key, sector: p.sector })), f.count, f.strategy, randomBytes(4).toString('hex'));
  }
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('workshops').set({ tables_count: f.count }).where('id', '=', w.id).execute();
    await trx.updateTable('workshop_participants').set({ table_no: null }).where('workshop_id', '=', w.id).execute();
    for (const table of new Set(seats.values())) {
      const keys = [...seats].filter(([, t]) => t === table).map(([k]) => k);
      await trx.updateTable('workshop_participants').set({ table_no: table }).where('workshop_id', '=', w.id).where('participant_key', 'in', keys).execute();
    }
    await recordAudit(trx, { processId: w.process_id, actorId, action: 'workshop.tables-formed', targetType: 'workshops', targetId: w.id, detail: { count: f.count, strategy: f.strategy } });
  });
  return [...seats].map(([key, table]) => ({ key, table }));
}

export async function dissolveTables(db: Db, w: WorkshopRow) {
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('workshops').set({ tables_count: 0 }).where('id', '=', w.id).execute();
    await trx.updateTable('workshop_participants').set({ table_no: null }).where('workshop_id', '=', w.id).execute();
  });
}

/** Seats someone who joined after the tables were formed (no-op without tables or when seated). */
export async function seatIfLate(db: Db, workshopId: string, key: string) {
  const w = await db.selectFrom('workshops').select('tables_count').where('id', '=', workshopId).executeTakeFirst();
  if (!w || w.tables_count === 0) return null;
  const me = await db.selectFrom('workshop_participants').select(['table_no', 'sector']).where('workshop_id', '=', workshopId).where('participant_key', '=', key).executeTakeFirst();
  if (!me || me.table_no) return me?.table_no ?? null;
  const seated = await db.selectFrom('workshop_participants').select(['table_no', 'sector'])
    .where('workshop_id', '=', workshopId).where('removed', '=', false).where('table_no', 'is not', null).execute();
  const table = seatLateArrival(me.sector, seated.map((s) => ({ table: s.table_no!, sector: s.sector })), w.tables_count);
  await db.updateTable('workshop_participants').set({ table_no: table }).where('workshop_id', '=', workshopId).where('participant_key', '=', key).execute();
  return table;
}

/** Each table: who sits there, and its rounds with how many ballots are in. */
export async function tablesProgress(db: Db, w: WorkshopRow) {
  const people = await db.selectFrom('workshop_participants').select(['participant_key', 'display_name', 'sector', 'table_no'])
    .where('workshop_id', '=', w.id).where('removed', '=', false).execute();
  const rounds = await tableRounds(db, w.id);
  return Array.from({ length: w.tables_count }, (_, i) => ({
    table: i + 1,
    members: people.filter((p) => p.table_no === i + 1).map((p) => ({ key: p.participant_key, displayName: p.display_name, sector: p.sector })),
    rounds: rounds.filter((r) => r.table_no === i + 1).map((r) => ({ id: r.id, title: r.title, state: r.state, ballots: Number(r.ballots) })),
  }));
}

/**
 * Pulls tables' rounds back into the plenary: one closed plenary round whose results are the
 * engine's tally over all those tables' ballots together (each ballot counted once). Audited.
 */
export async function combineTables(db: Db, w: WorkshopRow, roundIds: string[], title: string, actorId: string) {
  const ids = [...new Set(roundIds)];
  const id = await combineRounds(db, { processId: w.process_id, workshopId: w.id }, ids, title, actorId);
  await recordAudit(db, { processId: w.process_id, actorId, action: 'workshop.tables-combined', targetType: 'rounds', targetId: id, detail: { from: ids } });
  return id;
}
