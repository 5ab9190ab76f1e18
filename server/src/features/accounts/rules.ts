/** Pure rules for sessions and sign-in throttling. */

export const SESSION_ABSOLUTE_MS = 12 * 60 * 60 * 1000;
export const SESSION_IDLE_MS = 30 * 60 * 1000;
/** Write last-seen at most once a minute per session, not on every request. */
const TOUCH_EVERY_MS = 60 * 1000;

/** A session lives 12 h at most, and dies after 30 min without activity. */
export function sessionStatus(createdAt: Date, lastSeenAt: Date, now: Date): 'valid' | 'expired' | 'idle' {
  if (now.getTime() - createdAt.getTime() >= SESSION_ABSOLUTE_MS) return 'expired';
  if (now.getTime() - lastSeenAt.getTime() >= SESSION_IDLE_MS) return 'idle';
  return 'valid';
}

export function shouldTouchSession(lastSeenAt: Date, now: Date): boolean {
  return now.getTime() - lastSeenAt.getTime() >= TOUCH_EVERY_MS;
}

/*
 * Sign-in throttling. Three counters of failed attempts, each a row per attempt in the database:
 * - the account and address pair, or instead the device when the browser shows a device cookie
 *   that this account gave it at an earlier sign-in: `free` failures, then each further attempt
 *   waits 1 s, 2 s, 4 s … (at most 15 min) after the latest one;
 * - the account, from devices not known to it: a ceiling per 15 minutes (a guesser spread over
 *   many addresses), which a known device never meets, so nobody can lock the owner out;
 * - the address, across accounts: a ceiling per minute high enough for a workshop hall behind
 *   one NAT address.
 */

/** How long a failure counts for each kind of key (older rows are deleted). */
export const PAIR_WINDOW_MS = 60 * 60 * 1000;
export const ACCOUNT_WINDOW_MS = 15 * 60 * 1000;
export const ADDRESS_WINDOW_MS = 60 * 1000;
const MAX_DELAY_MS = 15 * 60 * 1000;

export interface FailureStats { count: number; oldest: Date | null; latest: Date | null }
export const NO_FAILURES: FailureStats = { count: 0, oldest: null, latest: null };
export type Verdict = { ok: true } | { ok: false; retryAfterSec: number };
export interface LoginLimits { free: number; account: number; address: number }

const allowed: Verdict = { ok: true };
const waitFor = (ms: number): Verdict => ({ ok: false, retryAfterSec: Math.max(1, Math.ceil(ms / 1000)) });

/** After `free` failures, each attempt waits 2^(failures − free) s (at most 15 min) after the latest failure. */
export function growingDelay(s: FailureStats, free: number, now: Date): Verdict {
  if (s.count < free || !s.latest) return allowed;
  const delayMs = Math.min(1000 * 2 ** (s.count - free), MAX_DELAY_MS);
  const leftMs = s.latest.getTime() + delayMs - now.getTime();
  return leftMs > 0 ? waitFor(leftMs) : allowed;
}

/** At most `max` failures in `windowMs`; beyond, wait until the oldest leaves the window. */
export function ceiling(s: FailureStats, max: number, windowMs: number, now: Date): Verdict {
  if (s.count < max || !s.oldest) return allowed;
  return waitFor(s.oldest.getTime() + windowMs - now.getTime());
}

/**
 * Whether a sign-in attempt may check its password, given the failures (and attempts in flight)
 * under its keys; `account` and `address` are null for a device known to the account.
 */
export function signInVerdict(
  stats: { own: FailureStats; account: FailureStats | null; address: FailureStats | null },
  limits: LoginLimits, now: Date,
): Verdict {
  const verdicts = [
    growingDelay(stats.own, limits.free, now),
    stats.account ? ceiling(stats.account, limits.account, ACCOUNT_WINDOW_MS, now) : allowed,
    stats.address ? ceiling(stats.address, limits.address, ADDRESS_WINDOW_MS, now) : allowed,
  ];
  const waits = verdicts.flatMap((v) => (v.ok ? [] : [v.retryAfterSec]));
  return waits.length ? { ok: false, retryAfterSec: Math.max(...waits) } : allowed;
}

export interface ThrottleKeys {
  /** The pair `account|address`, or the known device. */
  own: string;
  /** Null for a known device. */
  account: string | null;
  address: string;
}

/** The keys an attempt counts under; `device` is the nonce of a device cookie this account issued. */
export function throttleKeys(email: string, ip: string, device: string | null): ThrottleKeys {
  const address = addressKey(ip);
  if (device) return { own: `device:${device}`, account: null, address: `ip:${address}` };
  return { own: `pair:${email}|${address}`, account: `account:${email}`, address: `ip:${address}` };
}

/**
 * The address a client is counted under: IPv4 as is (also when written IPv4-mapped), IPv6 by its
 * /64 prefix, since one subscriber or host usually holds a whole /64 and could walk through it.
 */
export function addressKey(ip: string): string {
  const plain = ip.replace(/%.*$/, '').toLowerCase();
  const mapped = /^(?:(?:0{1,4}:){5}|::)ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(plain);
  if (mapped) return mapped[1]!;
  if (!plain.includes(':')) return plain;
  const [head = '', tail] = plain.split('::') as [string, string | undefined];
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = tail === undefined ? left : [...left, ...Array<string>(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right];
  return `${groups.slice(0, 4).map((g) => (parseInt(g, 16) || 0).toString(16)).join(':')}::/64`;
}
