/** Kysely queries for reports (the content they are about belongs to its own feature: targets.ts). */
import type { Conn } from '../../db/database.ts';

export type ModeratedType = 'proposals' | 'comments' | 'questions';

/** Records a report; false when this user had already reported this target. */
export async function insertReport(trx: Conn, r: { processId: string; targetType: ModeratedType; targetId: string; reporterId: string; reason: string; details: string | null }) {
  const row = await trx.insertInto('reports').values({
    process_id: r.processId, target_type: r.targetType, target_id: r.targetId, reporter_id: r.reporterId, reason: r.reason, details: r.details,
  }).onConflict((oc) => oc.columns(['target_type', 'target_id', 'reporter_id']).doNothing()).returning('id').executeTakeFirst();
  return row !== undefined;
}

/** Unresolved reports on a target (one per reporter, by the unique constraint). */
export async function countOpenReports(trx: Conn, processId: string, targetType: ModeratedType, targetId: string): Promise<number> {
  const row = await trx.selectFrom('reports').select((eb) => eb.fn.countAll<number>().as('n'))
    .where('process_id', '=', processId).where('target_type', '=', targetType).where('target_id', '=', targetId)
    .where('resolved_at', 'is', null).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Marks a target's open reports reviewed; returns how many. */
export async function resolveReports(trx: Conn, processId: string, targetType: ModeratedType, targetId: string, adminId: string) {
  const rows = await trx.updateTable('reports').set({ resolved_at: new Date(), resolved_by: adminId })
    .where('process_id', '=', processId).where('target_type', '=', targetType).where('target_id', '=', targetId)
    .where('resolved_at', 'is', null).returning('id').execute();
  return rows.length;
}

/** Targets with unresolved reports in a process: counts, last report time and reasons. */
export async function openReportGroups(db: Conn, processId: string, limit: number) {
  const groups = await db.selectFrom('reports')
    .select((eb) => ['target_type', 'target_id', eb.fn.countAll<number>().as('n'), eb.fn.max('created_at').as('last')])
    .where('process_id', '=', processId).where('resolved_at', 'is', null)
    .groupBy(['target_type', 'target_id'])
    .orderBy('n', 'desc').orderBy('last', 'desc').limit(limit).execute();
  const ids = groups.map((g) => g.target_id);
  const reasons = ids.length === 0 ? [] : await db.selectFrom('reports')
    .select((eb) => ['target_type', 'target_id', 'reason', eb.fn.countAll<number>().as('n')])
    .where('process_id', '=', processId).where('resolved_at', 'is', null).where('target_id', 'in', ids)
    .groupBy(['target_type', 'target_id', 'reason']).execute();
  return { groups, reasons };
}
