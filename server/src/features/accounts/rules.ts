/** Pure rules for sessions and sign-in throttling. */

export const SESSION_ABSOLUTE_MS = 12 * 60 * 60 * 1000;
export const SESSION_IDLE_MS = 30 * 60 * 1000;
/** Write last-seen at most once a minute per session, not on every request. */
const TOUCH_EVERY_MS = 60 * 1000;
export const LOGIN_WINDOW_MS = 60 * 1000;

/** A session lives 12 h at most, and dies after 30 min without activity. */
export function sessionStatus(createdAt: Date, lastSeenAt: Date, now: Date): 'valid' | 'expired' | 'idle' {
  if (now.getTime() - createdAt.getTime() >= SESSION_ABSOLUTE_MS) return 'expired';
  if (now.getTime() - lastSeenAt.getTime() >= SESSION_IDLE_MS) return 'idle';
  return 'valid';
}

export function shouldTouchSession(lastSeenAt: Date, now: Date): boolean {
  return now.getTime() - lastSeenAt.getTime() >= TOUCH_EVERY_MS;
}

/**
 * Whether another sign-in attempt may be tried, given the failures in the last minute
 * for the account and for the address; when not, how many seconds until it may.
 */
export function loginAllowed(failures: { count: number; oldest: Date | null }, max: number, now: Date):
  { ok: true } | { ok: false; retryAfterSec: number } {
  if (failures.count < max || !failures.oldest) return { ok: true };
  const waitMs = failures.oldest.getTime() + LOGIN_WINDOW_MS - now.getTime();
  return { ok: false, retryAfterSec: Math.max(1, Math.ceil(waitMs / 1000)) };
}
