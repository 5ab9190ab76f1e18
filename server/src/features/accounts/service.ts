/** Account intents: register, sign in, make sure the configured first admin exists. */
import { randomUUID } from 'node:crypto';
import type { LoginBody, RegisterBody, User } from '@mesa/shared';
import type { Db } from '../../db/database.ts';
import { ProblemError, problem } from '../../plugins/problems.ts';
import type { DeviceEntry } from './device-cookie.ts';
import { hashPassword, verifyPassword } from './passwords.ts';
import {
  adminExists, clearFailures, failureStats, findCredentials, findUserView, insertUser, promoteToAdmin, releaseAttempt, reserveAttempt, trimFailures,
} from './repo.ts';
import { ACCOUNT_WINDOW_MS, ADDRESS_WINDOW_MS, NO_FAILURES, PAIR_WINDOW_MS, signInVerdict, throttleKeys, type LoginLimits } from './rules.ts';

/** The new account; 409 `duplicate` when the e-mail is taken. */
export async function registerUser(db: Db, body: RegisterBody): Promise<User> {
  const passwordHash = await hashPassword(body.password);
  const id = await insertUser(db, { email: body.email, passwordHash, displayName: body.displayName, locale: body.locale ?? 'en' });
  if (!id) throw problem.duplicate('email-taken');
  return (await findUserView(db, id))!;
}

/** Who is trying: the client's address and the device cookie entries its browser showed. */
export interface SignInClient { ip: string; devices: DeviceEntry[] }

/**
 * Checks the password under the throttling of rules.ts. The attempt's rows are written before the
 * check, so parallel attempts cannot pass a limit together; refused and successful attempts take
 * theirs back. Unknown accounts go through the same steps, argon2id included (passwords.ts).
 */
export async function signIn(db: Db, body: LoginBody, client: SignInClient, limits: LoginLimits): Promise<User> {
  const creds = await findCredentials(db, body.email);
  const device = creds ? client.devices.find((d) => d.userId === creds.id) ?? null : null;
  const keys = throttleKeys(body.email, client.ip, device?.nonce ?? null);
  const attempt = randomUUID();
  const now = await reserveAttempt(db, attempt, [keys.own, keys.account, keys.address].filter((k) => k !== null));
  const since = (ms: number) => new Date(now.getTime() - ms);
  const stats = await failureStats(db, attempt, [
    { key: keys.own, since: since(PAIR_WINDOW_MS) },
    ...(keys.account ? [{ key: keys.account, since: since(ACCOUNT_WINDOW_MS) }] : []),
    { key: keys.address, since: since(ADDRESS_WINDOW_MS) },
  ]);
  const of = (key: string) => stats.get(key) ?? NO_FAILURES;
  const verdict = signInVerdict({
    own: of(keys.own),
    account: keys.account ? of(keys.account) : null,
    // A known device is not held back by strangers failing from the same address either.
    address: device ? null : of(keys.address),
  }, limits, now);
  if (!verdict.ok) {
    await releaseAttempt(db, attempt);
    throw new ProblemError(429, 'rate-limited', 'too-many-logins', { seconds: verdict.retryAfterSec }, undefined, { 'retry-after': String(verdict.retryAfterSec) });
  }
  if (!(await verifyPassword(creds?.password_hash, body.password)) || !creds) {
    await trimFailures(db, since(PAIR_WINDOW_MS)); // the attempt's rows stay: they are the failure
    throw new ProblemError(401, 'invalid-credentials', 'invalid-credentials');
  }
  await releaseAttempt(db, attempt);
  await clearFailures(db, keys.own);
  return (await findUserView(db, creds.id))!;
}

/** Creates (or promotes) the configured admin when the instance has no admin yet. */
export async function ensureFirstAdmin(db: Db, admin: { email: string; password: string } | undefined): Promise<'created' | 'promoted' | 'exists' | 'none'> {
  if (!admin) return 'none';
  if (await adminExists(db)) return 'exists';
  if (await promoteToAdmin(db, admin.email)) return 'promoted';
  await insertUser(db, { email: admin.email, passwordHash: await hashPassword(admin.password), displayName: 'Admin', locale: 'en', isAdmin: true });
  return 'created';
}
