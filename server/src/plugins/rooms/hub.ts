/**
 * The room hub of one server process: which sockets are in which room, delivery of each room's
 * events in sequence order (gaps are read back from the database), replay on join with lastSeq.
 */
import type { WebSocket } from 'ws';
import type { FastifyBaseLogger } from 'fastify';
import type { ServerMessage } from '@mesa/shared';
import type { Db } from '../../db/database.ts';
import type { SessionGuest, SessionUser } from '../auth.ts';
import { reconnectDelay, type Notice } from './bus.ts';
import { currentSeq, eventsBetween, type RoomEvent } from './store.ts';

/** Who is on the other end of a socket. */
export interface Peer {
  socket: WebSocket;
  user: SessionUser | null;
  guest: SessionGuest | null;
  sessionId: string | null;
  rooms: Set<string>;
  /**
   * Bumped whenever this peer's rights may have changed (rights.ts): a join authorised under an
   * older value is authorised again before the peer is let in.
   */
  epoch: number;
}

export interface RoomKind {
  /** Whether this peer may join the room with this id. */
  authorize(id: string, peer: Peer): Promise<boolean>;
  /** The room's current state, sent on join and when replay is impossible. */
  snapshot(id: string, peer: Peer): Promise<unknown>;
  /** Optional: told when a peer is in the room (after `joined`) and when it left (for presence). */
  onJoin?(id: string, peer: Peer): void;
  onLeave?(id: string, peer: Peer): void;
}

interface RoomState {
  peers: Set<Peer>;
  last: number;
  /** Serialises joins and deliveries of this room, so none is missed or sent twice. */
  queue: Promise<void>;
  /** Joins under way: the room's state must outlive a last leave while one is queued. */
  joining: number;
  /** A catch-up that failed (database unreachable) is tried again by this timer, with backoff. */
  retry?: NodeJS.Timeout;
  failures: number;
}

/** A slow client past this much unsent data is dropped; it reconnects and replays from lastSeq. */
const MAX_BUFFERED = 4 * 1024 * 1024;

export class RoomHub {
  readonly #kinds = new Map<string, RoomKind>();
  readonly #rooms = new Map<string, RoomState>();
  readonly #watchers: ((room: string | null) => void)[] = [];

  constructor(private readonly db: Db, private readonly log: FastifyBaseLogger) {}

  /**
   * Calls `watcher(room)` for every event published to any room, from this process or another,
   * whether or not anyone here is in that room; `watcher(null)` after the bus reconnects, when
   * events may have gone by unseen. For caches of what those events change.
   */
  watch(watcher: (room: string | null) => void) {
    this.#watchers.push(watcher);
  }

  defineRoom(kind: string, def: RoomKind) {
    this.#kinds.set(kind, def);
  }

  kindOf(room: string): RoomKind | undefined {
    return this.#kinds.get(room.slice(0, room.indexOf(':')));
  }

  /** Runs `task` after the room's earlier ones; its failure is the caller's, the queue goes on. */
  #enqueue(room: string, state: RoomState, task: () => Promise<void>): Promise<void> {
    const run = state.queue.then(task);
    state.queue = run.catch(() => {});
    return run;
  }

  /** Whether `peer`, with the rights it has now, may be in `room`. */
  async allowed(peer: Peer, room: string): Promise<boolean> {
    const kind = this.kindOf(room);
    if (!kind) return false;
    // A guest's session is good for its own workshop's rooms and nothing else.
    if (peer.guest && room !== `workshop:${peer.guest.workshopId}` && !room.startsWith(`workshop:${peer.guest.workshopId}:`)) return false;
    return kind.authorize(room.slice(room.indexOf(':') + 1), peer);
  }

  /** Joins `peer` to `room`: `joined` (with a snapshot unless replay suffices), missed events, then live ones. */
  async join(peer: Peer, room: string, lastSeq: number | undefined): Promise<'ok' | 'unknown-room' | 'not-allowed'> {
    const kind = this.kindOf(room);
    if (!kind) return 'unknown-room';
    const id = room.slice(room.indexOf(':') + 1);
    let checked = peer.epoch;
    if (!(await this.allowed(peer, room))) return 'not-allowed';
    let refused = false;
    let state = this.#rooms.get(room);
    if (!state) {
      state = { peers: new Set(), last: -1, queue: Promise.resolve(), joining: 0, failures: 0 };
      this.#rooms.set(room, state);
    }
    const s = state;
    s.joining++;
    await this.#enqueue(room, s, async () => {
      if (peer.socket.readyState !== 1) return; // closed while queued: not in the room
      if (s.last < 0) s.last = await currentSeq(this.db, room);
      const missed = lastSeq === undefined ? null : await eventsBetween(this.db, room, Math.min(lastSeq, s.last), s.last);
      const snapshot = missed === null ? await kind.snapshot(id, peer) : null;
      // Rights changed while this join waited: ask again until they hold still (then nothing awaits before the peer is in).
      while (peer.epoch !== checked) {
        checked = peer.epoch;
        if (!(await this.allowed(peer, room))) { refused = true; return; }
      }
      if (peer.socket.readyState !== 1) return;
      send(peer.socket, JSON.stringify({ type: 'joined', room, seq: s.last, snapshot } satisfies ServerMessage));
      for (const e of missed ?? []) send(peer.socket, frame(e));
      s.peers.add(peer);
      peer.rooms.add(room);
      kind.onJoin?.(id, peer);
    }).finally(() => {
      s.joining--;
      if (s.peers.size === 0 && s.joining === 0 && this.#rooms.get(room) === s) this.#drop(room, s);
    });
    return refused ? 'not-allowed' : 'ok';
  }

  leave(peer: Peer, room: string) {
    peer.rooms.delete(room);
    const state = this.#rooms.get(room);
    if (!state) return;
    if (state.peers.delete(peer)) this.kindOf(room)?.onLeave?.(room.slice(room.indexOf(':') + 1), peer);
    if (state.peers.size === 0 && state.joining === 0) this.#drop(room, state);
  }

  #drop(room: string, state: RoomState) {
    clearTimeout(state.retry);
    this.#rooms.delete(room);
  }

  leaveAll(peer: Peer) {
    for (const room of [...peer.rooms]) this.leave(peer, room);
  }

  /** Tells the watchers an event went out in `room` (called by publish, before the bus brings it back). */
  changed(room: string | null) {
    for (const w of this.#watchers) w(room);
  }

  /** Takes a notice from the bus; delivers in order, reading any gap back from the database. */
  receive(notice: Notice) {
    this.changed(notice.room);
    const state = this.#rooms.get(notice.room);
    if (!state) return;
    this.#deliver(notice.room, state, notice);
  }

  /** After the listener reconnects: catch up every room this process serves, by sequence. */
  resyncAll() {
    this.changed(null);
    for (const [room, state] of this.#rooms) this.#deliver(room, state, null);
  }

  /**
   * Delivers, in order and once, every event of `room` after the last one sent here: up to
   * `notice` when given, else up to the room's current number read from the database. When the
   * database cannot be read, nothing is marked sent and the catch-up is tried again later.
   */
  #deliver(room: string, state: RoomState, notice: Notice | null) {
    this.#enqueue(room, state, async () => {
      // Nobody has joined yet: the first join reads the room's number itself.
      if (state.last < 0 || (notice && notice.seq <= state.last)) return;
      const upTo = notice?.seq ?? await currentSeq(this.db, room);
      if (upTo <= state.last) return;
      const events = notice && !('ref' in notice) && notice.seq === state.last + 1
        ? [notice]
        : await eventsBetween(this.db, room, state.last, upTo);
      if (events === null) {
        // Too far behind to replay: let everyone in the room resynchronise with a snapshot.
        for (const peer of state.peers) send(peer.socket, JSON.stringify({ type: 'error', code: 'resync', room, message: 'events were missed; join again' } satisfies ServerMessage));
        state.last = upTo;
        return;
      }
      for (const e of events) this.#broadcast(state, e);
    }).then(() => { state.failures = 0; }, (err: unknown) => {
      if (state.failures++ === 0) this.log.warn({ err: (err as Error).message, room }, 'room catch-up failed; retrying');
      if (state.retry || this.#rooms.get(room) !== state) return;
      state.retry = setTimeout(() => {
        state.retry = undefined;
        if (this.#rooms.get(room) === state) this.#deliver(room, state, null);
      }, reconnectDelay(state.failures - 1));
      state.retry.unref();
    });
  }

  #broadcast(state: RoomState, e: RoomEvent) {
    state.last = e.seq;
    const data = frame(e); // serialised once, the same frame for every socket
    for (const peer of state.peers) {
      if (peer.socket.bufferedAmount > MAX_BUFFERED) {
        peer.socket.terminate();
        continue;
      }
      send(peer.socket, data);
    }
  }

  /** Sockets of this process in `room` (for presence). */
  localCount(room: string): number {
    return this.#rooms.get(room)?.peers.size ?? 0;
  }
}

function frame(e: RoomEvent): string {
  return JSON.stringify({ type: 'event', room: e.room, seq: e.seq, event: e.event, data: e.data } satisfies ServerMessage);
}

function send(socket: WebSocket, data: string) {
  if (socket.readyState === 1) socket.send(data);
}
