/** Whether the database answers a trivial query in time, for the readiness endpoints. */
import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';

/**
 * A probe function: true when `select 1` answers within `timeoutMs`. One query at most is under
 * way: probes arriving meanwhile wait on it (each with its own timeout), so a balancer polling
 * hard during an outage holds one connection attempt, not one per poll.
 */
export function databaseAnswers(db: Db, timeoutMs: number): () => Promise<boolean> {
  let query: Promise<boolean> | null = null;
  return () => {
    const running = (query ??= sql`select 1`.execute(db).then(() => true, () => false).finally(() => { query = null; }));
    return new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), timeoutMs);
      void running.then((ok) => { clearTimeout(timer); resolve(ok); });
    });
  };
}
