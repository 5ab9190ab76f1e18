/** Raised hands: one per participant, queued in the order raised (a second raise keeps one's place). */
import type { Conn, Db } from '../../db/database.ts';

export async function raiseHand(db: Db, w: { id: string; process_id: string }, key: string) {
  await db.insertInto('workshop_hands').values({ workshop_id: w.id, participant_key: key, process_id: w.process_id })
    .onConflict((oc) => oc.columns(['workshop_id', 'participant_key']).doNothing()).execute();
}

export async function lowerHand(db: Db, workshopId: string, key: string): Promise<boolean> {
  const r = await db.deleteFrom('workshop_hands').where('workshop_id', '=', workshopId).where('participant_key', '=', key).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

export async function handsQueue(db: Conn, workshopId: string) {
  const rows = await db.selectFrom('workshop_hands')
    .innerJoin('workshop_participants', (j) => j.onRef('workshop_participants.workshop_id', '=', 'workshop_hands.workshop_id').onRef('workshop_participants.participant_key', '=', 'workshop_hands.participant_key'))
    .select(['workshop_hands.participant_key', 'workshop_participants.display_name', 'workshop_participants.sector', 'workshop_hands.raised_at'])
    .where('workshop_hands.workshop_id', '=', workshopId)
    .orderBy('workshop_hands.raised_at').orderBy('workshop_hands.participant_key').execute();
  return rows.map((r) => ({ key: r.participant_key, displayName: r.display_name, sector: r.sector, raisedAt: new Date(r.raised_at).toISOString() }));
}
