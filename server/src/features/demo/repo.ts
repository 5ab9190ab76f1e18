/** The reads the demo seed makes. */
import type { Conn } from '../../db/database.ts';

/** An administrator's id (the demo's phase opening is recorded as theirs), or null. */
export async function anyAdminId(db: Conn): Promise<string | null> {
  return (await db.selectFrom('users').select('id').where('is_admin', '=', true).limit(1).executeTakeFirst())?.id ?? null;
}
