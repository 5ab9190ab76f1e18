/**
 * Device cookies (OWASP's "device cookie" pattern): a browser where an account signed in
 * successfully gets a signed token naming that account. A later sign-in to the same account from
 * that browser is throttled on its own (by the token's nonce), not with strangers guessing the
 * password elsewhere, so the owner is never locked out by them. Stateless: an HMAC under a key
 * derived from the session secret; one cookie holds the last few accounts used on the browser.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export const DEVICE_COOKIE = 'mesa_device';
/** A shared computer (a family's, a library's) keeps being known to this many accounts. */
const MAX_ACCOUNTS = 5;
export const DEVICE_COOKIE_MAX_AGE_SEC = 180 * 24 * 60 * 60;

export interface DeviceEntry { userId: string; nonce: string }

const ENTRY = /^([0-9a-f-]{36})\.([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]{43})$/;

function sign(secret: string, userId: string, nonce: string): string {
  return createHmac('sha256', secret).update(`mesa-device:${userId}:${nonce}`).digest('base64url');
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** The entries of a device cookie whose signatures hold; anything else is ignored. */
export function readDevices(value: string | undefined, secret: string): DeviceEntry[] {
  if (!value || value.length > 120 * MAX_ACCOUNTS) return [];
  const entries: DeviceEntry[] = [];
  for (const part of value.split('~').slice(0, MAX_ACCOUNTS)) {
    const m = ENTRY.exec(part);
    if (m && sameText(m[3]!, sign(secret, m[1]!, m[2]!))) entries.push({ userId: m[1]!, nonce: m[2]! });
  }
  return entries;
}

/** The cookie after a successful sign-in of `userId`: a fresh entry first, the other accounts kept. */
export function withDevice(entries: DeviceEntry[], secret: string, userId: string): string {
  const nonce = randomBytes(16).toString('base64url');
  const kept = entries.filter((e) => e.userId !== userId).slice(0, MAX_ACCOUNTS - 1);
  return [{ userId, nonce }, ...kept].map((e) => `${e.userId}.${e.nonce}.${sign(secret, e.userId, e.nonce)}`).join('~');
}
