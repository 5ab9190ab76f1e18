/**
 * Signed-in sessions as read from the database in the last few seconds, so that a person's
 * requests in a burst (supporting one proposal after another, a live workshop) do not each read
 * the same row. Kept for `SESSION_CACHE_MS` at most: a sign-out or a change of profile in this
 * server process takes effect at once (the entry is dropped); in another server process, within
 * that time, or at once where the rooms plugin carries the change over (PostgreSQL NOTIFY).
 * Guests' sessions are not kept (a facilitator removing a guest ends them at once).
 *
 * It is also where a process hears that rights changed: a session ended, a user's roles or
 * profile changed, a guest was removed. Open websockets listen (rooms plugin), so rights do
 * not outlive the change on a socket opened before it.
 */
import type { SessionUser } from './session-types.ts';

export const SESSION_CACHE_MS = 5_000;
const MAX_SESSIONS = 10_000;

export interface CachedSession { createdAt: Date; lastSeenAt: Date; user: SessionUser; readAt: number }

/** What changed: call the listeners only once the change is committed to the database. */
export type RightsChange =
  | { kind: 'session-ended'; id: string }
  | { kind: 'user-changed'; id: string }
  | { kind: 'guest-removed'; id: string };

export class SessionCache {
  #sessions = new Map<string, CachedSession>();
  #listeners: ((change: RightsChange) => void)[] = [];

  get(id: string, now = Date.now()): CachedSession | undefined {
    const s = this.#sessions.get(id);
    if (s && now - s.readAt < SESSION_CACHE_MS) return s;
    if (s) this.#sessions.delete(id);
    return undefined;
  }

  set(id: string, session: CachedSession) {
    if (this.#sessions.size >= MAX_SESSIONS) this.#sessions.delete(this.#sessions.keys().next().value!);
    this.#sessions.set(id, session);
  }

  /** Drops a kept session (it is re-read at the next request); tells nobody. */
  forgetSession(id: string) {
    this.#sessions.delete(id);
  }

  /** The session was deleted (sign-out, expiry): dropped here, and its open sockets closed. */
  sessionEnded(id: string) {
    this.#sessions.delete(id);
    this.#tell({ kind: 'session-ended', id });
  }

  /** Drops every kept session of this user (their name, language, roles or sessions changed); their sockets re-check their rooms. */
  forgetUser(userId: string) {
    this.#drop(userId);
    this.#tell({ kind: 'user-changed', id: userId });
  }

  /** A facilitator removed this guest from its workshop (its sessions are deleted): its sockets close. */
  guestRemoved(guestId: string) {
    this.#tell({ kind: 'guest-removed', id: guestId });
  }

  /** Applies a change heard from another server process: drops what it makes stale, tells nobody further. */
  applyRemote(change: RightsChange) {
    if (change.kind === 'session-ended') this.#sessions.delete(change.id);
    if (change.kind === 'user-changed') this.#drop(change.id);
  }

  /** Hears every change made in this process (the rooms plugin: sockets, and the other processes). */
  onChange(listener: (change: RightsChange) => void) {
    this.#listeners.push(listener);
  }

  #drop(userId: string) {
    for (const [id, s] of this.#sessions) if (s.user.id === userId) this.#sessions.delete(id);
  }

  #tell(change: RightsChange) {
    for (const l of this.#listeners) l(change);
  }
}
