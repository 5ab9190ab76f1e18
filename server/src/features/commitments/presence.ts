/**
 * Who is in a commitment's room and which field each one is in. Ephemeral and per server
 * process: nothing is stored, and each process tells its own sockets about its own peers.
 */
import type { ServerMessage, TextField } from '@mesa/shared';
import type { Peer } from '../../plugins/rooms/hub.ts';

/** The members list names at most this many people (the count still counts everyone). */
export const MAX_MEMBERS = 100;

interface Seat { field: TextField | null; at: number }
export type PresenceMember = { userId: string; displayName: string; field: TextField | null };

/**
 * One entry per signed-in person (several tabs count once, in the field they focused last);
 * anonymous readers are counted but not named.
 */
export function membersOf(seats: Iterable<[Peer, Seat]>): PresenceMember[] {
  const byUser = new Map<string, PresenceMember & { at: number }>();
  for (const [peer, seat] of seats) {
    if (!peer.user) continue;
    const had = byUser.get(peer.user.id);
    const takes = !had || (seat.field !== null && (had.field === null || seat.at > had.at));
    if (takes) byUser.set(peer.user.id, { userId: peer.user.id, displayName: peer.user.displayName, field: seat.field, at: seat.at });
  }
  return [...byUser.values()]
    .sort((a, b) => a.displayName.localeCompare(b.displayName) || a.userId.localeCompare(b.userId))
    .slice(0, MAX_MEMBERS)
    .map(({ at: _at, ...m }) => m);
}

export class FieldPresence {
  readonly #rooms = new Map<string, Map<Peer, Seat>>();
  #clock = 0;

  joined(room: string, peer: Peer) {
    let seats = this.#rooms.get(room);
    if (!seats) this.#rooms.set(room, (seats = new Map()));
    seats.set(peer, { field: null, at: ++this.#clock });
    this.#broadcast(room);
  }

  left(room: string, peer: Peer) {
    const seats = this.#rooms.get(room);
    if (!seats?.delete(peer)) return;
    if (seats.size === 0) this.#rooms.delete(room);
    else this.#broadcast(room);
  }

  /** Moves the peer to a field; false when it is not in the room. */
  focus(room: string, peer: Peer, field: TextField | null): boolean {
    const seat = this.#rooms.get(room)?.get(peer);
    if (!seat) return false;
    if (seat.field !== field) {
      seat.field = field;
      seat.at = ++this.#clock;
      this.#broadcast(room);
    }
    return true;
  }

  message(room: string): ServerMessage {
    const seats = this.#rooms.get(room) ?? new Map<Peer, Seat>();
    return { type: 'presence', room, count: seats.size, members: membersOf(seats) };
  }

  #broadcast(room: string) {
    const seats = this.#rooms.get(room);
    if (!seats) return;
    const frame = JSON.stringify(this.message(room));
    for (const peer of seats.keys()) if (peer.socket.readyState === 1) peer.socket.send(frame);
  }
}
