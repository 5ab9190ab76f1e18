/**
 * Who is in a commitment's room and which field each one is in. Ephemeral: nothing is stored.
 * Each process keeps its own sockets' seats; with PostgreSQL, processes tell each other their
 * seats per room (presence-bus.ts) and every process merges them into one list.
 */
import type { ServerMessage, TextField } from '@mesa/shared';
import type { Peer } from '../../plugins/rooms/hub.ts';

/** The members list names at most this many people (the count still counts everyone). */
export const MAX_MEMBERS = 100;

interface Seat { field: TextField | null; at: number; named: boolean }
export type PresenceMember = { userId: string; displayName: string; field: TextField | null };
/** A person's seat as another process reports it: `at` orders their tabs across processes. */
export type RemoteMember = PresenceMember & { at: number };
/** One process's share of a room. */
export interface ProcessShare { count: number; members: RemoteMember[] }

/**
 * One entry per signed-in person (several tabs count once, in the field they focused last);
 * anonymous readers are counted but not named.
 */
export function mergeMembers(seats: Iterable<RemoteMember>): PresenceMember[] {
  const byUser = new Map<string, RemoteMember>();
  for (const seat of seats) {
    const had = byUser.get(seat.userId);
    const takes = !had || (seat.field !== null && (had.field === null || seat.at > had.at));
    if (takes) byUser.set(seat.userId, seat);
  }
  return [...byUser.values()]
    .sort((a, b) => a.displayName.localeCompare(b.displayName) || a.userId.localeCompare(b.userId))
    .slice(0, MAX_MEMBERS)
    .map(({ userId, displayName, field }) => ({ userId, displayName, field }));
}

export class FieldPresence {
  readonly #rooms = new Map<string, Map<Peer, Seat>>();
  /** What other processes last said about each room, by process id. */
  readonly #remote = new Map<string, Map<string, ProcessShare>>();

  /** Told after every local change of a room (the bus passes it on to other processes). */
  onLocalChange: (room: string, share: ProcessShare) => void = () => {};

  /** `named`: the peer is on the drafting side; members of the public are counted but not named. */
  joined(room: string, peer: Peer, named: boolean) {
    let seats = this.#rooms.get(room);
    if (!seats) this.#rooms.set(room, (seats = new Map()));
    seats.set(peer, { field: null, at: Date.now(), named });
    this.#changed(room);
  }

  left(room: string, peer: Peer) {
    const seats = this.#rooms.get(room);
    if (!seats?.delete(peer)) return;
    if (seats.size === 0) this.#rooms.delete(room);
    this.#changed(room);
  }

  /** Moves the peer to a field; false when it is not in the room. */
  focus(room: string, peer: Peer, field: TextField | null): boolean {
    const seat = this.#rooms.get(room)?.get(peer);
    if (!seat) return false;
    if (seat.field !== field) {
      seat.field = field;
      seat.at = Date.now();
      this.#changed(room);
    }
    return true;
  }

  /** This process's share of a room: its sockets and the signed-in people behind them. */
  localShare(room: string): ProcessShare {
    const seats = this.#rooms.get(room) ?? new Map<Peer, Seat>();
    const members: RemoteMember[] = [];
    for (const [peer, seat] of seats) {
      if (peer.user && seat.named) members.push({ userId: peer.user.id, displayName: peer.user.displayName, field: seat.field, at: seat.at });
    }
    return { count: seats.size, members };
  }

  /** Rooms with sockets on this process. */
  localRooms(): string[] {
    return [...this.#rooms.keys()];
  }

  /** Another process's share of a room (count 0: it has nobody there any more). */
  remote(room: string, processId: string, share: ProcessShare) {
    let shares = this.#remote.get(room);
    if (share.count === 0) {
      if (!shares?.delete(processId)) return;
      if (shares.size === 0) this.#remote.delete(room);
    } else {
      if (!shares) this.#remote.set(room, (shares = new Map()));
      shares.set(processId, share);
    }
    this.#broadcast(room);
  }

  /** Forgets a process that went quiet (it crashed or lost its connection). */
  forgetProcess(processId: string) {
    for (const [room, shares] of this.#remote) {
      if (!shares.delete(processId)) continue;
      if (shares.size === 0) this.#remote.delete(room);
      this.#broadcast(room);
    }
  }

  message(room: string): ServerMessage {
    const local = this.localShare(room);
    const shares = [local, ...(this.#remote.get(room)?.values() ?? [])];
    return { type: 'presence', room, count: shares.reduce((n, s) => n + s.count, 0), members: mergeMembers(shares.flatMap((s) => s.members)) };
  }

  #changed(room: string) {
    this.onLocalChange(room, this.localShare(room));
    this.#broadcast(room);
  }

  #broadcast(room: string) {
    const seats = this.#rooms.get(room);
    if (!seats) return;
    const frame = JSON.stringify(this.message(room));
    for (const peer of seats.keys()) if (peer.socket.readyState === 1) peer.socket.send(frame);
  }
}
