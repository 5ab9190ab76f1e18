/**
 * Rounds live: running tallies broadcast as `rounds/tally` (leading edge, at most one per 100 ms
 * per round, from the database so every server agrees), and round deadlines kept by the server.
 */
import { sql } from 'kysely';
import { tally, type RoundSettings } from '@mesa/shared';
import type { FastifyBaseLogger } from 'fastify';
import type { Conn, Db } from '../../db/database.ts';
import type { Rooms } from '../../plugins/rooms/index.ts';
import { findRound, votesOf, type RoundRow } from './repo.ts';
import { closeRound } from './service.ts';

export const TALLY_EVERY_MS = 100;
const SWEEP_EVERY_MS = 2000;

/** The room a round's events go to: its workshop's, else its process's. */
export function roundRoom(r: { workshop_id: string | null; table_no?: number | null; slug: string }): string {
  if (r.workshop_id && r.table_no) return `workshop:${r.workshop_id}:table:${r.table_no}`;
  return r.workshop_id ? `workshop:${r.workshop_id}` : `process:${r.slug}`;
}

/** What everyone sees of a round: counts always; scores once revealed or closed. */
export async function tallyEvent(db: Conn, r: RoundRow) {
  const { votes, paper } = await votesOf(db, r.id);
  const results = tally(r.settings as RoundSettings, votes);
  const shown = r.state === 'closed' || r.results_visible;
  return {
    roundId: r.id, state: r.state, revealed: shown, participants: results.participants, paperBallots: paper,
    participantsBySector: results.participantsBySector,
    items: shown ? results.items.map((i) => ({ proposalId: i.proposalId, score: i.score, rank: i.rank })) : null,
  };
}

export class RoundsLive {
  readonly #last = new Map<string, number>();
  readonly #pending = new Map<string, NodeJS.Timeout>();
  readonly #deadlines = new Map<string, NodeJS.Timeout>();
  readonly #sweeper: NodeJS.Timeout;

  constructor(private readonly db: Db, private readonly rooms: Rooms, private readonly log: FastifyBaseLogger) {
    this.#sweeper = setInterval(() => { void this.sweep(); }, SWEEP_EVERY_MS);
    this.#sweeper.unref();
  }

  /** A ballot changed: the first after a quiet 100 ms goes out at once, later ones at most every 100 ms. */
  changed(roundId: string) {
    if (this.#pending.has(roundId)) return;
    const wait = (this.#last.get(roundId) ?? 0) + TALLY_EVERY_MS - Date.now();
    if (wait <= 0) {
      this.#last.set(roundId, Date.now());
      void this.#send(roundId);
      return;
    }
    this.#pending.set(roundId, setTimeout(() => {
      this.#pending.delete(roundId);
      this.#last.set(roundId, Date.now());
      void this.#send(roundId);
    }, wait));
  }

  async #send(roundId: string) {
    try {
      const r = await findRound(this.db, roundId);
      if (!r) return;
      await this.rooms.publish({ room: roundRoom(r), event: 'rounds/tally', data: (trx: Conn) => tallyEvent(trx, r), processId: r.process_id });
    } catch (err) {
      this.log.error({ err, roundId }, 'tally broadcast failed');
    }
  }

  /** Closes the round at its deadline (on this server; the sweep covers rounds opened elsewhere). */
  schedule(roundId: string, closesAt: Date | null) {
    if (!closesAt) return;
    clearTimeout(this.#deadlines.get(roundId));
    const t = setTimeout(() => { this.#deadlines.delete(roundId); void this.expire(roundId); }, Math.max(0, closesAt.getTime() - Date.now()));
    t.unref();
    this.#deadlines.set(roundId, t);
  }

  /** Closes an overdue round once, whichever server gets there first, and announces it. */
  async expire(roundId: string) {
    try {
      const closed = await closeRound(this.db, roundId, null);
      if (closed) await this.announceClosed(roundId);
    } catch (err) {
      this.log.error({ err, roundId }, 'closing a round at its deadline failed');
    }
  }

  async announceClosed(roundId: string) {
    const r = await findRound(this.db, roundId);
    if (!r) return;
    await this.rooms.publish({ room: roundRoom(r), event: 'rounds/closed', data: await tallyEvent(this.db, r), processId: r.process_id });
  }

  async sweep() {
    try {
      const overdue = await this.db.selectFrom('rounds').select('id').where('state', '=', 'open')
        .where('closes_at', '<=', sql<Date>`now()`).execute();
      for (const { id } of overdue) await this.expire(id);
    } catch (err) {
      this.log.warn({ err }, 'round sweep failed');
    }
  }

  close() {
    clearInterval(this.#sweeper);
    for (const t of [...this.#pending.values(), ...this.#deadlines.values()]) clearTimeout(t);
  }
}
