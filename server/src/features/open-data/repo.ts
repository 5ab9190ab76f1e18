/** Reads for the open-data files that are not SQL-defined (sql-csv.ts): small, read at once. */
import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';

export interface AttendanceRow { workshop_id: string; title: string; starts_at: Date; mode: string; state: string; sector: string | null; participants: number }

/** Workshop attendance counted by sector (people removed by the facilitator do not count; a workshop nobody joined has one row with 0); no names. */
export async function attendance(db: Db, processId: string): Promise<AttendanceRow[]> {
  const rows = await db.selectFrom('workshops as w')
    .leftJoin('workshop_participants as wp', (j) => j.onRef('wp.workshop_id', '=', 'w.id').on('wp.removed', '=', false))
    .select(['w.id as workshop_id', 'w.title', 'w.starts_at', 'w.mode', 'w.state', 'wp.sector', sql<number>`count(wp.participant_key)::int`.as('participants')])
    .where('w.process_id', '=', processId)
    .groupBy(['w.id', 'w.title', 'w.starts_at', 'w.mode', 'w.state', 'wp.sector'])
    .orderBy('w.starts_at').orderBy('w.id').orderBy('wp.sector')
    .execute();
  return rows.map((r) => ({ ...r, participants: Number(r.participants) }));
}
