/**
 * Supports added together: the requests that arrive while the database is busy with earlier
 * ones go to it as one statement (as PostgreSQL's group commit does for transactions), so at
 * 2,000 supports a second it runs tens of statements instead of thousands. When it is idle, a
 * request goes at once, alone: batching adds no wait. Each request gets exactly the outcome of
 * `changeSupport` (the same checks; the unique pair is still the truth).
 */
import { sql } from 'kysely';
import type { Conn } from '../../db/database.ts';
import { changeSupport, type SupportOutcome } from './repo.ts';

/** Statements in flight at once (the pool has more connections for everything else). */
const IN_FLIGHT = 2;
const MAX_BATCH = 200;
/** Requests queued before a second statement starts beside a running one. */
const MIN_SECOND_BATCH = 8;

interface Pending { proposalId: string; userId: string; resolve: (o: SupportOutcome) => void; reject: (e: unknown) => void }

export class SupportBatcher {
  #queue: Pending[] = [];
  #inFlight = 0;

  constructor(private readonly db: Conn, private readonly phases: readonly string[], private readonly supportable: readonly string[]) {}

  /** Adds the user's support, with the outcome `changeSupport(…, on: true, …)` would give. */
  add(proposalId: string, userId: string): Promise<SupportOutcome> {
    return new Promise((resolve, reject) => {
      this.#queue.push({ proposalId, userId, resolve, reject });
      this.#next();
    });
  }

  #next() {
    // A second statement starts beside a running one only for a real batch; a few requests wait
    // for the running one and go together (fewer, larger statements under load).
    while (this.#queue.length > 0 && (this.#inFlight === 0 || (this.#inFlight < IN_FLIGHT && this.#queue.length >= MIN_SECOND_BATCH))) {
      const batch = takeBatch(this.#queue);
      this.#inFlight++;
      void this.#run(batch).finally(() => { this.#inFlight--; this.#next(); });
    }
  }

  async #run(batch: Pending[]) {
    try {
      const outcomes = batch.length === 1
        ? [await changeSupport(this.db, batch[0]!.proposalId, batch[0]!.userId, true, this.phases, this.supportable, false)]
        : await addSupports(this.db, batch, this.phases, this.supportable);
      batch.forEach((p, i) => p.resolve(outcomes[i]!));
    } catch {
      // One bad request (a user deleted meanwhile, a deadlock…) must not fail the others: each alone.
      await Promise.all(batch.map((p) => changeSupport(this.db, p.proposalId, p.userId, true, this.phases, this.supportable, false).then(p.resolve, p.reject)));
    }
  }
}

/** Up to MAX_BATCH requests off the queue, each (proposal, user) pair once: a repeat waits for the next batch. */
function takeBatch(queue: Pending[]): Pending[] {
  const batch: Pending[] = [];
  const pairs = new Set<string>();
  const rest: Pending[] = [];
  for (const p of queue) {
    const pair = `${p.proposalId} ${p.userId}`;
    if (batch.length < MAX_BATCH && !pairs.has(pair)) {
      pairs.add(pair);
      batch.push(p);
    } else {
      rest.push(p);
    }
  }
  queue.splice(0, queue.length, ...rest);
  return batch;
}

/**
 * `changeSupport` for many (proposal, user) pairs in one statement. Rows are inserted in
 * (proposal, user) order, so two batches in flight wait for each other in one order and never
 * deadlock; each pair's count is the rows seen at the start plus all this statement added.
 */
async function addSupports(db: Conn, batch: Pending[], phases: readonly string[], supportable: readonly string[]): Promise<SupportOutcome[]> {
  const requests = JSON.stringify(batch.map((p, ord) => ({ ord, proposal_id: p.proposalId, user_id: p.userId })));
  const { rows } = await sql<{ ord: number; process_id: string; state: string; hidden: boolean; active_phase: string | null; seen: number; added: number; changed: boolean }>`
    with req as (select * from jsonb_to_recordset(${requests}::jsonb) as r(ord int, proposal_id uuid, user_id uuid)),
    target as (
      select r.ord, r.user_id, p.id, p.process_id, p.state, p.hidden, pr.active_phase
      from req r join proposals p on p.id = r.proposal_id join processes pr on pr.id = p.process_id),
    ins as (
      insert into proposal_supports (proposal_id, user_id, process_id)
      select t.id, t.user_id, t.process_id from target t
      where t.active_phase in (${sql.join(phases)}) and not t.hidden and t.state in (${sql.join(supportable)})
      order by t.id, t.user_id
      on conflict do nothing returning proposal_id, user_id)
    select t.ord, t.process_id, t.state, t.hidden, t.active_phase,
      (select count(*)::int from proposal_supports s where s.proposal_id = t.id) as seen,
      (select count(*)::int from ins where ins.proposal_id = t.id) as added,
      exists (select 1 from ins where ins.proposal_id = t.id and ins.user_id = t.user_id) as changed
    from target t`.execute(db);
  const byOrd = new Map(rows.map((r) => [Number(r.ord), r]));
  return batch.map((_, ord): SupportOutcome => {
    const r = byOrd.get(ord);
    if (!r) return { target: undefined, changed: false, supports: 0 };
    return {
      target: { processId: r.process_id, state: r.state, hidden: r.hidden, activePhase: r.active_phase },
      changed: r.changed === true,
      supports: Number(r.seen) + Number(r.added),
    };
  });
}
