/**
 * Supports added together: the requests that arrive while the database is busy with earlier
 * ones go to it as one statement (as PostgreSQL's group commit does for transactions), so at
 * 2,000 supports a second it runs tens of statements instead of thousands. When it is idle, a
 * request goes at once, alone: batching adds no wait. Each request gets exactly the outcome of
 * `changeSupport` (the same checks; the unique pair is still the truth).
 */
import type { Conn } from '../../db/database.ts';
import { addSupports, changeSupport, type SupportOutcome } from './repo.ts';

/** Statements in flight at once (the pool has more connections for everything else). */
const IN_FLIGHT = 2;
const MAX_BATCH = 200;
/** Requests queued before a second statement starts beside a running one. */
const MIN_SECOND_BATCH = 8;

export interface Pending { proposalId: string; userId: string; resolve: (o: SupportOutcome) => void; reject: (e: unknown) => void }

export class SupportBatcher {
  #queue: Pending[] = [];
  #inFlight = 0;

  constructor(private readonly db: Conn) {}

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
        ? [await changeSupport(this.db, batch[0]!.proposalId, batch[0]!.userId, true, false)]
        : await addSupports(this.db, batch);
      batch.forEach((p, i) => p.resolve(outcomes[i]!));
    } catch {
      // One bad request (a user deleted meanwhile, a deadlock…) must not fail the others: each alone.
      await Promise.all(batch.map((p) => changeSupport(this.db, p.proposalId, p.userId, true, false).then(p.resolve, p.reject)));
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
