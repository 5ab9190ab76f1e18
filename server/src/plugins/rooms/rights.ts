/**
 * Rights on open sockets. A socket carries the session it was opened with; when that session
 * ends (sign-out, expiry, signed out everywhere) the socket closes at once with 4401, a removed
 * guest's with 4403, and when a user's roles change their sockets ask again for every room they
 * are in and leave those they may no longer join. Messages a socket sends are checked against the
 * session as stored now (`current`), never against what it was at connect.
 *
 * Changes come from this process (SessionCache listeners) and from the others (NOTIFY on the
 * rooms' channel, see index.ts); a sweep every 30 s, and a full re-check after the bus was down,
 * catch anything missed: a session that expired with no request, a change made while the
 * database's notices could not arrive.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { ServerMessage } from '@mesa/shared';
import type { Db } from '../../db/database.ts';
import { sessionStatus } from '../../features/accounts/rules.ts';
import { readSession } from '../auth.ts';
import type { RightsChange } from '../session-cache.ts';
import type { Peer, RoomHub } from './hub.ts';

/** Close codes a client may act on (sign in again; it was removed from its workshop). */
export const CLOSE_SESSION_ENDED = 4401;
export const CLOSE_REMOVED = 4403;
const SWEEP_IDS = 500;
const RECHECKS_AT_ONCE = 4;

export class SocketRights {
  readonly #peers = new Set<Peer>();

  constructor(private readonly db: Db, private readonly hub: RoomHub, private readonly log: FastifyBaseLogger) {}

  add(peer: Peer) {
    this.#peers.add(peer);
  }

  remove(peer: Peer) {
    this.#peers.delete(peer);
  }

  /** Applies a change made here or in another process to the sockets it concerns. */
  apply(change: RightsChange) {
    for (const peer of [...this.#peers]) {
      if (change.kind === 'session-ended' && peer.sessionId === change.id) this.close(peer, CLOSE_SESSION_ENDED, 'session ended');
      else if (change.kind === 'guest-removed' && peer.guest?.id === change.id) this.close(peer, CLOSE_REMOVED, 'removed from the workshop');
      else if (change.kind === 'user-changed' && peer.user?.id === change.id) void this.recheck(peer);
    }
  }

  /**
   * Reads the peer's session as stored now and updates who the peer is; false (and the socket
   * closed) when the session has ended. A change of admin flag also re-checks its rooms.
   */
  async current(peer: Peer): Promise<boolean> {
    if (!peer.sessionId) return true;
    const s = await readSession(this.db, peer.sessionId);
    if (!s || sessionStatus(s.createdAt, s.lastSeenAt, new Date()) !== 'valid') {
      this.close(peer, CLOSE_SESSION_ENDED, 'session ended');
      return false;
    }
    const adminChanged = !!s.user && !!peer.user && s.user.isAdmin !== peer.user.isAdmin;
    peer.user = s.user;
    peer.guest = s.guest;
    if (adminChanged) void this.recheck(peer, false);
    return true;
  }

  /** The peer's rights may have changed: read them again, then leave every room it may no longer be in. */
  async recheck(peer: Peer, readSessionFirst = true) {
    peer.epoch++;
    try {
      if (readSessionFirst && !(await this.current(peer))) return;
      for (const room of [...peer.rooms]) {
        if (await this.hub.allowed(peer, room)) continue;
        this.hub.leave(peer, room);
        send(peer, { type: 'error', code: 'not-allowed', room, message: `no longer allowed in ${room}` });
      }
    } catch (err) {
      // The database is out of reach: the sweep and the next message try again.
      this.log.warn({ err: (err as Error).message }, 'socket rights re-check failed');
    }
  }

  /**
   * After the bus was down (changes may have gone unheard): every signed-in socket checks its
   * rights again, a few at a time, so a database just back is not met by thousands of queries.
   */
  async recheckAll() {
    const peers = [...this.#peers].filter((p) => p.sessionId);
    let next = 0;
    const worker = async () => {
      while (next < peers.length) {
        const peer = peers[next++]!;
        if (this.#peers.has(peer)) await this.recheck(peer);
      }
    };
    await Promise.all(Array.from({ length: RECHECKS_AT_ONCE }, worker));
  }

  /** Closes the sockets whose session ended or expired behind this process's back; re-checks those whose admin flag changed. */
  async sweep(now = new Date()) {
    const bySession = new Map<string, Peer[]>();
    for (const peer of this.#peers) {
      if (!peer.sessionId) continue;
      const list = bySession.get(peer.sessionId);
      if (list) list.push(peer); else bySession.set(peer.sessionId, [peer]);
    }
    const ids = [...bySession.keys()];
    for (let i = 0; i < ids.length; i += SWEEP_IDS) {
      const chunk = ids.slice(i, i + SWEEP_IDS);
      const rows = await this.db.selectFrom('sessions').leftJoin('users', 'users.id', 'sessions.user_id')
        .select(['sessions.id', 'sessions.created_at', 'sessions.last_seen_at', 'users.is_admin'])
        .where('sessions.id', 'in', chunk).execute();
      const found = new Map(rows.map((r) => [r.id, r]));
      for (const id of chunk) {
        const row = found.get(id);
        const valid = row && sessionStatus(row.created_at, row.last_seen_at, now) === 'valid';
        for (const peer of bySession.get(id)!) {
          if (!valid) this.close(peer, CLOSE_SESSION_ENDED, 'session ended');
          else if (peer.user && row.is_admin !== null && row.is_admin !== peer.user.isAdmin) void this.recheck(peer);
        }
      }
    }
  }

  close(peer: Peer, code: number, reason: string) {
    this.#peers.delete(peer);
    peer.epoch++;
    this.hub.leaveAll(peer); // nothing more is delivered, even before the close handshake ends
    if (peer.socket.readyState === 0 || peer.socket.readyState === 1) peer.socket.close(code, reason);
  }

  /** Open sockets of this process (for tests and figures). */
  get size(): number {
    return this.#peers.size;
  }
}

function send(peer: Peer, msg: ServerMessage) {
  if (peer.socket.readyState === 1) peer.socket.send(JSON.stringify(msg));
}

/** A change carried to the other server processes on the rooms' NOTIFY channel (it has no `room`). */
export interface RightsNotice { rights: RightsChange; from: string }

export function isRightsNotice(n: unknown): n is RightsNotice {
  return typeof n === 'object' && n !== null && 'rights' in n && 'from' in n;
}
