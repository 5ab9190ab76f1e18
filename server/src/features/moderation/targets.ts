/**
 * What can be reported and hidden: a registry each feature adds its own content to from its
 * index.ts (proposals, comments, workshop questions), with how to lock, hide, announce and
 * describe it. Moderation never writes another feature's tables itself.
 */
import type { Conn } from '../../db/database.ts';
import type { ModeratedType } from './repo.ts';

export interface Moderated {
  processId: string;
  hidden: boolean;
  /** Out of a non-admin's sight for another reason (a deleted comment, one on hidden content). */
  unavailable: boolean;
  /** Hides it or shows it again, in the caller's transaction (the owning feature's own write). */
  setHidden(trx: Conn, hidden: boolean): Promise<void>;
  /** After the commit: tells the rooms (and the counts) that it was hidden or shown again. */
  announce(hidden: boolean): Promise<void>;
}

/** What the admin queue shows of a reported item. */
export interface Described {
  /** The text the queue quotes an excerpt of (a proposal's title, a comment's body). */
  text: string;
  hidden: boolean;
  deleted: boolean;
  /** Where it is shown: the proposal it is or is on, the commitment it is on. */
  proposalId: string | null;
  commitmentId: string | null;
}

export interface ModerationTarget {
  /** The target with its row locked for the rest of the transaction, or null when unknown. */
  lock(trx: Conn, id: string): Promise<Moderated | null>;
  /** The reported ones of a process (unknown ids are left out). */
  describe(db: Conn, processId: string, ids: string[]): Promise<Map<string, Described>>;
}

export class ModerationTargets {
  readonly #types = new Map<string, ModerationTarget>();

  register(type: ModeratedType, target: ModerationTarget): void {
    if (this.#types.has(type)) throw new Error(`moderation target ${type} registered twice`);
    this.#types.set(type, target);
  }

  /** Locks the target (null when unknown or its type is not registered). */
  lock(trx: Conn, type: string, id: string): Promise<Moderated | null> {
    const t = this.#types.get(type);
    return t ? t.lock(trx, id) : Promise.resolve(null);
  }

  /** The reported items of a process, by type and id. */
  async describe(db: Conn, processId: string, idsByType: Map<string, string[]>): Promise<Map<string, Map<string, Described>>> {
    const out = new Map<string, Map<string, Described>>();
    for (const [type, ids] of idsByType) {
      const t = this.#types.get(type);
      if (t && ids.length > 0) out.set(type, await t.describe(db, processId, ids));
    }
    return out;
  }
}
