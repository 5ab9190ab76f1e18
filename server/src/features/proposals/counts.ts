/**
 * Support and comment counts, rolled up in batches. Supports and comments are rows (the truth);
 * the counts on `proposals` that the list sorts by are recomputed from them for the proposals
 * that changed, at most every 250 ms, and each batch goes out as one `proposals/supports-changed`
 * event per process room: one count event per proposal per 250 ms at most.
 */
import { sql } from 'kysely';
import type { FastifyBaseLogger } from 'fastify';
import type { Db } from '../../db/database.ts';
import { isDatabaseUnavailable } from '../../db/unavailable.ts';
import { reconnectDelay } from '../../plugins/rooms/bus.ts';
import type { Rooms } from '../../plugins/rooms/index.ts';

export const COALESCE_MS = 250;

export class ProposalCounts {
  #dirty = new Map<string, Set<string>>();
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> = Promise.resolve();
  /** Rollups failed in a row (database unreachable): the next is tried with backoff. */
  #failures = 0;
  #closed = false;

  constructor(private readonly db: Db, private readonly rooms: Rooms, private readonly log: FastifyBaseLogger) {}

  /** Marks a proposal's counts as changed; they are recomputed and broadcast within 250 ms. */
  changed(processId: string, proposalId: string) {
    this.#mark(processId, proposalId);
    this.#timer ??= setTimeout(() => { void this.flush(); }, COALESCE_MS);
  }

  #mark(processId: string, proposalId: string) {
    let set = this.#dirty.get(processId);
    if (!set) this.#dirty.set(processId, (set = new Set()));
    set.add(proposalId);
  }

  /** Recomputes and broadcasts what changed now (also used by tests and at shutdown). */
  flush(): Promise<void> {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const batch = this.#dirty;
    this.#dirty = new Map();
    this.#running = this.#running.then(async () => {
      let failed = false;
      for (const [processId, ids] of batch) {
        try {
          await this.#recount(processId, [...ids]);
        } catch (err) {
          if (!isDatabaseUnavailable(err)) {
            this.log.error({ err, processId }, 'count rollup failed');
            continue;
          }
          // Kept for the next rollup: a support stored just before an outage is counted after it.
          if (!failed && this.#failures === 0) this.log.warn({ err: (err as Error).message, processId }, 'count rollup failed, database unavailable; kept for the next one');
          failed = true;
          for (const id of ids) this.#mark(processId, id);
        }
      }
      this.#failures = failed ? this.#failures + 1 : 0;
      if (failed && !this.#closed) {
        clearTimeout(this.#timer);
        this.#timer = setTimeout(() => { void this.flush(); }, Math.max(COALESCE_MS, reconnectDelay(this.#failures - 1)));
        this.#timer.unref();
      }
    });
    return this.#running;
  }

  async #recount(processId: string, ids: string[]) {
    const rows = await this.db.transaction().execute(async (trx) => {
      // One recount per process at a time across all servers, so a late, older count never wins.
      await sql`select pg_advisory_xact_lock(hashtext(${processId}))`.execute(trx);
      return trx.updateTable('proposals').set({
        supports_count: sql`(select count(*) from proposal_supports s where s.proposal_id = proposals.id)`,
        comments_count: sql`(select count(*) from comments c where c.process_id = proposals.process_id and c.target_type = 'proposals' and c.target_id = proposals.id and not c.hidden and c.deleted_at is null)`,
      }).where('id', 'in', ids).returning(['id', 'supports_count', 'comments_count']).execute();
    });
    const process = await this.db.selectFrom('processes').select('slug').where('id', '=', processId).executeTakeFirst();
    if (!process || rows.length === 0) return;
    await this.rooms.publish({
      room: `process:${process.slug}`, event: 'proposals/supports-changed', processId,
      data: { changes: rows.map((r) => ({ proposalId: r.id, supports: r.supports_count, commentsCount: r.comments_count })) },
    });
  }

  async close() {
    this.#closed = true;
    await this.flush();
  }
}
