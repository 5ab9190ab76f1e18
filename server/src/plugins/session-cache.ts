/**
 * Signed-in sessions as read from the database in the last few seconds, so that a person's
 * requests in a burst (supporting one proposal after another, a live workshop) do not each read
 * the same row. Kept for `SESSION_CACHE_MS` at most: a sign-out or a change of profile in this
 * server process takes effect at once (the entry is dropped); in another server process, within
 * that time. Guests' sessions are not kept (a facilitator removing a guest ends them at once).
 */
import type { SessionUser } from './auth.ts';

export const SESSION_CACHE_MS = 5_000;
const MAX_SESSIONS = 10_000;

export interface CachedSession { createdAt: Date; lastSeenAt: Date; user: SessionUser; readAt: number }

export class SessionCache {
  #sessions = new Map<string, CachedSession>();

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

  forgetSession(id: string) {
    this.#sessions.delete(id);
  }

  /** Drops every kept session of this user (their name, language or role changed). */
  forgetUser(userId: string) {
    for (const [id, s] of this.#sessions) if (s.user.id === userId) this.#sessions.delete(id);
  }
}
